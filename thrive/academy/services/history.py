"""Assessed years recorded in bulk, as a council bringing its academy's history to Thrive does (and
the demo): evidence, reviews held and signed off, and years passed, with the checks the one-at-a-
time services make and the same audit trail, written together."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from thrive.academy.models import Enrolment, Evidence, Outcome, Review
from thrive.academy.services.checks import check_complete, check_evidence, check_sign_off
from thrive.core import clock
from thrive.core.audit import audit_log_many
from thrive.core.errors import ThriveError
from thrive.people.models import Organisation
from thrive.people.services import full_clean_or_raise

REVIEW_FIELDS = ["held_on", "summary", "critical_reflection", "signed_off_by", "signed_off_on"]


@transaction.atomic
def asye_history_add(
    *,
    organisation: Organisation,
    evidence: Sequence[Evidence] = (),
    reviews: Sequence[Review] = (),
    passed: Sequence[Enrolment] = (),
    actor: Any = None,
) -> None:
    """Record the history of assessed years at once: each piece of *evidence* (its enrolment,
    kind, title and date set) checked as `evidence_add` checks it; each of *reviews* (already
    set by enrolment, with ``held_on``, ``summary``, ``critical_reflection`` and, when it was
    signed off, ``signed_off_on``) as `review_record` and `review_sign_off` check them, signed
    off by *actor*; each of *passed* (``outcome_on`` set) as `outcome_record` checks a pass,
    once the evidence and reviews are in. All or nothing; a fixed number of queries."""
    today = clock.today()
    ids = (
        {p.enrolment_id for p in evidence}
        | {r.enrolment_id for r in reviews}
        | {e.pk for e in passed}
    )
    years = (
        Enrolment.objects.for_org(organisation)
        .select_related("person", "programme")
        .in_bulk(list(ids))
    )
    if len(years) != len(ids):
        raise ThriveError("An assessed year belongs to another council.")
    for piece in evidence:
        piece.enrolment = years[piece.enrolment_id]
        check_evidence(piece.enrolment, piece.kind, piece.on)
        piece.organisation, piece.added_by = organisation, actor
        full_clean_or_raise(piece, exclude=["organisation", "enrolment", "added_by"])
    signed_before = set(
        Review.objects.filter(
            pk__in=[r.pk for r in reviews], signed_off_on__isnull=False
        ).values_list("pk", flat=True)
    )
    for review in reviews:
        review.enrolment = years[review.enrolment_id]
        if review.pk in signed_before:
            raise ThriveError(f"The {review} of {review.enrolment.person} is already signed off.")
        if review.held_on is not None and review.held_on > today:
            raise ThriveError("The review cannot be held in the future.", field="held_on")
        if review.signed_off_on is not None:
            check_sign_off(review, actor)
            if not review.held_on <= review.signed_off_on <= today:  # type: ignore[operator]
                raise ThriveError(
                    "A review is signed off between the day it was held and today.",
                    field="signed_off_on",
                )
            review.signed_off_by = actor
        review.version += 1
        # The one constraint (signed only when held) was checked above: no query per review.
        full_clean_or_raise(
            review,
            exclude=["organisation", "enrolment", "signed_off_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    decided = set(
        Enrolment.objects.filter(
            pk__in=[e.pk for e in passed], outcome__in=(Outcome.PASSED, Outcome.FAILED)
        ).values_list("pk", flat=True)
    )
    for year in passed:
        if year.pk in decided:
            raise ThriveError(f"The outcome of {year.person}'s assessed year is already recorded.")
        if year.outcome_on is None or year.outcome_on > today:
            raise ThriveError("Give the day the assessed year passed, today or before.")
    Evidence.objects.bulk_create(evidence, batch_size=2000)
    Review.objects.bulk_update(reviews, [*REVIEW_FIELDS, "version"], batch_size=1000)
    _check_passes(passed, years)
    for year in passed:
        year.outcome = Outcome.PASSED
        year.version += 1
    Enrolment.objects.bulk_update(passed, ["outcome", "outcome_on", "version"], batch_size=1000)
    audit_log_many(_events(organisation, evidence, reviews, passed, actor))


def _check_passes(passed: Sequence[Enrolment], years: dict[int, Enrolment]) -> None:
    """Every year passing has its portfolio complete and every review signed off (two queries
    for the lot)."""
    if not passed:
        return
    pks = [e.pk for e in passed]
    have = Counter(Evidence.objects.filter(enrolment__in=pks).values_list("enrolment_id", "kind"))
    reviews: Counter[int] = Counter()
    signed: Counter[int] = Counter()
    for enrolment_id, signed_off_on in Review.objects.filter(enrolment__in=pks).values_list(
        "enrolment_id", "signed_off_on"
    ):
        reviews[enrolment_id] += 1
        signed[enrolment_id] += signed_off_on is not None
    for year in passed:
        needs = {k: int(n) for k, n in (years[year.pk].programme.evidence or {}).items()}
        check_complete(
            sum(min(have[(year.pk, kind)], need) for kind, need in needs.items()),
            sum(needs.values()),
            signed[year.pk],
            reviews[year.pk],
        )


def _events(
    organisation: Organisation,
    evidence: Sequence[Evidence],
    reviews: Sequence[Review],
    passed: Sequence[Enrolment],
    actor: Any,
) -> list[dict[str, Any]]:
    said = {"user": actor, "organisation": organisation}
    events = [
        {"action": "academy.evidence_added", "obj": p, "summary": f"{p.kind_label}: {p.title}"}
        | said
        for p in evidence
    ]
    for r in reviews:
        person = r.enrolment.person
        events.append(
            {"action": "academy.review_recorded", "obj": r, "summary": f"{r} for {person}"} | said
        )
        if r.signed_off_on is not None:
            events.append(
                {
                    "action": "academy.review_signed_off",
                    "obj": r,
                    "summary": f"Signed off the {r} of {person}",
                }
                | said
            )
    events += [
        {
            "action": "academy.outcome_recorded",
            "obj": e,
            "summary": f"{e.person}: {e.get_outcome_display()}",
        }
        | said
        for e in passed
    ]
    return events
