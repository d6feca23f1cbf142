"""The retention schedule: how long each kind of record is kept, as dated data per council."""

from __future__ import annotations

from django.db import models

from thrive.core.models import OrgOwned


class RecordType(models.TextChoices):
    PERSONNEL = "personnel", "Personnel records (after employment ends)"
    SUPERVISION = "supervision", "Supervision records (after the session)"
    APPLICATIONS = (
        "applications",
        "Unsuccessful candidates' applications, with their equality monitoring and checks "
        "(after the decision)",
    )
    INTEREST = "interest", "Confirmed registrations of interest (after the last contact)"


class Unit(models.TextChoices):
    YEARS = "years", "Years"
    MONTHS = "months", "Months"


class RetentionRule(OrgOwned):
    """Keep *record_type* for *years* of *unit* (years, or months for candidates' records); the
    rule in force on a day is the latest that took effect on or before it. Personnel files: at
    least six years after employment ends; supervision records have no national rule (commonly
    six or seven years); an unsuccessful application is commonly kept six months after the
    decision (what the portal's privacy notice promises)."""

    record_type = models.CharField(max_length=16, choices=RecordType.choices)
    # How many units (the name is the original one, from when every rule was in years).
    years = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=6, choices=Unit.choices, default=Unit.YEARS)
    effective_from = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["record_type", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "record_type", "effective_from"],
                name="retention_rule_once_a_day",
            ),
            models.CheckConstraint(
                condition=models.Q(years__gte=1, years__lte=100), name="retention_years_range"
            ),
            models.CheckConstraint(
                condition=~models.Q(record_type="personnel") | models.Q(years__gte=6, unit="years"),
                name="retention_personnel_at_least_six_years",
            ),
            models.CheckConstraint(
                condition=models.Q(unit__in=["years", "months"]), name="retention_unit_valid"
            ),
        ]

    @property
    def period(self) -> str:
        """ "6 years", "6 months", "1 month"."""
        unit = self.unit if self.years != 1 else self.unit.removesuffix("s")
        return f"{self.years} {unit}"

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.period} from {self.effective_from}"
