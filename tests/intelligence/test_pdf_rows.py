"""The PDFs Thrive lays out with WeasyPrint (the Ofsted pack and a programme's evaluation report)
never split a table row across two pages, and repeat a table's header on each page it runs
onto: a pack section with long rows is laid out and each row found on one page only."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.template.loader import get_template

from thrive.intelligence.pack import Pack, Section, pack_document


def _pages_of_rows(doc: Any) -> dict[str, set[int]]:
    seen: dict[str, set[int]] = {}
    for number, page in enumerate(doc.pages):
        for box in page._page_box.descendants():
            if getattr(box, "element_tag", None) == "tr" and box.element.get("class") != "head":
                key = box.element.findtext("td") or ""
                seen.setdefault(key, set()).add(number)
    return seen


def test_no_pack_row_splits_across_pages_and_the_header_repeats() -> None:
    rows = [
        [f"Row {i}", "A long note that wraps over several lines. " * (6 + i % 9)] for i in range(60)
    ]
    section = Section("leavers", "Where leavers went and why", ["Group", "Notes"], rows, "Words.")
    doc = pack_document(
        Pack(
            organisation=type("Org", (), {"name": "Testshire"})(),
            on=date(2026, 1, 1),
            sections=[section],
        )
    )
    seen = _pages_of_rows(doc)
    body = {k: v for k, v in seen.items() if k.startswith("Row ")}
    assert len(body) == 60 and len(doc.pages) >= 4
    assert all(len(pages) == 1 for pages in body.values()), {
        k: v for k, v in body.items() if len(v) > 1
    }
    # The header row is drawn on every page the table runs onto.
    header_pages = set()
    for number, page in enumerate(doc.pages):
        for box in page._page_box.descendants():
            if getattr(box, "element_tag", None) == "th":
                header_pages.add(number)
    table_pages = set().union(*body.values())
    assert table_pages <= header_pages


def test_the_programme_report_keeps_rows_whole_too() -> None:
    css = get_template("learning/programme_report_pdf.html").template.source  # type: ignore[attr-defined]
    assert "break-inside: avoid" in css and "table-header-group" in css
