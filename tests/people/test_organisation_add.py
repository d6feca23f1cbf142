"""A new council starts with the lists it then edits, given by ``organisation_add`` itself (no
signal): the practice skills of supervision, the tools of the workbook and recruitment's selection
steps (dated records, as migration 0016 gave the councils there were then)."""

from __future__ import annotations

from datetime import date

import pytest

from thrive.core.errors import ThriveError
from thrive.people.models import Organisation, Region
from thrive.people.services import organisation_add
from thrive.recruitment.defaults import SELECTION_STEPS
from thrive.recruitment.models import SelectionTemplate
from thrive.supervision.defaults import DEFAULT_SKILLS
from thrive.supervision.models import PracticeSkill
from thrive.workbook.defaults import DEFAULT_TOOLS
from thrive.workbook.models import PracticeTool


@pytest.mark.django_db
def test_a_new_council_gets_its_default_skills_and_tools() -> None:
    org = organisation_add(code="331", name="Coventry", region=Region.WEST_MIDLANDS)
    assert PracticeSkill.objects.filter(organisation=org).count() == len(DEFAULT_SKILLS)
    assert PracticeTool.objects.filter(organisation=org).count() == len(DEFAULT_TOOLS)


@pytest.mark.django_db
def test_a_new_council_gets_thrives_selection_steps_as_dated_records() -> None:
    org = organisation_add(code="331", name="Coventry", region=Region.WEST_MIDLANDS)
    kept = {
        t.post_kind: (t.effective_from, t.effective_to, t.steps, t.added_by)
        for t in SelectionTemplate.objects.filter(organisation=org)
    }
    assert kept == {
        kind: (date(2000, 1, 1), None, SELECTION_STEPS[kind], None)
        for kind in ("practice", "manager")
    }


@pytest.mark.django_db
def test_a_refused_council_leaves_nothing_behind_and_saving_a_model_adds_nothing() -> None:
    organisation_add(code="331", name="Coventry", region=Region.WEST_MIDLANDS)
    with pytest.raises(ThriveError):
        organisation_add(code="331", name="Again", region=Region.WEST_MIDLANDS)
    with pytest.raises(ThriveError):
        organisation_add(code="332", name="Nowhere", region="Atlantis")
    assert Organisation.objects.count() == 1
    # Defaults come from the service, not from a hidden save hook.
    bare = Organisation.objects.create(code="999", name="Bare", region=Region.LONDON)
    assert not PracticeSkill.objects.filter(organisation=bare).exists()
    assert not PracticeTool.objects.filter(organisation=bare).exists()
    assert not SelectionTemplate.objects.filter(organisation=bare).exists()
