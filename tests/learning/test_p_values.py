"""p-values on the evaluation report (web page and PDF, which share one template) are written as
statisticians write them, through the one filter."""

from __future__ import annotations

from django.template import Context, Template


def test_the_filter_writes_values_and_statements() -> None:
    template = Template(
        '{% load p_values %}{{ a|p_value }}|{{ b|p_value }}|{{ b|p_value:"p" }}|{{ c|p_value }}'
    )
    text = template.render(Context({"a": 0.0000012, "b": 0.031946, "c": None}))
    assert text == "&lt; 0.001|0.0319|p = 0.0319|"  # "<" escaped for the page


def test_the_report_template_uses_it() -> None:
    from pathlib import Path

    body = (
        Path(__file__).resolve().parents[2]
        / "thrive/learning/templates/learning/_programme_report_body.html"
    ).read_text()
    assert "{% load p_values %}" in body
    assert "c.p_value|p_value" in body and 'retention.logrank_p|p_value:"p"' in body
