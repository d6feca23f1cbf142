"""The direction-of-travel chart and sentence: whole steps on the 0–2 scale, lines that do not hide
one another, and a sentence that never contradicts the latest month."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from thrive.core.charts import Series, line_chart
from thrive.workbook.selectors import travel_in_words


def points(*scores: int, shares: int = 1) -> list[dict[str, Any]]:
    return [
        {"month": date(2026, m + 1, 1), "direction_score": s, "shares_score": shares}
        for m, s in enumerate(scores)
    ]


def test_the_sentence_follows_the_latest_month() -> None:
    # Improving, improving, then no change: not "getting better recently".
    words = travel_in_words(points(1, 1, 0))
    assert "getting better recently" not in words
    assert words == (
        "Over 3 months: 2 improving, 0 worsening; overall better, and there was no change in the "
        "latest month, after getting better before it. The family partly shares the concerns now."
    )
    assert "things were getting worse in the latest month" in travel_in_words(points(1, 1, -1))
    assert "things were getting better in the latest month" in travel_in_words(points(-1, 1))
    assert travel_in_words(points(0, 0)).endswith(
        "about the same, and there was no change in the latest month. "
        "The family partly shares the concerns now."
    )


def test_a_rating_chart_has_whole_steps_and_lines_apart() -> None:
    html = line_chart(
        chart_id="travel",
        title="Direction of travel",
        categories=["Jan 26", "Feb 26"],
        series=[Series("Direction", [1, 2]), Series("Shares", [1, 0])],
        scale=2,
    )
    y_labels = re.findall(r'text-anchor="end" font-size="13" fill="#0b0c0c">([^<]*)<', html)
    assert y_labels == ["0", "1", "2"]
    # Both series answer 1 in January: their markers sit 6 units apart, not on top of each other.
    circle = re.search(r'<circle cx="([\d.]+)" cy="([\d.]+)"', html)
    square = re.search(r'<rect x="([\d.]+)" y="([\d.]+)"', html)
    assert circle and square
    assert float(circle.group(2)) - (float(square.group(2)) + 4) == 6.0
    # Without a scale the axis is unchanged: five round steps.
    plain = line_chart(chart_id="c", title="t", categories=["a"], series=[Series("s", [7])])
    assert re.findall(r'text-anchor="end" font-size="13" fill="#0b0c0c">([^<]*)<', plain) == [
        "0",
        "2",
        "4",
        "6",
        "8",
        "10",
    ]
