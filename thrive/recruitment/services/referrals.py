"""The referral reward: the council sets it as dated data (amount, when it is due, conditions);
HR records it paid once the referred friend has started, or passed probation, and is still in
post."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.people.models import Organisation
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import (
    Application,
    ReferralPayment,
    ReferralReward,
    RewardDue,
)


@transaction.atomic
def referral_reward_set(
    *,
    organisation: Organisation,
    actor: Any,
    effective_from: date,
    amount: Decimal,
    due: str,
    probation_months: int = 6,
    conditions: str = "",
) -> ReferralReward:
    """Set the reward for referrals made from *effective_from*. A date already used is refused:
    the referrals made under it keep the reward they were promised."""
    if due not in RewardDue.values:
        raise ThriveError("Choose when the reward becomes due.", field="due")
    if ReferralReward.objects.for_org(organisation).filter(effective_from=effective_from).exists():
        raise ThriveError(
            f"A reward already starts on {effective_from:%-d %B %Y}; choose another date.",
            field="effective_from",
        )
    if amount < 0:
        raise ThriveError("The amount cannot be negative.", field="amount")
    reward = ReferralReward(
        organisation=organisation,
        effective_from=effective_from,
        amount=amount,
        due=due,
        probation_months=probation_months if due == RewardDue.PROBATION else 0,
        conditions=conditions.strip(),
        added_by=actor,
    )
    full_clean_or_raise(reward)
    reward.save()
    audit_log(
        action="recruitment.referral_reward_set",
        user=actor,
        organisation=organisation,
        obj=reward,
        summary=f"Referral reward £{amount} for referrals from {effective_from:%-d %B %Y}",
    )
    return reward


@transaction.atomic
def referral_reward_pay(
    *, application: Application, actor: Any, paid_on: date | None = None
) -> ReferralPayment:
    """Record the reward for *application*'s referral as paid, at the amount then in force; only
    once it is due (see :func:`thrive.recruitment.selectors.referrals.referral_rows`)."""
    from thrive.recruitment.selectors.referrals import ReferralStatus, referral_row

    locked = Application.objects.select_for_update().get(pk=application.pk)
    row = referral_row(locked, on=clock.today())
    if row.status == ReferralStatus.PAID:
        raise ThriveError(f"The reward for referring {locked.candidate_name} is already paid.")
    if row.status != ReferralStatus.DUE or row.reward is None:
        raise ThriveError(
            f"The reward for referring {locked.candidate_name} is not due: {row.why}."
        )
    payment = ReferralPayment(
        organisation=locked.organisation,
        application=locked,
        amount=row.reward.amount,
        paid_on=paid_on or clock.today(),
        recorded_by=actor,
    )
    full_clean_or_raise(payment)
    payment.save()
    audit_log(
        action="recruitment.referral_reward_paid",
        user=actor,
        organisation=locked.organisation,
        obj=locked,
        summary=f"£{payment.amount} to {row.referrer} for referring {locked.candidate_name}",
    )
    return payment
