"""Writes for the academy: its dated rules and programme definitions, cohorts and their recall
days (learning sessions), enrolment (one person, or every newly qualified starter the register
holds), the named people around the assessed year, evidence, reviews and sign-off, the outcome
and the move to a substantive team. Each is one transaction with an audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from thrive.academy import defaults, selectors
from thrive.academy.dates import add_months
from thrive.academy.models import (
    AcademyRule,
    Cohort,
    Enrolment,
    Evidence,
    Outcome,
    ProgrammeDefinition,
    Review,
)
from thrive.academy.services.checks import check_complete, check_evidence, check_sign_off
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.core.working_days import working_day_on_or_after
from thrive.people.models import EmploymentSpell, Organisation, StaffMember, Team
from thrive.people.services import full_clean_or_raise

LONDON = ZoneInfo("Europe/London")


@transaction.atomic
def rule_add(*, organisation: Organisation, actor: Any, **fields: Any) -> AcademyRule:
    """The academy's rules from a date (recall days every so many months, development time …)."""
    rule = AcademyRule(organisation=organisation, **fields)
    if (
        AcademyRule.objects.for_org(organisation)
        .filter(effective_from=rule.effective_from)
        .exists()
    ):
        raise ThriveError("There is already a rule from that date.", field="effective_from")
    full_clean_or_raise(rule)
    rule.save()
    audit_log(
        action="academy.rule_added",
        user=actor,
        organisation=organisation,
        obj=rule,
        summary=str(rule),
    )
    return rule


@transaction.atomic
def programme_add(
    *,
    organisation: Organisation,
    name: str,
    effective_from: date,
    review_months: list[int],
    reflection_months: list[int],
    evidence: dict[str, int],
    actor: Any,
) -> ProgrammeDefinition:
    """A definition of the assessed first year from a date (the ASYE; the early career programme
    that replaces it)."""
    if not review_months:
        raise ThriveError("Give at least one review month.", field="review_months")
    if any(m < 1 or m > 24 for m in review_months):
        raise ThriveError("Review months run from 1 to 24.", field="review_months")
    if not set(reflection_months) <= set(review_months):
        raise ThriveError(
            "Critical reflections are written at reviews: each reflection month must be a "
            "review month.",
            field="reflection_months",
        )
    if any(n < 0 for n in evidence.values()) or not any(evidence.values()):
        raise ThriveError("Ask for some evidence, none of it a negative number.", field="evidence")
    if programmes_from(organisation, effective_from):
        raise ThriveError("There is already a programme from that date.", field="effective_from")
    row = ProgrammeDefinition(
        organisation=organisation,
        name=name,
        effective_from=effective_from,
        review_months=sorted(set(review_months)),
        reflection_months=sorted(set(reflection_months)),
        evidence={k: int(v) for k, v in evidence.items()},
    )
    full_clean_or_raise(row)
    row.save()
    audit_log(
        action="academy.programme_added",
        user=actor,
        organisation=organisation,
        obj=row,
        summary=str(row),
    )
    return row


def programmes_from(organisation: Organisation, day: date) -> bool:
    return ProgrammeDefinition.objects.for_org(organisation).filter(effective_from=day).exists()


def programme_for(organisation: Organisation, on: date) -> ProgrammeDefinition:
    """The programme in force on *on*; the ASYE (domain-facts) for a council with none yet."""
    found = selectors.programme_on(organisation, on)
    if found is not None:
        return found
    if programmes_from(organisation, defaults.ASYE["effective_from"]):
        raise ThriveError(f"No programme definition is in force on {on:%-d %B %Y}.")
    return programme_add(organisation=organisation, actor=None, **defaults.ASYE)


