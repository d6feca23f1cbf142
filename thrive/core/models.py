"""Base model for everything that belongs to an organisation, and the audit trail."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from thrive.core.permissions import Access


def not_ended_q(model: Any, on: date, prefix: str = "") -> models.Q:
    """Records of *model* (reached through *prefix*, e.g. ``"spells__"``) not yet ended on *on*.

    The model says what its ``end_date`` means: ``end_date_is_last_day = False`` (the default) is
    the first day it no longer runs — the census rule, ``end_date > date`` — and ``True`` makes it
    the last day it runs (``end_date >= date``).
    """
    lookup = "gte" if getattr(model, "end_date_is_last_day", False) else "gt"
    return models.Q(**{f"{prefix}end_date__isnull": True}) | models.Q(
        **{f"{prefix}end_date__{lookup}": on}
    )


def current_q(model: Any, on: date, prefix: str = "") -> models.Q:
    """Records of *model* running on *on*: started by then and not yet ended (see
    :func:`not_ended_q`)."""
    return models.Q(**{f"{prefix}start_date__lte": on}) & not_ended_q(model, on, prefix)


def one_of(field: str, choices: type[models.Choices], name: str) -> models.CheckConstraint:
    """The database's check that *field* holds one of *choices*' values (a form offers only
    those; the constraint keeps an import, a script or a later bug from writing another)."""
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": choices.values}), name=name)


class OrgQuerySet(models.QuerySet[Any]):
    """Queries over organisation-owned records. Selectors start here, never from ``.all()``."""

    def for_org(self, organisation: Any) -> Self:
        return self.filter(organisation=organisation)

    def current(self, on: date) -> Self:
        """Dated records (``start_date``/``end_date``) running on *on*, by the model's rule."""
        return self.filter(current_q(self.model, on))

    def not_ended(self, on: date) -> Self:
        """Dated records not yet ended on *on*, whenever they started."""
        return self.filter(not_ended_q(self.model, on))

    def visible_to(self, access: Access, capability: str) -> Self:
        """Records of the access's organisation within the scope its roles give for *capability*.

        Models say how they relate to a team, a service and a person through the class attributes
        ``scope_team_field``, ``scope_service_field`` and ``scope_user_field``.
        """
        from thrive.core.permissions import scope_filter

        return scope_filter(self.for_org(access.organisation), access, capability)


class OrgOwned(models.Model):
    """Abstract base: a record that belongs to one organisation, with created/updated stamps and a
    version number for optimistic locking (concurrent edits never silently overwrite)."""

    organisation = models.ForeignKey(
        settings.THRIVE_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = OrgQuerySet.as_manager()

    scope_team_field: str | None = None
    scope_service_field: str | None = None
    scope_user_field: str | None = None

    class Meta:
        abstract = True


class PersonRecord(OrgOwned):
    """Abstract base: a record about one member of staff, through its ``person`` (a foreign key
    to the register's staff member): seen by the managers of the teams they work in, the heads
    of those teams' services, and the person themselves."""

    scope_team_field = "person__spells__team_id"
    scope_service_field = "person__spells__team__service_id"
    scope_user_field = "person__user_id"

    class Meta:
        abstract = True


class TeamRecord(OrgOwned):
    """Abstract base: a record that belongs to one team, through its ``team`` (a foreign key to
    the register's team): seen by the team's managers and its service's heads (a model adds its
    own ``scope_user_field`` where a person also sees their own)."""

    scope_team_field = "team_id"
    scope_service_field = "team__service_id"

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who did or saw what, when. Written by :func:`thrive.core.audit.audit_log` only."""

    organisation = models.ForeignKey(
        settings.THRIVE_ORGANISATION_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=255, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"


class OutboxMessage(models.Model):
    """One email Thrive decided to send. Written by :mod:`thrive.core.outbox` only, inside the
    change that caused it (so a rolled-back change leaves no message), and sent after the commit."""

    organisation = models.ForeignKey(
        settings.THRIVE_ORGANISATION_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"

    queued_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # What the message is about (a key of thrive.core.outbox.MESSAGE_KINDS): chooses the GOV.UK
    # Notify template and the person's notification setting.
    kind = models.CharField(max_length=64, default="general", db_index=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    # Files sent with an email: [{"filename", "mimetype", "content"}] (text: an ICS invitation).
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    # Who carried it ("notify", "email"), and the provider's id for each address it was sent to.
    provider = models.CharField(max_length=16, blank=True)
    provider_ids = models.JSONField(default=dict, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-queued_at"])]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)} ({self.status})"


class DataVersion(models.Model):
    """How many times a council's data behind the cached pages has changed (its register,
    caseloads and supervision): what a process computed for the council is cached under this
    number (:mod:`thrive.core.cache`), and every audited write of those moves it on in the
    writer's transaction. One row per council that has ever changed."""

    organisation = models.OneToOneField(
        settings.THRIVE_ORGANISATION_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"data of {self.organisation_id} at version {self.version}"
