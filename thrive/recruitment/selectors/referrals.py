"""Referrals and their rewards, for HR: each application a member of staff referred, the reward
in force on the day the friend applied, when it becomes due and whether it is due now. Four
queries whatever the number of referrals."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from analytics.supervision import add_months
from thrive.people.models import EmploymentSpell, Organisation
from thrive.recruitment.models import (
    Application,
    ChannelKind,
    ReferralReward,
    RewardDue,
    Stage,
)


class ReferralStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    NO_REWARD = "no_reward"
    NOT_HIRED = "not_hired"
    WAITING = "waiting"
    LEFT = "left"
    DUE = "due"
    PAID = "paid"


STATUS_WORDS = {
    ReferralStatus.IN_PROGRESS: "Application in progress",
    ReferralStatus.NO_REWARD: "No reward",
    ReferralStatus.NOT_HIRED: "Not hired",
    ReferralStatus.WAITING: "Not yet due",
    ReferralStatus.LEFT: "Not due: left",
    ReferralStatus.DUE: "Due",
    ReferralStatus.PAID: "Paid",
}


@dataclass(frozen=True)
class ReferralRow:
    application: Application
    referrer: str
    reward: ReferralReward | None
    due_on: date | None
    status: ReferralStatus
    why: str

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]


def rewards_of(organisation: Organisation) -> list[ReferralReward]:
    """The council's rewards, latest first."""
    return list(ReferralReward.objects.for_org(organisation).select_related("added_by"))


def reward_on(rewards: list[ReferralReward], day: date) -> ReferralReward | None:
    """The reward in force on *day* from *rewards* (latest first)."""
    return next((r for r in rewards if r.effective_from <= day), None)


def _referrals(organisation: Organisation) -> QuerySet[Application]:
    return (
        Application.objects.for_org(organisation)
        .filter(referred_by__isnull=False, channel__kind=ChannelKind.REFER_A_FRIEND)
        .select_related("referred_by", "vacancy", "hired", "referral_payment")
        .prefetch_related(
            Prefetch("hired__spells", queryset=EmploymentSpell.objects.order_by("start_date"))
        )
        .order_by("-applied_on", "candidate_name")
    )


def _left_by(application: Application, day: date) -> date | None:
    """The day the hired friend left, if they had left by *day* (None while in post)."""
    if application.hired is None:
        return None
    spells = list(application.hired.spells.all())
    if not spells or any(s.end_date is None or s.end_date > day for s in spells):
        return None
    return max(s.end_date for s in spells if s.end_date is not None)


def referral_row(
    application: Application, *, on: date, rewards: list[ReferralReward] | None = None
) -> ReferralRow:
    """Where the reward for *application*'s referral stands on *on*."""
    if rewards is None:
        rewards = rewards_of(application.organisation)
    referrer = application.referred_by.full_name if application.referred_by else ""
    reward = reward_on(rewards, application.applied_on)

    def row(status: ReferralStatus, why: str, due_on: date | None = None) -> ReferralRow:
        return ReferralRow(application, referrer, reward, due_on, status, why)

    payment = getattr(application, "referral_payment", None)
    if payment is not None:
        return row(ReferralStatus.PAID, f"paid £{payment.amount} on {payment.paid_on:%-d %B %Y}")
    if reward is None:
        return row(ReferralStatus.NO_REWARD, "no reward was in force on the day they applied")
    if application.stage in (Stage.DECLINED, Stage.WITHDRAWN, Stage.REJECTED):
        return row(ReferralStatus.NOT_HIRED, application.get_stage_display().lower())
    if application.start_date is None:
        return row(ReferralStatus.IN_PROGRESS, "no start date is confirmed yet")
    due_on = application.start_date
    if reward.due == RewardDue.PROBATION:
        due_on = add_months(application.start_date, reward.probation_months)
    left = _left_by(application, min(on, due_on))
    if left is not None and left <= due_on:
        return row(ReferralStatus.LEFT, f"they left on {left:%-d %B %Y}", due_on)
    if due_on > on:
        return row(ReferralStatus.WAITING, f"due on {due_on:%-d %B %Y}", due_on)
    return row(ReferralStatus.DUE, f"due since {due_on:%-d %B %Y}", due_on)


def referral_rows(organisation: Organisation, *, on: date) -> list[ReferralRow]:
    """Every referral of the council and where its reward stands on *on*, those due first."""
    rewards = rewards_of(organisation)
    rows = [referral_row(a, on=on, rewards=rewards) for a in _referrals(organisation)]
    first = {ReferralStatus.DUE: 0, ReferralStatus.WAITING: 1}
    return sorted(rows, key=lambda r: first.get(r.status, 2))


def referral_application(organisation: Organisation, pk: int) -> Application | None:
    return _referrals(organisation).filter(pk=pk).first()
