"""``analytics.synth`` and ``analytics.published`` are packages (by section, and one module per
reader); every name the single modules offered importers is still importable from them."""

from __future__ import annotations

import importlib

import pytest

BEFORE = {
    "analytics.synth": "CASE_TYPES NATIONAL_2025 PROFESSIONS TEAM_TYPES TOLERANCES "
    "RELATIVE_TOLERANCE OPEN YEAR SynthRegister Targets expected_measures fit_report "
    "generate_register measure_frames _parse",
    "analytics.published": "CENSUS_ETHNICITY_CODES CENSUS_ETHNICITY_GROUP CLOSENESS_LABELS "
    "GEOGRAPHIC_LEVELS LA_CODE_SUCCESSORS LONDON_SUBREGIONS MEASURE_COLUMNS "
    "ONS_ETHNIC_GROUP_CODES ONS_TO_CENSUS_ETHNICITY OPTIONAL_MEASURE_COLUMNS REGIONS SYMBOLS "
    "IndicatorsResult PublishedDataError StatisticalNeighbourArea StatisticalNeighbours "
    "closeness_rank ethnic_population_for indicators_wide la_directory parse_ethnic_population "
    "parse_indicators parse_statistical_neighbours read_statistical_neighbours region_names",
}


@pytest.mark.parametrize("module", sorted(BEFORE))
def test_every_name_offered_before_the_split_is_still_there(module: str) -> None:
    package = importlib.import_module(module)
    missing = [name for name in BEFORE[module].split() if not hasattr(package, name)]
    assert not missing, f"{module} no longer offers {missing}"
    assert all(hasattr(package, name) for name in package.__all__)
