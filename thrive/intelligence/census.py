"""The CSWW census return from the register: who is in it, with which values."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from analytics.census_xml import (
    CensusHeader,
    CensusProblem,
    CensusWorker,
    LAVacancies,
    build_census_xml,
    normalise_swe,
    validate_census,
    validate_workers,
)
from analytics.measures import census_year_bounds
from thrive.caseloads.models import Allocation
from thrive.core import clock
from thrive.intelligence.services import measures_for
from thrive.people.models import (
    EMPLOYEE_CONTRACTS,
    Absence,
    EmploymentSpell,
    Organisation,
    Profession,
)


def schema_path() -> Path | None:
    """The CSWW schema a return is checked against, where this installation has one:
    ``THRIVE_CENSUS_XSD`` if set, else ``specs/csww_2022.xsd`` in the shared folder. The schema is a
    community copy whose keepers ask that it is not copied into the repository, so without it a
    return is checked against Thrive's own rules only (the census page says so)."""
    configured = getattr(settings, "THRIVE_CENSUS_XSD", "")
    path = (
        Path(configured)
        if configured
        else Path(settings.THRIVE_SHARED_DIR) / "specs" / "csww_2022.xsd"
    )
    return path if path.exists() else None


@dataclass
class CensusReturn:
    header: CensusHeader
    vacancies: LAVacancies
    workers: list[CensusWorker]
    problems: list[CensusProblem]

    def xml(self) -> bytes:
        return build_census_xml(self.header, self.vacancies, self.workers)


def _bit(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _weeks_in_year(spell: EmploymentSpell, year_start: date, census_day: date) -> float:
    """Weeks of an agency assignment inside the census year (census ContractWeeks)."""
    start = max(spell.start_date, year_start)
    end = min(spell.end_date or census_day, census_day)
    return round(max((end - start).days + 1, 0) / 7, 1)


def census_return(organisation: Organisation, year: int) -> CensusReturn:
    """Every social worker employed at any time in the census year, agency included."""
    year_start, census_day = census_year_bounds(year)
    spells = list(
        EmploymentSpell.objects.for_org(organisation)
        .filter(profession=Profession.SOCIAL_WORKER, contract__in=[*EMPLOYEE_CONTRACTS, "agency"])
        .filter(start_date__lte=census_day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=year_start))
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "start_date")
    )
    people = {s.person_id for s in spells}
    cases: dict[int, int] = defaultdict(int)
    for worker_id, _child in (
        Allocation.objects.for_org(organisation)
        .filter(worker_id__in=people, start_date__lte=census_day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=census_day))
        .values_list("worker_id", "child_id")
        .distinct()
    ):
        cases[worker_id] += 1
    days_lost: dict[int, float] = defaultdict(float)
    absent_on_day: dict[int, str] = {}
    for a in Absence.objects.for_org(organisation).filter(
        person_id__in=people, start_date__lte=census_day, end_date__gte=year_start
    ):
        if a.reason == "SIC":
            total = (a.end_date - a.start_date).days + 1
            inside = (min(a.end_date, census_day) - max(a.start_date, year_start)).days + 1
            days_lost[a.person_id] += float(a.working_days) * inside / total
        if a.start_date <= census_day <= a.end_date:
            absent_on_day[a.person_id] = a.reason

    workers = []
    for s in spells:
        p = s.person
        agency = s.contract == "agency"
        ended = s.end_date is not None and s.end_date <= census_day
        in_post = not ended
        workers.append(
            CensusWorker(
                agency_worker=int(agency),
                swe_no=normalise_swe(p.swe_number),
                fte=float(s.fte),
                person_birth_date=p.date_of_birth,
                gender_current=p.gender,
                ethnicity=p.ethnicity or None,
                qual_inst=p.qualification_institution or None,
                qual_level=p.qualification_level,
                step_up_grad=_bit(p.step_up_grad),
                org_role=s.org_role,
                role_start_date=s.start_date,
                start_origin=s.start_origin,
                role_end_date=s.end_date if ended else None,
                leaver_destination=s.leaver_destination if ended else None,
                reason_leave=s.leaving_reason if ended else None,
                fte30=float(s.fte) if in_post else 0.0,
                cases30=cases.get(p.pk, 0) if in_post else 0,
                working_days_lost=None if agency else round(days_lost.get(p.pk, 0.0), 2),
                frontline_grad=_bit(p.frontline_grad),
                absat30_sept=int(p.pk in absent_on_day) if in_post else None,
                cfkss_status=p.cfkss_status,
                contract_weeks=_weeks_in_year(s, year_start, census_day) if agency else None,
                reason_absence=absent_on_day.get(p.pk) if in_post else None,
                ref=str(p.pk),
                display_name=p.full_name,
                spell_ref=str(s.pk),
            )
        )
    m = measures_for(organisation, year)
    vacancies = LAVacancies(
        number_of_vacancies=float(m["vacancy_fte"] or 0),
        agency_fte=float(m["agency_fte"] or 0),
        agency_headcount=int(m["agency_headcount"] or 0),
    )
    header = CensusHeader(
        year=year,
        la_code=organisation.code,
        software_code="Thrive",
        generated_at=clock.now().astimezone(ZoneInfo(settings.TIME_ZONE)).replace(microsecond=0),
    )
    result = CensusReturn(header=header, vacancies=vacancies, workers=workers, problems=[])
    result.problems = validate_workers(workers, year)
    xsd = schema_path()
    if xsd is not None:
        # What DfE's schema itself would refuse, found by checking the file we would write.
        # A worker whose record already breaks a rule is told that once, in the rule's words.
        flagged = {p.worker_index for p in result.problems}
        for problem in validate_census(result.xml(), xsd, rules=False):
            if problem.worker_index is not None:
                if problem.worker_index in flagged:
                    continue
                worker = workers[problem.worker_index]
                problem.ref, problem.display_name = worker.ref, worker.display_name
                problem.swe_no, problem.spell_ref = worker.swe_no, worker.spell_ref
            result.problems.append(problem)
    return result


def census_year_default(today: date) -> int:
    """The return made each October is for the year that ended on 30 September."""
    return today.year if today.month >= 10 else today.year - 1
