"""Tests for analytics.published: readers of the DfE and ONS published files.

Synthetic inline CSVs always run; tests against the real files in the repository's sibling
``shared/data/dfe`` directory are skipped when it is absent.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analytics.published import (
    CENSUS_ETHNICITY_CODES,
    CENSUS_ETHNICITY_GROUP,
    MEASURE_COLUMNS,
    ONS_ETHNIC_GROUP_CODES,
    ONS_TO_CENSUS_ETHNICITY,
    OPTIONAL_MEASURE_COLUMNS,
    SYMBOLS,
    IndicatorsResult,
    PublishedDataError,
    closeness_rank,
    ethnic_population_for,
    indicators_wide,
    la_directory,
    parse_ethnic_population,
    parse_indicators,
    parse_statistical_neighbours,
    read_statistical_neighbours,
    region_names,
)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / ".." / "shared" / "data" / "dfe"

# ---------------------------------------------------------------------------------------------
# Synthetic indicators file
# ---------------------------------------------------------------------------------------------

ID_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name"
)
ALL_MEASURES = [
    "inpost_fte",
    "inpost_headcount",
    "starters_fte",
    "starters_headcount",
    "leavers_fte",
    "leavers_headcount",
    "turnover_rate_fte",
    "turnover_rate_headcount",
    "agency_fte",
    "agency_headcount",
    "agency_rate_fte",
    "agency_rate_headcount",
    "agency_cover_fte",
    "agency_cover_rate_fte",
    "vacancy_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "case_holders_fte",
    "cases",
    "caseload_fte",
    "working_days_lost_fte",
    "absence_rate_fte",
]
HEADER = ID_HEADER + "," + ",".join(ALL_MEASURES)
N = len(ALL_MEASURES)


def measures(*overrides: tuple[str, str], default: str = "1") -> str:
    """A comma-joined row of measure cells, all ``default`` except the overrides."""
    cells = dict.fromkeys(ALL_MEASURES, default)
    cells.update(dict(overrides))
    return ",".join(cells[name] for name in ALL_MEASURES)


NATIONAL = "2025,Reporting year,National,E92000001,England,,,,,"
NORTH_EAST = "2025,Reporting year,Regional,E92000001,England,E12000001,North East,,,"
INNER_LONDON = "2025,Reporting year,Regional,E92000001,England,E13000001,Inner London,,,"
LA_PREFIX = "2025,Reporting year,Local authority,E92000001,England,"
CAMDEN = LA_PREFIX + "E13000001,Inner London,202,E09000007,Camden"
HARTLEPOOL = LA_PREFIX + "E12000001,North East,805,E06000001,Hartlepool"
JOINT = (
    "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,940 / 941,"
    "E06000061 / E06000062,North Northamptonshire / West Northamptonshire"
)


SYMBOL_LIST = "(c, x, :, z, u, low)"


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def parse(*rows: str, header: str = HEADER) -> IndicatorsResult:
    return parse_indicators(io.StringIO(csv_text(*rows, header=header)))


def cell(result: IndicatorsResult, area_code: str, measure: str) -> tuple[object, object]:
    rows = result.rows
    match = rows[(rows["area_code"] == area_code) & (rows["measure"] == measure)]
    assert len(match) == 1
    return match["value"].iloc[0], match["symbol"].iloc[0]


def test_numbers_become_floats_with_no_symbol() -> None:
    result = parse(NATIONAL + "," + measures(("inpost_fte", "36186.3"), ("cases", "321661")))
    assert cell(result, "E92000001", "inpost_fte") == (36186.3, None)
    value, symbol = cell(result, "E92000001", "cases")
    assert value == 321661.0 and isinstance(value, float) and symbol is None


@pytest.mark.parametrize("symbol", ["c", "x", ":", "z", "u", "low"])
def test_every_published_symbol_gives_none_and_keeps_the_symbol(symbol: str) -> None:
    result = parse(NATIONAL + "," + measures(("agency_rate_fte", symbol)))
    assert cell(result, "E92000001", "agency_rate_fte") == (None, symbol)
    assert symbol in SYMBOLS


@pytest.mark.parametrize("text", ["12.3u", "12.3 u", "12.3U"])
def test_u_attached_to_a_number_keeps_the_value(text: str) -> None:
    result = parse(NATIONAL + "," + measures(("leavers_fte", text)))
    assert cell(result, "E92000001", "leavers_fte") == (12.3, "u")


def test_symbols_are_case_insensitive_and_stored_lower_case() -> None:
    result = parse(NATIONAL + "," + measures(("cases", "LOW"), ("caseload_fte", " X ")))
    assert cell(result, "E92000001", "cases") == (None, "low")
    assert cell(result, "E92000001", "caseload_fte") == (None, "x")


def test_long_format_shape_and_area_identity() -> None:
    result = parse(
        NATIONAL + "," + measures(),
        NORTH_EAST + "," + measures(),
        INNER_LONDON + "," + measures(),
        CAMDEN + "," + measures(),
    )
    rows = result.rows
    assert len(rows) == 4 * N
    assert list(result.measures) == ALL_MEASURES
    assert result.ignored_columns == ("time_identifier",)
    assert set(rows["geographic_level"]) == {"National", "Regional", "Local authority"}
    camden = rows[rows["area_code"] == "202"].iloc[0]
    assert camden["area_name"] == "Camden"
    assert camden["new_la_code"] == "E09000007"
    assert camden["region_code"] == "E13000001"
    assert camden["region_name"] == "Inner London"
    assert camden["time_period"] == 2025
    assert camden["source_row"] == 5
    region = rows[rows["area_code"] == "E12000001"].iloc[0]
    assert region["area_name"] == "North East" and region["new_la_code"] is None
    england = rows[rows["area_code"] == "E92000001"].iloc[0]
    assert england["area_name"] == "England" and england["region_code"] is None
    assert rows["value"].dtype == object
    assert result.years == [2025]


def test_la_code_is_zero_padded_and_joint_codes_are_kept() -> None:
    short = CAMDEN.replace(",202,", ",83,")
    result = parse(short + "," + measures(), JOINT + "," + measures())
    assert set(result.rows["area_code"]) == {"083", "940 / 941"}
    joint = result.rows[result.rows["area_code"] == "940 / 941"].iloc[0]
    assert joint["new_la_code"] == "E06000061 / E06000062"


def test_bom_is_accepted_from_bytes_text_and_path(tmp_path: Path) -> None:
    text = csv_text(NATIONAL + "," + measures(("inpost_fte", "5")))
    from_bytes = parse_indicators(io.BytesIO(("\ufeff" + text).encode("utf-8")))
    from_text = parse_indicators(io.StringIO("\ufeff" + text))
    path = tmp_path / "indicators.csv"
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    from_path = parse_indicators(path)
    from_str = parse_indicators(str(path))
    for result in (from_bytes, from_text, from_path, from_str):
        assert cell(result, "E92000001", "inpost_fte") == (5.0, None)
    assert from_path.source_name == str(path)


def test_optional_measures_may_be_absent() -> None:
    kept = [name for name in ALL_MEASURES if name not in OPTIONAL_MEASURE_COLUMNS]
    header = ID_HEADER + "," + ",".join(kept)
    result = parse(NATIONAL + "," + ",".join("1" for _ in kept), header=header)
    assert list(result.measures) == MEASURE_COLUMNS
    assert set(result.rows["measure"]) == set(MEASURE_COLUMNS)


def test_missing_required_columns_are_named() -> None:
    header = HEADER.replace(",inpost_fte,", ",").replace("old_la_code,", "")
    with pytest.raises(PublishedDataError) as caught:
        parse(header=header)
    message = str(caught.value)
    assert "missing required column(s)" in message
    assert "old_la_code" in message and "inpost_fte" in message
    assert isinstance(caught.value, ValueError)


def test_duplicated_columns_are_named() -> None:
    with pytest.raises(PublishedDataError, match="duplicated column.*cases"):
        parse(header=HEADER + ",cases")


def test_every_bad_cell_is_listed_with_row_and_column() -> None:
    text = csv_text(
        NATIONAL + "," + measures(("inpost_fte", "abc"), ("cases", "")),
        "",  # a blank line still counts as a spreadsheet row
        CAMDEN + "," + measures(("caseload_fte", "-3")),
        CAMDEN.replace(",202,", ",2O2,") + "," + measures(),
        NATIONAL + "," + measures(("agency_fte", "1,5")),  # unquoted: one field too many
        "25,Reporting year,County,E92000001,England,,,,," + "," + measures(),
    )
    with pytest.raises(PublishedDataError) as caught:
        parse_indicators(io.StringIO(text))
    assert caught.value.errors == [
        f"row 2, column inpost_fte: 'abc' is not a number or a published symbol {SYMBOL_LIST}",
        "row 2, column cases: empty cell; expected a number or a published symbol",
        "row 4, column caseload_fte: '-3' is negative; published measures are never negative",
        "row 5, column old_la_code: '2O2' is not a 3-digit DfE LA code",
        f"row 6: expected {10 + N} fields, found {11 + N}",
        "row 7, column time_period: '25' is not a four-digit year",
        "row 7, column geographic_level: 'County' is not one of National, Regional, "
        "Local authority",
    ]
    message = str(caught.value)
    assert message.startswith("<stream>: 7 problem(s) in the indicators file:")
    for error in caught.value.errors:
        assert error in message


def test_bad_cells_in_one_row_are_all_reported() -> None:
    row = (
        CAMDEN.replace(",E09000007,", ",9000007,")
        + ","
        + measures(("inpost_fte", "n/a"), ("cases", "nan"))
    )
    with pytest.raises(PublishedDataError) as caught:
        parse(row)
    assert caught.value.errors == [
        "row 2, column new_la_code: '9000007' is not an ONS area code (e.g. E09000007)",
        f"row 2, column inpost_fte: 'n/a' is not a number or a published symbol {SYMBOL_LIST}",
        f"row 2, column cases: 'nan' is not a number or a published symbol {SYMBOL_LIST}",
    ]


def test_wrong_field_count_and_missing_la_cells() -> None:
    short = NATIONAL + "," + ",".join("1" for _ in range(N - 1))
    no_name = CAMDEN.removesuffix("Camden") + "," + measures()
    with pytest.raises(PublishedDataError) as caught:
        parse(short, no_name)
    assert caught.value.errors == [
        f"row 2: expected {10 + N} fields, found {9 + N}",
        "row 3, column la_name: empty cell; a local authority row needs it",
    ]


def test_duplicate_area_year_is_an_error() -> None:
    with pytest.raises(PublishedDataError) as caught:
        parse(CAMDEN + "," + measures(), HARTLEPOOL + "," + measures(), CAMDEN + "," + measures())
    assert caught.value.errors == ["row 4: duplicates row 2 (2025, Local authority, 202)"]


def test_empty_file_is_an_error() -> None:
    with pytest.raises(PublishedDataError, match="empty"):
        parse_indicators(io.StringIO(""))


def test_non_utf8_bytes_are_an_error() -> None:
    with pytest.raises(PublishedDataError, match="not UTF-8"):
        parse_indicators(
            io.BytesIO(csv_text(CAMDEN.replace("Camden", "Caf\xe9")).encode("latin-1"))
        )


def test_wide_has_one_row_per_area_year_and_none_where_suppressed() -> None:
    result = parse(
        CAMDEN + "," + measures(("agency_rate_fte", "c"), ("leavers_fte", "7.5u")),
        NATIONAL + "," + measures(("inpost_fte", "100.5")),
        NATIONAL.replace("2025", "2024", 1) + "," + measures(),
        NORTH_EAST + "," + measures(),
    )
    wide = indicators_wide(result)
    assert list(wide.columns[:7]) == [
        "time_period",
        "geographic_level",
        "area_code",
        "area_name",
        "new_la_code",
        "region_code",
        "region_name",
    ]
    assert list(wide.columns[7:]) == ALL_MEASURES
    assert list(zip(wide["time_period"], wide["area_code"], strict=True)) == [
        (2024, "E92000001"),
        (2025, "E92000001"),
        (2025, "E12000001"),
        (2025, "202"),
    ]
    camden = wide[wide["area_code"] == "202"].iloc[0]
    assert camden["agency_rate_fte"] is None
    assert camden["leavers_fte"] == 7.5
    assert wide.loc[1, "inpost_fte"] == 100.5
    assert "agency_rate_fte_symbol" not in wide.columns
    with_symbols = indicators_wide(result, include_symbols=True)
    camden = with_symbols[with_symbols["area_code"] == "202"].iloc[0]
    assert camden["agency_rate_fte_symbol"] == "c"
    assert camden["leavers_fte_symbol"] == "u"
    assert camden["inpost_fte_symbol"] is None
    assert pd.isna(with_symbols["agency_rate_fte"].astype(float)).sum() == 1


def test_la_directory_splits_joint_returns_and_maps_london() -> None:
    older = HARTLEPOOL.replace("2025", "2024", 1).replace("Hartlepool", "Old name")
    result = parse(
        NATIONAL + "," + measures(),
        CAMDEN + "," + measures(),
        HARTLEPOOL + "," + measures(("inpost_fte", "x")),
        JOINT + "," + measures(),
        older + "," + measures(),
    )
    directory = la_directory(result)
    assert list(directory.columns) == [
        "old_la_code",
        "new_la_code",
        "la_name",
        "region_code",
        "region_name",
        "published_region_name",
        "published_area_code",
    ]
    assert directory.to_dict("records") == [
        {
            "old_la_code": "202",
            "new_la_code": "E09000007",
            "la_name": "Camden",
            "region_code": "E12000007",
            "region_name": "London",
            "published_region_name": "Inner London",
            "published_area_code": "202",
        },
        {
            "old_la_code": "805",
            "new_la_code": "E06000001",
            "la_name": "Hartlepool",
            "region_code": "E12000001",
            "region_name": "North East",
            "published_region_name": "North East",
            "published_area_code": "805",
        },
        {
            "old_la_code": "940",
            "new_la_code": "E06000061",
            "la_name": "North Northamptonshire",
            "region_code": "E12000004",
            "region_name": "East Midlands",
            "published_region_name": "East Midlands",
            "published_area_code": "940 / 941",
        },
        {
            "old_la_code": "941",
            "new_la_code": "E06000062",
            "la_name": "West Northamptonshire",
            "region_code": "E12000004",
            "region_name": "East Midlands",
            "published_region_name": "East Midlands",
            "published_area_code": "940 / 941",
        },
    ]
    assert la_directory(result, year=2024)["la_name"].tolist() == ["Old name"]
    with pytest.raises(PublishedDataError, match="2019"):
        la_directory(result, year=2019)
    with pytest.raises(PublishedDataError, match="no local authority rows"):
        la_directory(parse(NATIONAL + "," + measures()))


def test_region_names_are_the_nine_dfe_spellings() -> None:
    assert region_names() == [
        "North East",
        "North West",
        "Yorkshire and The Humber",
        "East Midlands",
        "West Midlands",
        "East of England",
        "London",
        "South East",
        "South West",
    ]


def test_module_imports_no_django() -> None:
    code = (
        "import sys, analytics.published\n"
        "assert not any(m.startswith('django') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


# ---------------------------------------------------------------------------------------------
# Synthetic statistical neighbours file
# ---------------------------------------------------------------------------------------------

SN_HEADER = "LA num,LA Name,LA number,GOInd,GOReg," + ",".join(
    f"SN{rank},SNP" for rank in range(1, 11)
)


def sn_row(code: str, name: str, region: str, neighbours: list[str], label: str = "Close") -> str:
    pairs = ",".join(f"{neighbour},{label}" for neighbour in neighbours)
    return f"{code},{name},{code},3,{region},{pairs},"


TEN = [str(code) for code in range(301, 311)]


def sn_text(*rows: str) -> str:
    return "\ufeff" + "\n".join([SN_HEADER + ",", *rows]) + "\n"


def test_statistical_neighbours_in_rank_order_with_labels() -> None:
    camden = "202,Camden,202,3,London (Inner),213,Very Close,205,Close,207,Close,206,Close," + (
        "212,Somewhat close,352,Not Close,203,Not Close,870,Not Close,309,Not Close,302,Not Close,"
    )
    text = sn_text(
        camden,
        sn_row("805", "Hartlepool", "North East", TEN, "Extremely Close"),
        ",,,,,,,,,,,,,,,,,,,,,,,,,",
        ",Old SNs:,,,,,,,,,,,,,,,,,,,,,,,,",
        sn_row("835", "Dorset (Pre LG)", "South West", TEN),
    )
    result = read_statistical_neighbours(io.BytesIO(text.encode("utf-8")))
    assert result.neighbours["202"][:2] == [("213", "Very Close"), ("205", "Close")]
    assert [code for code, _ in result.neighbours["202"]][-1] == "302"
    assert all(len(found) == 10 for found in result.neighbours.values())
    camden_area = result.areas["202"]
    assert camden_area.la_name == "Camden"
    assert camden_area.go_reg == "London (Inner)"
    assert camden_area.region_name == "London"
    assert camden_area.go_ind == 3
    assert not camden_area.pre_lgr
    dorset = result.areas["835"]
    assert dorset.la_name == "Dorset" and dorset.pre_lgr
    assert parse_statistical_neighbours(io.StringIO(text)) == result.neighbours


def test_statistical_neighbour_region_spelling_is_normalised() -> None:
    text = sn_text(sn_row("370", "Barnsley", "Yorkshire and the Humber", TEN))
    area = read_statistical_neighbours(io.StringIO(text)).areas["370"]
    assert area.go_reg == "Yorkshire and the Humber"
    assert area.region_name == "Yorkshire and The Humber"


def test_statistical_neighbours_missing_columns_are_named() -> None:
    header = SN_HEADER.replace(",SN10,SNP", "").replace("GOReg,", "")
    with pytest.raises(PublishedDataError) as caught:
        read_statistical_neighbours(io.StringIO(header + "\n"))
    assert "GOReg" in str(caught.value) and "SN10" in str(caught.value)


def test_statistical_neighbours_bad_cells_are_listed() -> None:
    text = sn_text(
        sn_row("202", "Camden", "London (Inner)", ["2l3", *TEN[1:]]),
        sn_row("805", "Hartlepool", "North East", TEN, "Rather close"),
        sn_row("202", "Camden again", "London (Inner)", TEN),
    )
    with pytest.raises(PublishedDataError) as caught:
        read_statistical_neighbours(io.StringIO(text))
    errors = caught.value.errors
    assert errors[0] == "row 2, column SN1: '2l3' is not a 3-digit code"
    assert errors[1].startswith("row 3, column SNP (after SN1): 'Rather close'")
    assert len([e for e in errors if e.startswith("row 3,")]) == 10
    assert errors[-1] == "row 4, column LA num: 202 is already listed in row 2"


def test_closeness_rank_orders_labels_case_insensitively() -> None:
    labels = ["Not Close", "Extremely Close", "Close", "Very Close", "Somewhat close"]
    assert sorted(labels, key=closeness_rank) == [
        "Extremely Close",
        "Very Close",
        "Close",
        "Somewhat close",
        "Not Close",
    ]
    with pytest.raises(ValueError):
        closeness_rank("Near")


# ---------------------------------------------------------------------------------------------
# Synthetic ONS ethnic population files
# ---------------------------------------------------------------------------------------------

ONS_LA_HEADER = (
    "2023 Upper tier local authorities Code,2023 Upper tier local authorities,"
    "Ethnic group (20 categories) Code,Ethnic group (20 categories),Observation"
)


def ons_rows(code: str, name: str, counts: dict[int, int]) -> list[str]:
    rows = [f"{code},{name},-8,Does not apply,0"]
    for label, ons_code in ONS_ETHNIC_GROUP_CODES.items():
        rows.append(f'{code},{name},{ons_code},"{label}",{counts.get(ons_code, 1)}')
    return rows


def test_ethnic_population_is_tidy_and_mapped_to_census_codes() -> None:
    text = "\n".join(
        [
            ONS_LA_HEADER,
            *ons_rows("E09000007", "Camden", {13: 100, 15: 5, 16: 6, 18: 7}),
            *ons_rows("W06000001", "Isle of Anglesey", {}),
        ]
    )
    frame = parse_ethnic_population(io.StringIO(text), "la")
    assert list(frame.columns) == [
        "area_code",
        "area_name",
        "ons_code",
        "ethnic_group",
        "ons_broad_group",
        "census_code",
        "census_group",
        "count",
    ]
    assert len(frame) == 19 and set(frame["area_code"]) == {"E09000007"}
    wbri = frame[frame["ons_code"] == 13].iloc[0]
    assert wbri["census_code"] == "WBRI" and wbri["count"] == 100
    assert wbri["ons_broad_group"] == "White" and wbri["census_group"] == "White"
    by_code = frame.groupby("census_code")["count"].sum()
    assert by_code["WOTH"] == 5 + 6 + 1  # Gypsy/Irish Traveller, Roma, Other White
    assert by_code["OOTH"] == 7 + 1  # Arab, any other
    with_wales = parse_ethnic_population(io.StringIO(text), "la", england_only=False)
    assert len(with_wales) == 38


def test_ethnic_population_header_must_match_level() -> None:
    text = "\n".join([ONS_LA_HEADER, *ons_rows("E09000007", "Camden", {})])
    with pytest.raises(PublishedDataError, match="expected columns Regions Code"):
        parse_ethnic_population(io.StringIO(text), "reg")


def test_ethnic_population_bad_cells_are_listed() -> None:
    text = "\n".join(
        [
            "Countries Code,Countries,Ethnic group (20 categories) Code,"
            "Ethnic group (20 categories),Observation",
            "E92000001,England,1,Martian,10",
            'E92000001,England,2,"Asian, Asian British or Asian Welsh: Chinese",1.5',
            'E92000001,England,3,"Asian, Asian British or Asian Welsh: Chinese",4',
        ]
    )
    with pytest.raises(PublishedDataError) as caught:
        parse_ethnic_population(io.StringIO(text), "nat")
    assert caught.value.errors == [
        "row 2, column Ethnic group (20 categories): 'Martian' is not a known ONS ethnic group",
        "row 3, column Observation: '1.5' is not a whole number",
        "row 4, column Ethnic group (20 categories) Code: '3' does not match "
        "'Asian, Asian British or Asian Welsh: Chinese' (expected 2)",
        "row 4: duplicates row 3",
    ]


def test_ethnicity_mapping_covers_every_ons_category() -> None:
    assert set(ONS_TO_CENSUS_ETHNICITY) == set(ONS_ETHNIC_GROUP_CODES)
    assert set(ONS_TO_CENSUS_ETHNICITY.values()) <= set(CENSUS_ETHNICITY_CODES)
    unmapped = set(CENSUS_ETHNICITY_CODES) - set(ONS_TO_CENSUS_ETHNICITY.values())
    assert unmapped == {"REFU", "NOBT"}
    assert set(CENSUS_ETHNICITY_GROUP) == set(CENSUS_ETHNICITY_CODES)
    assert CENSUS_ETHNICITY_GROUP["REFU"] is None


def test_ethnic_population_for_joint_and_recoded_areas() -> None:
    text = "\n".join(
        [
            ONS_LA_HEADER,
            *ons_rows("E06000061", "North Northamptonshire", {13: 10}),
            *ons_rows("E06000062", "West Northamptonshire", {13: 20}),
            *ons_rows("E08000016", "Barnsley", {13: 30}),
        ]
    )
    frame = parse_ethnic_population(io.StringIO(text), "la")
    joint = ethnic_population_for(frame, "E06000061 / E06000062")
    assert len(joint) == 19
    assert joint.loc[joint["census_code"] == "WBRI", "count"].item() == 30
    barnsley = ethnic_population_for(frame, "E08000038")  # Barnsley's code since 2024
    assert barnsley.loc[barnsley["ons_code"] == 13, "count"].item() == 30
    assert ethnic_population_for(frame, "E09000007").empty


# ---------------------------------------------------------------------------------------------
# The real published files (skipped when ../shared/data/dfe is absent)
# ---------------------------------------------------------------------------------------------

real = pytest.mark.skipif(not DATA.is_dir(), reason=f"published data not present at {DATA}")


@pytest.fixture(scope="module")
def indicators() -> IndicatorsResult:
    if not DATA.is_dir():
        pytest.skip(f"published data not present at {DATA}")
    return parse_indicators(DATA / "csww_indicators_2017_to_2025.csv")


@pytest.fixture(scope="module")
def wide(indicators: IndicatorsResult) -> pd.DataFrame:
    return indicators_wide(indicators)


def _row(wide: pd.DataFrame, year: int, area_code: str) -> pd.Series:
    match = wide[(wide["time_period"] == year) & (wide["area_code"] == area_code)]
    assert len(match) == 1
    return match.iloc[0]


@real
def test_real_england_2025(wide: pd.DataFrame) -> None:
    england = _row(wide, 2025, "E92000001")
    assert england["geographic_level"] == "National"
    assert england["inpost_fte"] == 36186.3
    assert england["turnover_rate_fte"] == 11.8
    assert england["caseload_fte"] == 15.2
    assert england["agency_rate_fte"] == 13.0
    assert england["vacancy_rate_fte"] == 14.2
    assert england["absence_rate_fte"] == 3.5


@real
def test_real_england_2022(wide: pd.DataFrame) -> None:
    england = _row(wide, 2022, "E92000001")
    assert england["inpost_fte"] == 31634.1
    assert england["turnover_rate_fte"] == 17.2
    assert england["caseload_fte"] == 16.6


@real
def test_real_havering_2025_has_the_highest_agency_rate(wide: pd.DataFrame) -> None:
    havering = _row(wide, 2025, "311")
    assert havering["area_name"] == "Havering"
    assert havering["agency_rate_fte"] == 41.7
    las = wide[(wide["time_period"] == 2025) & (wide["geographic_level"] == "Local authority")]
    # The Isles of Scilly (420) had no social workers in post and 2 agency FTE: 100%.
    scilly = _row(wide, 2025, "420")
    assert (scilly["inpost_fte"], scilly["agency_fte"], scilly["agency_rate_fte"]) == (0, 2, 100)
    others = las[las["area_code"] != "420"]
    assert others["agency_rate_fte"].astype(float).max() == 41.7
    assert others["caseload_fte"].astype(float).min() == 10.1
    assert others["caseload_fte"].astype(float).max() == 20.9


@real
def test_real_local_authority_counts(indicators: IndicatorsResult, wide: pd.DataFrame) -> None:
    las = wide[wide["geographic_level"] == "Local authority"]
    counts = las.groupby("time_period").size().to_dict()
    assert counts == {
        2017: 151,
        2018: 151,
        2019: 150,
        2020: 150,
        2021: 150,
        2022: 150,
        2023: 151,
        2024: 151,
        2025: 151,
    }
    directory = la_directory(indicators)
    assert len(directory) == 153  # 151 rows, two of them joint returns
    assert directory["old_la_code"].is_unique
    assert directory["old_la_code"].str.fullmatch(r"\d{3}").all()
    assert set(directory["region_name"]) == set(region_names())
    joint = directory[directory["published_area_code"].str.contains("/")]
    assert joint["old_la_code"].tolist() == ["314", "318", "940", "941"]


@real
def test_real_levels_symbols_and_regions(indicators: IndicatorsResult) -> None:
    rows = indicators.rows
    assert set(rows["geographic_level"]) == {"National", "Regional", "Local authority"}
    assert set(rows["symbol"].dropna()) == {"c", "x", "z", "u", "low"}
    regional = rows[rows["geographic_level"] == "Regional"]
    nine = regional[regional["area_code"].str.startswith("E12")]
    assert sorted(set(nine["area_name"])) == sorted(region_names())
    assert set(regional["area_name"]) - set(region_names()) == {"Inner London", "Outer London"}
    assert indicators.years == list(range(2017, 2026))


@real
def test_real_kensington_and_westminster_2025_are_not_available(wide: pd.DataFrame) -> None:
    for code in ("207", "213"):
        row = _row(wide, 2025, code)
        assert row["inpost_fte"] is None


@real
def test_real_statistical_neighbours_of_camden() -> None:
    path = DATA / "New_Statistical_Neighbour_Groupings_April_2021.csv"
    result = read_statistical_neighbours(path)
    camden = result.neighbours["202"]
    assert camden[0] == ("213", "Very Close")
    assert len(camden) == 10
    assert all(len(found) == 10 for found in result.neighbours.values())
    assert result.areas["202"].la_name == "Camden"
    assert result.areas["202"].go_reg == "London (Inner)"
    pre_lgr = sorted(code for code, area in result.areas.items() if area.pre_lgr)
    assert pre_lgr == ["835", "836", "837", "928"]
    assert {area.region_name for area in result.areas.values()} == set(region_names())


@real
def test_real_ethnic_population_levels_agree() -> None:
    totals = {}
    for level in ("la", "reg", "nat"):
        frame = parse_ethnic_population(DATA / f"ons-ethnic-population-{level}.csv", level)
        assert frame["census_code"].notna().all()
        totals[level] = int(frame["count"].sum())
    assert totals["nat"] == 56_490_048
    # Census outputs are perturbed per area, so the sums differ by a few people.
    assert abs(totals["la"] - totals["nat"]) < 100
    assert abs(totals["reg"] - totals["nat"]) < 100


@real
def test_real_every_2025_la_has_a_population(indicators: IndicatorsResult) -> None:
    population = parse_ethnic_population(DATA / "ons-ethnic-population-la.csv", "la")
    for row in la_directory(indicators).itertuples(index=False):
        assert not ethnic_population_for(population, str(row.new_la_code)).empty, row.la_name
