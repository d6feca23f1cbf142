"""The retention schedule: how long each kind of record is kept, as dated data per council."""

from __future__ import annotations

from django.db import models

from thrive.core.models import OrgOwned


class RecordType(models.TextChoices):
    PERSONNEL = "personnel", "Personnel records (years after employment ends)"
    SUPERVISION = "supervision", "Supervision records (years after the session)"


class RetentionRule(OrgOwned):
    """Keep *record_type* for *years*; the rule in force on a day is the latest that took effect
    on or before it. Personnel files: at least six years after employment ends; supervision
    records have no national rule (commonly six or seven years)."""

    record_type = models.CharField(max_length=16, choices=RecordType.choices)
    years = models.PositiveSmallIntegerField()
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
                condition=~models.Q(record_type="personnel") | models.Q(years__gte=6),
                name="retention_personnel_at_least_six_years",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.years} years from {self.effective_from}"
