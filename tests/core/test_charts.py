"""The chart component: a picture whose labels can be enlarged on a phone without colliding, and
a key as text beside it."""

from __future__ import annotations

import re

from thrive.core.charts import Series, line_chart


def _x_labels(html: str) -> list[tuple[str, bool]]:
    label = r'<text class="([^"]*thrive-chart__label--x[^"]*)"[^>]*>([^<]*)</text>'
    found = re.findall(label, html)
    return [(text, "--minor" not in cls) for cls, text in found]


def test_twelve_months_keep_every_other_label_on_a_phone_ending_with_the_latest() -> None:
    months = [f"M{i:02d} 25" for i in range(1, 13)]  # as wide as "Jan 25"
    html = line_chart(
        chart_id="c",
        title="Caseload",
        categories=months,
        series=[Series("Average", [float(i) for i in range(12)]), Series("Over cap", [1.0] * 12)],
    )
    labels = _x_labels(html)
    assert [t for t, _ in labels] == months  # every month is labelled on a desktop
    kept = [t for t, shown in labels if shown]
    assert kept[-1] == "M12 25" and 3 <= len(kept) <= 6
    assert html.count("<svg") == 1
    key = html.split("</svg>")[1]
    assert "Average" in key and "Over cap" in key and 'aria-hidden="true"' in key


def test_a_few_years_keep_every_label() -> None:
    html = line_chart(
        chart_id="c",
        title="Turnover",
        categories=["2022", "2023", "2024", "2025"],
        series=[Series("Coventry", [10.0, 12.0, 11.0, 9.0])],
    )
    assert all(shown for _, shown in _x_labels(html))
    assert "Coventry" in html.split("</svg>")[1]  # a one-line key for a single series
    assert re.search(r'class="thrive-chart__label"[^>]*>0</text>', html)
