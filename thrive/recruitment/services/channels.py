"""The council's list of recruitment channels."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from thrive.core.audit import audit_log
from thrive.people.models import Organisation
from thrive.recruitment.defaults import DEFAULT_CHANNELS
from thrive.recruitment.models import Channel


@transaction.atomic
def channels_add_defaults(*, organisation: Organisation, actor: Any = None) -> int:
    """Give the council the channels it starts from, if it has none yet; how many were added."""
    if Channel.objects.filter(organisation=organisation).exists():
        return 0
    Channel.objects.bulk_create(
        Channel(organisation=organisation, name=name, kind=kind, platform=platform)
        for name, kind, platform in DEFAULT_CHANNELS
    )
    audit_log(
        action="recruitment.channels_added",
        user=actor,
        organisation=organisation,
        summary=f"{len(DEFAULT_CHANNELS)} channels",
    )
    return len(DEFAULT_CHANNELS)