@transaction.atomic
def cohort_add(
    *,
    organisation: Organisation,
    name: str,
    starts_on: date,
    team: Team | None = None,
    practice_educators: Iterable[StaffMember] = (),
    actor: Any,
) -> Cohort:
    if team is not None and team.organisation_id != organisation.pk:
        raise ThriveError("The team belongs to another council.", field="team")
    if Cohort.objects.for_org(organisation).filter(name=name).exists():
        raise ThriveError(f"There is already a cohort called {name}.", field="name")
    cohort = Cohort(organisation=organisation, name=name, starts_on=starts_on, team=team)
    full_clean_or_raise(cohort)
    cohort.save()
    educators = list(practice_educators)
    if any(p.organisation_id != organisation.pk for p in educators):
        raise ThriveError("A practice educator belongs to another council.")
    cohort.practice_educators.set(educators)
    audit_log(
        action="academy.cohort_added",
        user=actor,
        organisation=organisation,
        obj=cohort,
        summary=f"Added the cohort {cohort}",
    )
    return cohort


def _cohort_for_start(organisation: Organisation, start: date, actor: Any) -> Cohort:
    """The intake a starter joins: the latest cohort that began up to six months before they
    started (or up to a month after), else a new one for their month."""
    found = (
        Cohort.objects.for_org(organisation)
        .filter(
            starts_on__gt=start - timedelta(days=183), starts_on__lte=start + timedelta(days=31)
        )
        .order_by("-starts_on")
        .first()
    )
    if found is not None:
        return found
    first = start.replace(day=1)
    name = f"{first:%B %Y} intake"
    existing = Cohort.objects.for_org(organisation).filter(name=name).first()
    return existing or cohort_add(
        organisation=organisation, name=name, starts_on=first, actor=actor
    )


@transaction.atomic
def enrol(
    *,
    person: StaffMember,
    cohort: Cohort,
    started_on: date,
    actor: Any,
    assessor: StaffMember | None = None,
    practice_educator: StaffMember | None = None,
    line_manager: StaffMember | None = None,
) -> Enrolment:
    """Enrol *person* in *cohort*: their reviews are set with due dates from *started_on* by the
    programme in force that day, and they get a place on the cohort's recall days to come."""
    organisation = cohort.organisation
    if person.organisation_id != organisation.pk:
        raise ThriveError("That person belongs to another council.")
    if Enrolment.objects.for_org(organisation).filter(person=person).exists():
        raise ThriveError(f"{person} is already enrolled in the academy.")
    programme = programme_for(organisation, started_on)
    enrolment = Enrolment(
        organisation=organisation,
        cohort=cohort,
        person=person,
        programme=programme,
        started_on=started_on,
        assessor=assessor,
        practice_educator=practice_educator or cohort.practice_educators.first(),
        line_manager=line_manager,
    )
    full_clean_or_raise(enrolment)
    enrolment.save()
    Review.objects.bulk_create(
        Review(
            organisation=organisation,
            enrolment=enrolment,
            month=m,
            due_on=add_months(started_on, m),
            reflection_needed=m in (programme.reflection_months or []),
        )
        for m in programme.review_months
    )
    _book_future_days(cohort, [person])
    audit_log(
        action="academy.enrolled",
        user=actor,
        organisation=organisation,
        obj=enrolment,
        summary=f"Enrolled {person} in {cohort} ({programme.name})",
    )
    return enrolment


def enrolment_for_spell(*, spell: EmploymentSpell, actor: Any) -> Enrolment | None:
    """What the register calls when a spell is added: a newly qualified social worker's first
    spell enrols them in their intake's cohort (None for anyone else, or someone enrolled)."""
    from thrive.caseloads.selectors import asye_start

    if spell.profession != "social_worker" or spell.contract not in ("permanent", "fixed_term"):
        return None
    if asye_start(spell) != spell.start_date:
        return None
    organisation = spell.organisation
    if Enrolment.objects.for_org(organisation).filter(person_id=spell.person_id).exists():
        return None
    earlier = EmploymentSpell.objects.for_org(organisation).filter(
        person_id=spell.person_id, profession="social_worker", start_date__lt=spell.start_date
    )
    if earlier.exists():
        return None
    with transaction.atomic():
        cohort = _cohort_for_start(organisation, spell.start_date, actor)
        return enrol(
            person=spell.person,
            cohort=cohort,
            started_on=spell.start_date,
            line_manager=spell.line_manager,
            actor=actor,
        )


