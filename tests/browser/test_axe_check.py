"""The accessibility check itself: axe, as every browser journey runs it, finds a violation and
names it with where it is, and passes a page without one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible


def test_axe_names_a_violation_and_passes_a_clean_page(browser: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.set_content(
            '<!doctype html><html lang="en"><head><title>Check</title></head><body><main>'
            '<h1>Check</h1><img src="data:," id="unnamed"></main></body></html>'
        )
        with pytest.raises(AssertionError, match=r"image-alt \(critical\).*#unnamed"):
            assert_accessible(page)
        page.set_content(
            '<!doctype html><html lang="en"><head><title>Check</title></head><body><main>'
            '<h1>Check</h1><img src="data:," alt="A chart"></main></body></html>'
        )
        assert_accessible(page)
    finally:
        context.close()
