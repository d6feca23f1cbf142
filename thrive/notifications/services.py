"""Writes for the council's GOV.UK Notify service and for each person's notification settings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import STALE, lock_checked
from thrive.core.errors import ThriveError
from thrive.core.outbox import MESSAGE_KINDS
from thrive.core.permissions import access_for
from thrive.notifications.models import (
    Notification,
    NotificationSettings,
    NotifyService,
    NotifyTemplate,
)
from thrive.notifications.policy import may_configure_notify
from thrive.notifications.preferences import ALWAYS_EMAILED, TEXT_KINDS
from thrive.people.models import Organisation

ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CHANNELS = ("email", "sms")


@dataclass
class NotifySettings:
    enabled: bool = False
    api_key_env: str = ""
    email_reply_to_id: str = ""
    sms_sender_id: str = ""
    # (kind, channel) -> Notify template id
    templates: dict[tuple[str, str], str] = field(default_factory=dict)


def _check(wanted: NotifySettings) -> NotifySettings:
    env = wanted.api_key_env.strip()
    if env and not ENV_NAME.match(env):
        raise ThriveError(
            "Enter the name of an environment variable (capital letters, digits and _), "
            "not the API key itself.",
            field="api_key_env",
        )
    if wanted.enabled and not env:
        raise ThriveError(
            "Enter the environment variable holding the API key before switching Notify on.",
            field="api_key_env",
        )
    templates: dict[tuple[str, str], str] = {}
    for (kind, channel), template_id in wanted.templates.items():
        value = (template_id or "").strip().lower()
        if not value:
            continue
        if kind not in MESSAGE_KINDS or channel not in CHANNELS:
            raise ThriveError(f"There is no message kind '{kind}' on '{channel}'.")
        if not UUID.match(value):
            raise ThriveError(
                "A Notify template ID looks like 1a2b3c4d-0000-1111-2222-333344445555 "
                "(copy it from the template's page in Notify).",
                field=f"template_{kind.replace('.', '_')}_{channel}",
            )
        templates[(kind, channel)] = value
    if wanted.enabled and not any(c == "email" for _, c in templates):
        raise ThriveError(
            "Give at least the email template for 'Other messages' before switching Notify on.",
            field="template_general_email",
        )
    for name in ("email_reply_to_id", "sms_sender_id"):
        value = getattr(wanted, name).strip().lower()
        if value and not UUID.match(value):
            raise ThriveError("This ID is copied from Notify's settings page.", field=name)
    return NotifySettings(
        enabled=wanted.enabled,
        api_key_env=env,
        email_reply_to_id=wanted.email_reply_to_id.strip().lower(),
        sms_sender_id=wanted.sms_sender_id.strip().lower(),
        templates=templates,
    )


def _described(service: NotifyService, templates: dict[tuple[str, str], str]) -> dict[str, Any]:
    return {
        "enabled": service.enabled,
        "api_key_env": service.api_key_env,
        "email_reply_to_id": service.email_reply_to_id,
        "sms_sender_id": service.sms_sender_id,
        "templates": {f"{k}/{c}": v for (k, c), v in sorted(templates.items())},
    }


@transaction.atomic
def notify_configure(
    *,
    organisation: Organisation,
    settings: NotifySettings,
    actor: Any = None,
    version: int | None = None,
    request: Any = None,
) -> NotifyService:
    """Set *organisation*'s GOV.UK Notify service. Refuses an actor without ``org.notify.manage``,
    a stale edit and settings that could send nothing; audits what changed (the name of the
    variable holding the key, never the key)."""
    if actor is not None and not may_configure_notify(access_for(actor, organisation)):
        raise ThriveError("Only the council's system administrator sets up GOV.UK Notify.")
    wanted = _check(settings)
    service = NotifyService.objects.filter(organisation=organisation).first()
    if service is None:
        service = NotifyService(organisation=organisation, version=0)
        before: dict[str, Any] = _described(NotifyService(), {})
    else:
        service = lock_checked(service, version=version)
        have = {(t.kind, t.channel): str(t.template_id) for t in service.templates.all()}
        before = _described(service, have)
    service.enabled = wanted.enabled
    service.api_key_env = wanted.api_key_env
    service.email_reply_to_id = wanted.email_reply_to_id
    service.sms_sender_id = wanted.sms_sender_id
    after = _described(service, wanted.templates)
    if after == before:
        return service
    service.version += 1
    service.updated_at = clock.now()
    service.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    service.full_clean()
    service.save()
    service.templates.all().delete()
    NotifyTemplate.objects.bulk_create(
        NotifyTemplate(service=service, kind=k, channel=c, template_id=v)
        for (k, c), v in wanted.templates.items()
    )
    changed = sorted(key for key in after if after[key] != before.get(key))
    audit_log(
        action="notify.configured",
        user=actor,
        organisation=organisation,
        obj=service,
        summary=f"GOV.UK Notify {'on' if service.enabled else 'off'}; changed {', '.join(changed)}",
        detail={"before": before, "after": after},
        request=request,
    )
    return service


MOBILE = re.compile(r"^(\+44|0)7\d{9}$")


@transaction.atomic
def notification_settings_save(
    *,
    user: Any,
    mobile: str,
    digest: bool,
    channels: dict[str, str],
    version: int | None = None,
    text_consent: bool = False,
) -> NotificationSettings:
    """Save how *user* hears about each kind of message. Refuses an unknown kind or channel, text
    messages for a kind too long for one, without a UK mobile number or without the person's
    agreement (*text_consent*), and a stale edit (another tab saved first). The agreement is
    kept with its time while any kind comes by text to the same number."""
    number = re.sub(r"[\s()-]", "", mobile or "")
    if number and not MOBILE.match(number):
        raise ThriveError(
            "Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982.", field="mobile"
        )
    chosen: dict[str, str] = {}
    for kind, how in channels.items():
        if kind not in MESSAGE_KINDS or how not in NotificationSettings.Channel.values:
            raise ThriveError(f"There is no message kind '{kind}' to send by '{how}'.")
        if kind in ALWAYS_EMAILED and how != NotificationSettings.Channel.EMAIL:
            raise ThriveError(f"{MESSAGE_KINDS[kind]} always come by email.")
        if how == NotificationSettings.Channel.TEXT and kind not in TEXT_KINDS:
            raise ThriveError(
                f"{MESSAGE_KINDS[kind]} are too long for a text message: choose email or "
                "only in Thrive.",
                field=f"channel_{kind.replace('.', '_')}",
            )
        if how == NotificationSettings.Channel.TEXT and not number:
            raise ThriveError(
                f"Enter your mobile number to have {MESSAGE_KINDS[kind].lower()} by text message.",
                field="mobile",
            )
        if how != NotificationSettings.Channel.EMAIL:
            chosen[kind] = how
    found = NotificationSettings.objects.filter(user=user).first()
    if found is None:
        if version:  # the person saw settings that have since gone
            raise ThriveError(STALE)
        found = NotificationSettings(user=user, version=0)
    else:
        found = lock_checked(found, version=version)
    texting = any(h == NotificationSettings.Channel.TEXT for h in chosen.values())
    agreed = found.text_consent_at is not None and found.mobile == number
    if texting and not (text_consent or agreed):
        raise ThriveError(
            "Tick the box to agree to text messages to this number, or choose email.",
            field="text_consent",
        )
    found.text_consent_at = (found.text_consent_at if agreed else clock.now()) if texting else None
    found.mobile = number
    found.digest = bool(digest)
    found.channels = chosen
    found.version += 1
    found.updated_at = clock.now()
    found.full_clean()
    found.save()
    return found


def notifications_mark_read(*, user: Any, ids: list[int] | None = None) -> int:
    """Mark *user*'s notifications *ids* (all unread ones when None) as read. Another person's
    are never touched. Returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=clock.now())
