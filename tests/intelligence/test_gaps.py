"""Years without data are not zeros: a gap in the line, and the table says why."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.core import clock
from thrive.core.charts import Series, line_chart
from thrive.core.roles import Role
from thrive.intelligence.dashboard import (
    Coverage,
    census_year_of,
    register_coverage,
    year_span,
)
from thrive.intelligence.selectors import register_frames


def _paths(svg: str) -> list[str]:
    return re.findall(r'<path d="([^"]+)" fill="none"', svg)


def test_a_missing_value_breaks_the_line_instead_of_bridging_it() -> None:
    svg = str(
        line_chart(
            chart_id="t",
            title="T",
            categories=["2019", "2020", "2021", "2022", "2023"],
            series=[Series("A", [1.0, 2.0, None, 3.0, 4.0]), Series("B", [None, None, 1, 2, 3])],
        )
    )
    a, b = _paths(svg)
    assert a.count("M") == 2 and a.count("L") == 2  # two pieces, nothing drawn across 2021
    assert b.count("M") == 1 and b.count("L") == 2  # starts where its figures start
    # No marker sits on the baseline for a missing year: a gap is not a zero.
    one_point = str(
        line_chart(chart_id="u", title="U", categories=["1", "2"], series=[Series("C", [None, 5])])
    )
    # The one point is drawn; the key is text under the picture.
    assert _paths(one_point) == [] and one_point.count("<circle") == 1


def test_year_span_and_coverage_reasons() -> None:
    assert year_span([2017, 2018, 2019, 2020]) == "2017–2020"
    assert year_span([2017, 2018, 2023]) == "2017–2018 and 2023"
    coverage = Coverage(first=2021, last=2025, current=2027)
    assert coverage.gap(2020) == "no register data before 2021"
    assert coverage.gap(2021) is None and coverage.gap(2025) is None
    assert coverage.gap(2026) == "no register data after 2025"
    assert coverage.gap(2027) is None and coverage.note(2027) == "2027: year to date"
    assert Coverage(first=None, last=None, current=2026).gap(1990) is None


@pytest.mark.django_db
def test_coverage_starts_with_the_first_absence_or_ended_allocation(known: Any) -> None:
    # The known council's earliest absence starts 25 September 2024 (census year 2024); its
    # people started long before, but the register holds nobody who left back then.
    coverage = register_coverage(register_frames(known), date(2026, 6, 17))
    assert (coverage.first, coverage.last, coverage.current) == (2024, 2025, 2026)


@pytest.mark.django_db
def test_workforce_trends_show_gaps_and_say_why(client: Client, known: Any) -> None:
    client.force_login(make_user(known, Role.SENIOR_LEADER))
    page = client.get(reverse("intelligence:workforce", args=[known.code]), {"year": 2025})
    text = page.content.decode()
    assert "No register data before 2024" in text  # in each trend's data table
    assert "2021–2023: no register data before 2024" in text
    assert 'data-measure="turnover_rate_fte">53.3<' in text  # the year itself is unchanged
    # A year before the register is a gap, not zeros.
    page = client.get(reverse("intelligence:workforce", args=[known.code]), {"year": 2022})
    text = page.content.decode()
    assert 'id="year-gap"' in text and "no register data before 2024" in text
    assert 'data-measure="inpost_fte"><span aria-label="not applicable">–</span>' in text
    assert ">0.0<" not in text.split('id="measures"')[1].split("</table>")[0]


@pytest.mark.django_db
def test_the_census_year_still_running_is_year_to_date(client: Client, known: Any) -> None:
    current = census_year_of(clock.today())
    client.force_login(make_user(known, Role.SENIOR_LEADER))
    page = client.get(reverse("intelligence:workforce", args=[known.code]))
    assert f">{current} (year to date)</option>" in page.content.decode()
    page = client.get(reverse("intelligence:workforce", args=[known.code]), {"year": current})
    text = page.content.decode()
    assert f"30 September {current} (year to date)" in text and 'id="year-to-date"' in text
    assert f"{current}: year to date" in text
    assert f"{current} (to date)" in text  # the chart's axis says so too


@pytest.mark.django_db
def test_benchmarks_chart_has_no_zero_years(client: Client, known: Any) -> None:
    from thrive.intelligence.benchmarks import benchmarks_load_shipped

    benchmarks_load_shipped(only_if_missing=True)
    client.force_login(make_user(known, Role.SENIOR_LEADER))
    page = client.get(
        reverse("intelligence:benchmarks", args=[known.code]), {"measure": "turnover_rate_fte"}
    ).content.decode()
    assert "Thrive (this register): no register data before 2024 (2017–2023)" in page
    table = page.split('id="benchmark-table"')[1].split("</table>")[0]
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table)
    by_year = {re.search(r">(\d{4})<", r).group(1): r for r in rows[1:]}  # type: ignore[union-attr]
    own_2018 = re.findall(r'numeric">([^<]*)<', by_year["2018"])[0]
    assert own_2018 == "–" and "Thrive: no register data before 2024" in by_year["2018"]
    assert re.findall(r'numeric">([^<]*)<', by_year["2025"])[0] == "53.3"
    # A year DfE has not published yet is said so once, not as five missing figures.
    for year in [y for y in by_year if int(y) > 2025]:
        assert "Not published yet" in by_year[year]
        assert f"DfE has not published {year}" in page or "DfE has not published 2026–" in page
    # The register's own line starts at 2024: its path begins there, not at 2017 on zero.
    svg = page.split("<svg", 1)[1].split("</svg>")[0]
    own_path = _paths("<svg" + svg)[0]
    assert own_path.count("M") == 1 and own_path.count("L") == 1