def enrol_newly_qualified(*, organisation: Organisation, actor: Any) -> list[Enrolment]:
    """Enrol every newly qualified social worker who started in the last year and is not yet
    enrolled (the action for people already in the register)."""
    from thrive.core.commands import progress

    found = selectors.newly_qualified_spells(organisation, clock.today())
    done = []
    with transaction.atomic():
        for spell in progress(found, desc="Enrolling"):
            enrolment = enrolment_for_spell(spell=spell, actor=actor)
            if enrolment is not None:
                done.append(enrolment)
    return done


def _book_future_days(cohort: Cohort, people: Iterable[StaffMember]) -> int:
    from thrive.learning.models import Booking, LearningSession
    from thrive.learning.services import book

    if cohort.recall_item_id is None:
        return 0
    sessions = LearningSession.objects.for_org(cohort.organisation).filter(
        item_id=cohort.recall_item_id, starts_at__gt=clock.now(), cancelled=False
    )
    made = 0
    for session in sessions:
        for person in people:
            taken = Booking.objects.filter(session=session, person=person).exclude(
                status="cancelled"
            )
            if not taken.exists():
                book(session=session, user=person.user, person=person)
                made += 1
    return made


def _day(on: date, start: time, end: time) -> tuple[datetime, datetime]:
    return datetime.combine(on, start, tzinfo=LONDON), datetime.combine(on, end, tzinfo=LONDON)


def _working_day(on: date) -> date:
    """*on*, or the next day that is not a weekend or an English bank holiday."""
    return working_day_on_or_after(on)


