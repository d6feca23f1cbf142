"""The records behind the safer recruitment checks that a label and free text cannot show:
the references (who, from where, which years they cover), the employment history whose gaps
are found from it, the explanations of those gaps, and addresses abroad (which make an overseas
check needed). The rules that read them are in ``services/safer_rules.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from thrive.core.models import OrgOwned


class _ForOffer(OrgOwned):
    """Abstract: a record for one application's offer, recorded by someone, scoped like it."""

    application = models.ForeignKey(
        "recruitment.Application", on_delete=models.CASCADE, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    scope_team_field = "application__vacancy__team_id"
    scope_service_field = "application__vacancy__team__service_id"

    class Meta:
        abstract = True


class Reference(_ForOffer):
    """A reference received: the referee, their organisation, how they know the candidate and
    the dates of the candidate's work it covers."""

    referee = models.CharField("Referee", max_length=120)
    referee_organisation = models.CharField("Their organisation", max_length=160)
    current_employer = models.BooleanField(
        "From the current or most recent employer", default=False
    )
    practice_setting = models.BooleanField("From a social work practice setting", default=False)
    covers_from = models.DateField("Covers work from")
    covers_to = models.DateField("Covers work to")
    received_on = models.DateField("Received on")

    class Meta:
        ordering = ["application", "covers_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(covers_to__gte=models.F("covers_from")),
                name="reference_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"Reference from {self.referee}"


class EmploymentEntry(_ForOffer):
    """One job (or course, or caring, or anything the candidate was doing) in the history."""

    employer = models.CharField("Employer (or what they were doing)", max_length=160)
    role = models.CharField("Role", max_length=120, blank=True)
    started_on = models.DateField("From")
    ended_on = models.DateField("To", null=True, blank=True)  # blank: still there

    class Meta:
        ordering = ["application", "started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="employment_entry_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} from {self.started_on}"


class GapExplanation(_ForOffer):
    """Why the candidate was not in work over a period: it explains each gap found in the
    history that lies within it."""

    gap_from = models.DateField("Gap from")
    gap_to = models.DateField("Gap to")
    explanation = models.TextField("Explanation")

    class Meta:
        ordering = ["application", "gap_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gap_to__gte=models.F("gap_from")), name="gap_to_after_from"
            ),
            models.CheckConstraint(condition=~models.Q(explanation=""), name="gap_explained"),
        ]

    def __str__(self) -> str:
        return f"Gap {self.gap_from} to {self.gap_to}"


class AddressAbroad(_ForOffer):
    """An address outside the UK where the candidate lived: the offer then needs an overseas
    criminal record check."""

    country = models.CharField("Country", max_length=80)
    lived_from = models.DateField("Lived there from")
    lived_to = models.DateField("Lived there to", null=True, blank=True)

    class Meta:
        ordering = ["application", "lived_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lived_to__isnull=True)
                | models.Q(lived_to__gte=models.F("lived_from")),
                name="address_abroad_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} from {self.lived_from}"
