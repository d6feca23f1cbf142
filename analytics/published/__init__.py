"""Readers for the published data Thrive sets its own figures beside.

Three public sources (Open Government Licence) are read here:

* the DfE children's social work workforce indicators
  (``csww_indicators_2017_to_2025.csv``): one row per area and year with the statutory measures;
* the DfE statistical neighbour groupings (``New_Statistical_Neighbour_Groupings_April_2021.csv``):
  the ten local authorities most like each local authority;
* the ONS Census 2021 population by ethnic group (``ons-ethnic-population-{la,reg,nat}.csv``).

Every reader accepts a filesystem path (``str`` or :class:`os.PathLike`) or an open file (text or
binary), decodes UTF-8 with or without a byte-order mark, validates the header and every cell, and
raises :class:`PublishedDataError` listing *every* problem found, each located as a spreadsheet
would show it (the header is row 1).

Facts about the real files that shaped this module (checked against the 2017-2025 release):

* geographic levels are ``National``, ``Regional`` and ``Local authority``; the ``Regional`` rows
  include the nine English regions **and** Inner London (``E13000001``) and Outer London
  (``E13000002``); London boroughs' rows name Inner or Outer London as their region, never London;
* the symbols that occur are ``x``, ``z``, ``u``, ``low`` and ``c`` (``:`` and a ``u`` attached to a
  number do not occur, but both are accepted);
* two local-authority rows are joint returns whose codes and names are joined by ``" / "``:
  ``940 / 941`` North and West Northamptonshire (2021 onwards) and ``314 / 318`` Kingston upon
  Thames and Richmond upon Thames (every year);
* ONS codes change while DfE codes stay (Barnsley, Sheffield in 2025; North Yorkshire and Somerset
  in 2023; Buckinghamshire in 2020), so the 3-digit DfE code is the stable key.

One module per reader (:mod:`.indicators`, :mod:`.neighbours`, :mod:`.ethnicity`) and what they
share (:mod:`.common`); everything public is imported here. A plain library: pandas and the
standard library only, never Django.
"""

from __future__ import annotations

from analytics.published.common import (
    LA_CODE_SUCCESSORS,
    LONDON_SUBREGIONS,
    REGIONS,
    PublishedDataError,
)
from analytics.published.ethnicity import (
    CENSUS_ETHNICITY_CODES,
    CENSUS_ETHNICITY_GROUP,
    ONS_ETHNIC_GROUP_CODES,
    ONS_TO_CENSUS_ETHNICITY,
    ethnic_population_for,
    parse_ethnic_population,
)
from analytics.published.indicators import (
    GEOGRAPHIC_LEVELS,
    MEASURE_COLUMNS,
    OPTIONAL_MEASURE_COLUMNS,
    SYMBOLS,
    IndicatorsResult,
    indicators_wide,
    la_directory,
    parse_indicators,
    region_names,
)
from analytics.published.neighbours import (
    CLOSENESS_LABELS,
    StatisticalNeighbourArea,
    StatisticalNeighbours,
    closeness_rank,
    parse_statistical_neighbours,
    read_statistical_neighbours,
)

__all__ = [
    "CENSUS_ETHNICITY_CODES",
    "CENSUS_ETHNICITY_GROUP",
    "CLOSENESS_LABELS",
    "GEOGRAPHIC_LEVELS",
    "LA_CODE_SUCCESSORS",
    "LONDON_SUBREGIONS",
    "MEASURE_COLUMNS",
    "ONS_ETHNIC_GROUP_CODES",
    "ONS_TO_CENSUS_ETHNICITY",
    "OPTIONAL_MEASURE_COLUMNS",
    "REGIONS",
    "SYMBOLS",
    "IndicatorsResult",
    "PublishedDataError",
    "StatisticalNeighbourArea",
    "StatisticalNeighbours",
    "closeness_rank",
    "ethnic_population_for",
    "indicators_wide",
    "la_directory",
    "parse_ethnic_population",
    "parse_indicators",
    "parse_statistical_neighbours",
    "read_statistical_neighbours",
    "region_names",
]
