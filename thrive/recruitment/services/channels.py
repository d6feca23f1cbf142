"""The council's list of recruitment channels: the defaults it starts from, and adding, renaming
or retiring one on its page."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from thrive.core.audit import audit_log
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.people.models import Organisation
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.defaults import DEFAULT_CHANNELS
from thrive.recruitment.models import Channel, ChannelKind


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


def _platform_for(kind: str, platform: str) -> str:
    platform = platform.strip()
    if kind == ChannelKind.SOCIAL_MEDIA and not platform:
        raise ThriveError("Say which platform, e.g. LinkedIn or Instagram.", field="platform")
    return platform


def _name_free(organisation: Organisation, name: str, but: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ThriveError("Enter the channel's name.", field="name")
    taken = Channel.objects.for_org(organisation).filter(name__iexact=name)
    if but is not None:
        taken = taken.exclude(pk=but)
    if taken.exists():
        raise ThriveError(f"The council already has a channel called '{name}'.", field="name")
    return name


@transaction.atomic
def channel_add(
    *, organisation: Organisation, actor: Any, name: str, kind: str, platform: str = ""
) -> Channel:
    """Add a channel candidates can say they heard of a job through."""
    if kind not in ChannelKind.values:
        raise ThriveError("Choose the kind of channel from the list.", field="kind")
    channel = Channel(
        organisation=organisation,
        name=_name_free(organisation, name),
        kind=kind,
        platform=_platform_for(kind, platform),
    )
    full_clean_or_raise(channel)
    channel.save()
    audit_log(
        action="recruitment.channel_added",
        user=actor,
        organisation=organisation,
        obj=channel,
        summary=f"Channel {channel.name} ({channel.get_kind_display()})",
    )
    return channel


def channel_change(
    *,
    channel: Channel,
    actor: Any,
    version: int | None,
    name: str,
    kind: str,
    platform: str = "",
    active: bool,
) -> Channel:
    """Rename a channel, change its kind or platform, or stop offering it to candidates (an
    inactive channel keeps its applications and still counts in the reports)."""
    if kind not in ChannelKind.values:
        raise ThriveError("Choose the kind of channel from the list.", field="kind")
    with versioned_change(
        channel,
        version=version,
        actor=actor,
        action="recruitment.channel_changed",
        stale="Someone else changed this channel; look at it again before changing it.",
    ) as change:
        locked = change.obj
        was = locked.name
        locked.name = _name_free(locked.organisation, name, but=locked.pk)
        locked.kind = kind
        locked.platform = _platform_for(kind, platform)
        locked.active = active
        full_clean_or_raise(locked)
        renamed = f" renamed {locked.name}" if was != locked.name else ""
        change.summary = f"Channel {was}{renamed}" + ("" if active else " (no longer offered)")
    return locked
