"""The shapes models share, written once in ``thrive/core/models.py``: the abstract bases that say
how a record is scoped (``PersonRecord``, ``TeamRecord``), used only by models that have the
relation their scope fields walk and never spelled out again by hand; and ``one_of``, the check
that a field holds one of its choices."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import models

from thrive.core.models import OrgOwned, PersonRecord, TeamRecord, one_of
from thrive.recruitment.models import VacancyStatus

ROOT = Path(__file__).resolve().parents[2]

PERSON = (
    PersonRecord.scope_team_field,
    PersonRecord.scope_service_field,
    PersonRecord.scope_user_field,
)
TEAM = (TeamRecord.scope_team_field, TeamRecord.scope_service_field)


def _scope(model: type[OrgOwned]) -> tuple[str | None, ...]:
    return (model.scope_team_field, model.scope_service_field, model.scope_user_field)


def test_a_person_record_has_a_person_on_the_register_and_a_team_record_a_team() -> None:
    people: list[Any] = [m for m in apps.get_models() if issubclass(m, PersonRecord)]
    teams: list[Any] = [m for m in apps.get_models() if issubclass(m, TeamRecord)]
    assert len(people) >= 5 and len(teams) >= 5
    for model in people:
        person = model._meta.get_field("person")
        assert person.related_model._meta.label == "people.StaffMember", model
        assert _scope(model) == PERSON, model
    for model in teams:
        team = model._meta.get_field("team")
        assert team.related_model._meta.label == "people.Team", model
        assert _scope(model)[:2] == TEAM, model


def test_no_model_spells_out_a_bases_scope_by_hand() -> None:
    for model in apps.get_models():
        if not issubclass(model, OrgOwned) or issubclass(model, PersonRecord | TeamRecord):
            continue
        assert _scope(model) != PERSON, f"{model.__name__}: subclass PersonRecord"
        assert _scope(model)[:2] != TEAM, f"{model.__name__}: subclass TeamRecord"


def test_one_of_is_the_check_it_replaces_and_no_model_writes_it_by_hand() -> None:
    by_hand = models.CheckConstraint(
        condition=models.Q(status__in=VacancyStatus.values), name="vacancy_status_valid"
    )
    assert one_of("status", VacancyStatus, "vacancy_status_valid") == by_hand
    for path in (ROOT / "thrive").rglob("*models*.py"):
        found = re.findall(r"Q\(\w+__in=\w+\.values\)", path.read_text())
        assert not found, f"{path}: use one_of(...) for {found}"
