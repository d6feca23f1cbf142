"""Campaigns: a channel's push over some dates, at a cost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import Campaign, Channel


@transaction.atomic
def campaign_add(
    *,
    channel: Channel,
    actor: Any,
    name: str,
    starts_on: date,
    ends_on: date,
    cost: Decimal,
) -> Campaign:
    """Record a campaign through *channel* from *starts_on* to *ends_on* costing *cost*."""
    if ends_on < starts_on:
        raise ThriveError("The last day must be on or after the first day.")
    if cost < 0:
        raise ThriveError("The cost cannot be negative.")
    campaign = Campaign(
        organisation_id=channel.organisation_id,
        channel=channel,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        cost=cost,
        added_by=actor,
    )
    full_clean_or_raise(campaign)
    campaign.save()
    audit_log(
        action="recruitment.campaign_added",
        user=actor,
        organisation=campaign.organisation,
        obj=campaign,
        summary=f"{campaign.name} ({channel.name}), £{cost}",
    )
    return campaign
