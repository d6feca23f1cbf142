"""The starting rule sets come back where a database lost them without migrating."""

from __future__ import annotations

import pytest

from thrive.agency.defaults import RULE_SETS
from thrive.agency.models import Rule, RuleSet
from thrive.agency.services import rule_sets_ensure


@pytest.mark.django_db
def test_rule_sets_ensure_restores_the_defaults_and_keeps_what_is_there() -> None:
    expected = sum(len(rules) for *_, rules in RULE_SETS)
    assert Rule.objects.count() == expected  # loaded by migration 0002
    assert rule_sets_ensure() == 0
    RuleSet.objects.all().delete()
    assert rule_sets_ensure() == expected
    assert set(RuleSet.objects.values_list("code", flat=True)) == {c for c, *_ in RULE_SETS}
