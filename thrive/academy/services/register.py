"""The register's hook into the academy: newly qualified social workers enrolled as their spell is
added (a person added, a hire, an import), in one pass once the adding commits. Registered with
``thrive.people.services.on_spells_added`` by the academy's app config."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from thrive.academy import defaults, selectors
from thrive.academy.models import Enrolment
from thrive.academy.services import _cohort_for_start, enrol
from thrive.core import clock
from thrive.core.staging import chunks
from thrive.people.models import EmploymentSpell


def enrol_added_spells(*, spell_ids: list[int], actor: Any) -> list[Enrolment]:
    """The register's hook for spells added (a person added, a hire, an import): in one pass,
    enrol every newly qualified social worker whose first social work spell is among them and
    whose first year has not ended. Set-based: the spells, their people's earlier spells and who
    is enrolled are read once per council, then each is enrolled in their intake's cohort."""
    from thrive.caseloads.selectors import asye_start

    since = clock.today() - timedelta(days=defaults.FIRST_YEAR_DAYS)
    # Only spells started within the first year are read (an import of a council's whole
    # history adds thousands of older spells).
    # In chunks: a whole council's import adds more spells than one statement may name.
    added = [
        spell
        for chunk in chunks(spell_ids)
        for spell in EmploymentSpell.objects.filter(
            pk__in=chunk,
            profession="social_worker",
            contract__in=("permanent", "fixed_term"),
            start_date__gt=since,
        ).select_related("person", "organisation", "line_manager")
    ]
    by_org: dict[int, list[EmploymentSpell]] = {}
    for spell in added:
        if spell.start_date > since and asye_start(spell) == spell.start_date:
            by_org.setdefault(spell.organisation_id, []).append(spell)
    done: list[Enrolment] = []
    for spells in by_org.values():
        organisation = spells[0].organisation
        enrolled = selectors.enrolled_person_ids(organisation)
        first: dict[int, date] = {}
        for chunk in chunks(sorted({s.person_id for s in spells})):
            for person_id, start in (
                EmploymentSpell.objects.for_org(organisation)
                .filter(person_id__in=chunk, profession="social_worker")
                .order_by("person_id", "start_date")
                .values_list("person_id", "start_date")
            ):
                first.setdefault(person_id, start)
        with transaction.atomic():
            for spell in sorted(spells, key=lambda s: (s.start_date, s.person_id)):
                if spell.person_id in enrolled or first.get(spell.person_id) != spell.start_date:
                    continue
                cohort = _cohort_for_start(organisation, spell.start_date, actor)
                done.append(
                    enrol(
                        person=spell.person,
                        cohort=cohort,
                        started_on=spell.start_date,
                        line_manager=spell.line_manager,
                        actor=actor,
                    )
                )
                enrolled.add(spell.person_id)
    return done
