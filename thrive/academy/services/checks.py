"""The checks an assessed year's records pass, shared by the one-at-a-time services (evidence,
review sign-off, a pass) and `asye_history_add`, which records many at once."""

from __future__ import annotations

from datetime import date
from typing import Any

from thrive.academy.models import Enrolment, Review
from thrive.core import clock
from thrive.core.errors import ThriveError


def check_evidence(enrolment: Enrolment, kind: str, on: date) -> None:
    if kind not in (enrolment.programme.evidence or {}):
        raise ThriveError(
            f"{enrolment.programme.name} does not ask for that kind of evidence.", field="kind"
        )
    if on > clock.today():
        raise ThriveError("The date cannot be in the future.", field="on")
    if on < enrolment.started_on:
        raise ThriveError(
            f"The date is before the assessed year began ({enrolment.started_on:%-d %B %Y}).",
            field="on",
        )


def check_sign_off(review: Review, actor: Any) -> None:
    if review.held_on is None or not review.summary.strip():
        raise ThriveError("Record when the review was held and the assessor's summary first.")
    if review.reflection_needed and not review.critical_reflection.strip():
        raise ThriveError(
            f"The {review.month}-month review needs the worker's critical reflection first."
        )
    if review.enrolment.person.user_id is not None and review.enrolment.person.user_id == getattr(
        actor, "pk", None
    ):
        raise ThriveError("You cannot sign off your own review.")


def check_complete(have: int, need: int, signed: int, reviews: int) -> None:
    """A pass needs the portfolio complete (*have* of *need* pieces) and every review signed."""
    if have != need or signed != reviews:
        raise ThriveError(
            "The assessed year can pass only when every review is signed off and the "
            f"portfolio is complete ({have} of {need} pieces, "
            f"{signed} of {reviews} reviews signed off)."
        )
