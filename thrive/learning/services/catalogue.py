"""Writes for the catalogue: an item, its publication (champions told), its withdrawal (its
sessions from then cancelled), and training champions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked, versioned_change
from thrive.core.errors import ThriveError
from thrive.learning.models import (
    Champion,
    LearningItem,
    LearningSession,
)
from thrive.learning.selectors.catalogue import sessions_from
from thrive.learning.services.booking import session_cancel
from thrive.learning.services.common import _mail
from thrive.people.models import Organisation, StaffMember
from thrive.people.services import full_clean_or_raise


@transaction.atomic
def item_save(
    *,
    organisation: Organisation,
    actor: Any,
    item: LearningItem | None = None,
    version: int | None = None,
    **fields: Any,
) -> LearningItem:
    if item is not None:
        item = lock_checked(
            item,
            version=version,
            stale="Someone else changed this item while you were editing it; look again.",
        )
        item.version += 1
    else:
        item = LearningItem(organisation=organisation)
    for name, value in fields.items():
        setattr(item, name, value)
    if item.mandatory and not item.renewal_months:
        raise ThriveError(
            "A mandatory item needs a renewal period (months).", field="renewal_months"
        )
    full_clean_or_raise(item)
    item.save()
    audit_log(
        action="learning.item_saved",
        user=actor,
        organisation=organisation,
        obj=item,
        summary=f"Saved {item}",
    )
    return item


@transaction.atomic
def item_publish(*, item: LearningItem, actor: Any) -> int:
    """Publish an item: it appears in the catalogue, and the training champions of its service
    are told. Returns how many champions were told."""
    if item.published_at is not None:
        raise ThriveError("This is already published.")
    item.published_at = clock.now()
    item.version += 1
    item.save(update_fields=["published_at", "version", "updated_at"])
    champions = []
    if item.service_id:
        champions = list(
            Champion.objects.filter(service_id=item.service_id).select_related("person__user")
        )
        _mail(
            [c.person.user.email for c in champions if c.person.user],
            f"New for your service: {item.title}",
            [
                f"{item.title} ({item.get_item_type_display()}) is now in the learning catalogue.",
                "",
                item.description,
                "",
                "As a training champion you can promote it from its page.",
            ],
            item.organisation,
        )
    audit_log(
        action="learning.item_published",
        user=actor,
        organisation=item.organisation,
        obj=item,
        summary=f"Published {item}; {len(champions)} champion(s) told",
    )
    return len(champions)


@transaction.atomic
def item_withdraw(
    *, item: LearningItem, on: date, reason: str, actor: Any, version: int | None = None
) -> list[LearningSession]:
    """Withdraw an item from a date: from then on only the people who manage the catalogue see
    it and nobody can book it. Its sessions from that date are cancelled (the people booked are
    told). Returns the sessions cancelled."""
    with versioned_change(
        item,
        version=version,
        actor=actor,
        action="learning.item_withdrawn",
        stale="Someone else changed this item while you were looking; look again.",
    ) as change:
        locked = change.obj
        if locked.withdrawn_on is not None:
            raise ThriveError(
                f"This item is already withdrawn from {locked.withdrawn_on:%-d %B %Y}."
            )
        if on < clock.today():
            raise ThriveError("The date to withdraw it from must be today or later.", field="on")
        reason = reason.strip()
        if not reason:
            raise ThriveError("Enter why it is withdrawn.", field="reason")
        locked.withdrawn_on = on
        locked.withdrawn_reason = reason
        change.fields = ["withdrawn_on", "withdrawn_reason"]
        cancelled = sessions_from(locked, on)
        for s in cancelled:
            session_cancel(session=s, reason=f"{locked.title} is withdrawn: {reason}", actor=actor)
        change.summary = (
            f"Withdrew {locked} from {on:%-d %B %Y}; {len(cancelled)} session(s) cancelled"
        )
        change.detail = {"reason": reason, "on": on.isoformat()}
    return cancelled


@transaction.atomic
def champion_add(
    *, organisation: Organisation, person: StaffMember | None, service: Any, actor: Any
) -> Champion:
    """Make *person* a training champion for *service* (told when something is published for it);
    adding someone who already is one changes nothing."""
    if person is None or service is None:
        raise ThriveError("Enter a staff ID in the register and choose a service.")
    if person.organisation_id != organisation.pk or service.organisation_id != organisation.pk:
        raise ThriveError("The person and the service must both be in this council.")
    champion = Champion.objects.filter(person=person, service=service).first()
    if champion is not None:
        return champion
    champion = Champion(organisation=organisation, person=person, service=service)
    full_clean_or_raise(champion)
    champion.save()
    audit_log(
        action="learning.champion_added",
        user=actor,
        organisation=organisation,
        obj=champion,
        summary=f"{person.full_name} is a training champion for {service.name}",
    )
    return champion


@transaction.atomic
def champion_remove(*, organisation: Organisation, champion_id: int, actor: Any) -> Champion:
    """Stop someone being a training champion for a service."""
    champion = (
        Champion.objects.for_org(organisation)
        .select_related("person", "service")
        .select_for_update()
        .filter(pk=champion_id)
        .first()
    )
    if champion is None:
        raise ThriveError("That training champion has already been removed.")
    audit_log(
        action="learning.champion_removed",
        user=actor,
        organisation=organisation,
        obj=champion,
        summary=f"{champion.person.full_name} is no longer a training champion for "
        f"{champion.service.name}",
    )
    champion.delete()
    return champion