@transaction.atomic
def recall_days_plan(*, cohort: Cohort, actor: Any) -> int:
    """The cohort's induction and recall days as learning sessions of one learning item (so
    places, attendance and CPD work as for any learning): the induction from the cohort's start,
    then a recall day every so many months (the academy rule in force) through the year. Everyone
    enrolled gets a place on the days to come. Returns the number of sessions added."""
    from thrive.learning.services import item_publish, item_save, session_add

    organisation = cohort.organisation
    if cohort.recall_item_id is not None:
        raise ThriveError("This cohort's recall days are already planned.")
    rule = selectors.rule_on(organisation, cohort.starts_on)
    item = item_save(
        organisation=organisation,
        actor=actor,
        title=f"Academy days: {cohort.name}"[:160],
        item_type="forum",
        provider_kind="in_house",
        description="The academy's induction and recall days for newly qualified social workers.",
        career_stages=["asye"],
        cpd_hours=Decimal("6"),
    )
    item_publish(item=item, actor=actor)
    cohort.recall_item = item
    cohort.version += 1
    cohort.save(update_fields=["recall_item", "version", "updated_at"])
    enrolled = cohort.enrolments.count()
    capacity = max(enrolled + 5, 20)
    induction = _working_day(cohort.starts_on)
    end = induction + timedelta(days=max(rule.induction_days, 1) * 7 // 5)
    starts, _ = _day(induction, time(9, 0), time(17, 0))
    _, ends = _day(_working_day(end - timedelta(days=1)), time(9, 0), time(17, 0))
    session_add(
        item=item,
        starts_at=starts,
        ends_at=ends,
        capacity=capacity,
        venue=f"Induction ({rule.induction_days} days)",
        actor=actor,
    )
    added = 1
    month = rule.recall_every_months
    while month <= 12:
        day = _working_day(add_months(cohort.starts_on, month))
        starts, ends = _day(day, time(9, 30), time(16, 30))
        session_add(
            item=item, starts_at=starts, ends_at=ends, capacity=capacity, venue="Recall day"
        )
        added += 1
        month += rule.recall_every_months
    people = [e.person for e in cohort.enrolments.select_related("person")]
    _book_future_days(cohort, people)
    audit_log(
        action="academy.recall_days_planned",
        user=actor,
        organisation=organisation,
        obj=cohort,
        summary=f"Planned {added} academy days for {cohort}",
    )
    return added


def _staff(organisation: Organisation, person: StaffMember | None) -> StaffMember | None:
    if person is not None and person.organisation_id != organisation.pk:
        raise ThriveError("That person belongs to another council.")
    return person


@transaction.atomic
def people_set(
    *,
    enrolment: Enrolment,
    assessor: StaffMember | None,
    practice_educator: StaffMember | None,
    line_manager: StaffMember | None,
    actor: Any,
    version: int | None = None,
) -> Enrolment:
    """Name the assessor, the practice educator and the line manager (*version*: the
    enrolment's version the user saw; a change since is refused)."""
    org = enrolment.organisation
    if enrolment.person_id in {getattr(p, "pk", None) for p in (assessor, line_manager)}:
        raise ThriveError("A newly qualified worker cannot assess or manage themselves.")
    with versioned_change(
        enrolment, version=version, actor=actor, action="academy.people_set"
    ) as change:
        locked = change.obj
        locked.assessor = _staff(org, assessor)
        locked.practice_educator = _staff(org, practice_educator)
        locked.line_manager = _staff(org, line_manager)
        change.summary = (
            f"Assessor {assessor or '-'}, practice educator {practice_educator or '-'}, "
            f"line manager {line_manager or '-'} for {locked.person}"
        )
    return locked


EVIDENCE_EXTENSIONS = (".pdf", ".doc", ".docx", ".jpg", ".jpeg", ".png")


@transaction.atomic
def evidence_add(
    *,
    enrolment: Enrolment,
    kind: str,
    title: str,
    on: date,
    note: str = "",
    file: Any = None,
    actor: Any,
) -> Evidence:
    """Add a piece of evidence of a kind the enrolment's programme asks for."""
    check_evidence(enrolment, kind, on)
    if file is not None and not str(getattr(file, "name", "")).lower().endswith(
        EVIDENCE_EXTENSIONS
    ):
        raise ThriveError("The file must be a PDF, a Word document, or a JPG or PNG image.")
    piece = Evidence(
        organisation=enrolment.organisation,
        enrolment=enrolment,
        kind=kind,
        title=title,
        on=on,
        note=note,
        added_by=actor,
    )
    if file is not None:
        piece.file = file
    full_clean_or_raise(piece)
    piece.save()
    audit_log(
        action="academy.evidence_added",
        user=actor,
        organisation=enrolment.organisation,
        obj=piece,
        summary=f"{piece.kind_label}: {title}",
    )
    return piece


@transaction.atomic
def review_record(
    *,
    review: Review,
    actor: Any,
    held_on: date | None = None,
    summary: str | None = None,
    critical_reflection: str | None = None,
    version: int | None = None,
) -> Review:
    """Record the review meeting and the assessor's summary, or the worker's critical reflection
    (each may be given alone). A review signed off is kept as it was signed. *version*: the
    review's version the user saw (a change since, the other's words included, is refused)."""
    if held_on is not None and held_on > clock.today():
        raise ThriveError("The review cannot be held in the future.", field="held_on")
    with versioned_change(
        review,
        version=version,
        actor=actor,
        action="academy.review_recorded",
        related=("enrolment__person",),
    ) as change:
        locked = change.obj
        if locked.signed_off_on:
            raise ThriveError("This review is signed off; it cannot be changed.")
        if held_on is not None:
            locked.held_on = held_on
        if summary is not None:
            locked.summary = summary
        if critical_reflection is not None:
            locked.critical_reflection = critical_reflection
        full_clean_or_raise(locked)
        change.summary = f"{locked} for {locked.enrolment.person}"
    return locked


@transaction.atomic
def review_sign_off(*, review: Review, actor: Any, version: int | None = None) -> Review:
    """Sign the review off as it was when the assessor read it (*version*)."""
    with versioned_change(
        review,
        version=version,
        actor=actor,
        action="academy.review_signed_off",
        related=("enrolment__person",),
    ) as change:
        locked = change.obj
        if locked.signed_off_on:
            raise ThriveError("This review is already signed off.")
        check_sign_off(locked, actor)
        locked.signed_off_by = actor
        locked.signed_off_on = clock.today()
        change.summary = f"Signed off the {locked} of {locked.enrolment.person}"
    return locked


@transaction.atomic
def outcome_record(
    *,
    enrolment: Enrolment,
    outcome: str,
    on: date,
    actor: Any,
    reasons: str = "",
    extended_to: date | None = None,
    version: int | None = None,
) -> Enrolment:
    """Pass (every review signed off, the portfolio complete), extension (with reasons and a new
    end date) or fail (with reasons). The record is kept: an extended year can later pass.
    *version*: the enrolment's version the user saw (a change since is refused)."""
    if outcome not in (Outcome.PASSED, Outcome.EXTENDED, Outcome.FAILED):
        raise ThriveError("Choose pass, extension or not passed.", field="outcome")
    if outcome != Outcome.PASSED and not reasons.strip():
        raise ThriveError("Give the reasons.", field="reasons")
    if outcome == Outcome.EXTENDED and (extended_to is None or extended_to <= on):
        raise ThriveError("Give the date the extension runs to, after today.", field="extended_to")
    with versioned_change(
        enrolment,
        version=version,
        actor=actor,
        action="academy.outcome_recorded",
        related=("person",),
    ) as change:
        locked = change.obj
        if locked.outcome in (Outcome.PASSED, Outcome.FAILED):
            raise ThriveError("The outcome of this assessed year is already recorded.")
        if outcome == Outcome.PASSED:
            (glance,) = selectors.progress(locked.organisation, [locked], on)
            check_complete(
                glance.evidence_have,
                glance.evidence_need,
                glance.reviews_signed,
                len(glance.reviews),
            )
        locked.outcome = outcome
        locked.outcome_on = on
        if reasons.strip() or outcome != Outcome.PASSED:
            locked.outcome_reasons = reasons
        if outcome == Outcome.EXTENDED:
            locked.extended_to = extended_to
        full_clean_or_raise(locked)
        change.summary = f"{locked.person}: {locked.get_outcome_display()}"
    return locked


@transaction.atomic
def transition_record(
    *, enrolment: Enrolment, team: Team, on: date, actor: Any, version: int | None = None
) -> Enrolment:
    """Record the move from the academy to a substantive team (*version*: the enrolment's
    version the user saw; a change since is refused)."""
    if team.organisation_id != enrolment.organisation_id:
        raise ThriveError("The team belongs to another council.", field="team")
    if on < enrolment.started_on:
        raise ThriveError("The move cannot be before the assessed year began.", field="on")
    with versioned_change(
        enrolment,
        version=version,
        actor=actor,
        action="academy.transitioned",
        related=("person",),
    ) as change:
        locked = change.obj
        locked.substantive_team = team
        locked.transitioned_on = on
        change.summary = f"{locked.person} moved to {team} on {on:%-d %B %Y}"
    return locked


from thrive.academy.services.history import asye_history_add  # noqa: E402
from thrive.academy.services.peer_groups import peer_groups_plan  # noqa: E402
from thrive.academy.services.progression import (  # noqa: E402
    level_add,
    manager_view_set,
    panel_decide,
    plan_add,
    plan_apply,
    plan_decline,
    plan_reopen,
    progression_defaults,
    progression_evidence_add,
)
from thrive.academy.services.reminders import leavers_record, review_reminders_send  # noqa: E402

__all__ = [
    "asye_history_add",
    "leavers_record",
    "level_add",
    "manager_view_set",
    "panel_decide",
    "peer_groups_plan",
    "plan_add",
    "plan_apply",
    "plan_decline",
    "plan_reopen",
    "progression_defaults",
    "progression_evidence_add",
    "review_reminders_send",
]
