"""Caseload policy as dated data: an organisation's, overridable for a team."""

from __future__ import annotations

from django.db import models

from thrive.core.models import OrgOwned


class CaseloadPolicy(OrgOwned):
    """The caps in force from a date, for the whole organisation or (with a team) one team.

    Changing the policy means adding one from a later date: past judgements keep the policy that
    was in force then.
    """

    team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    effective_from = models.DateField()
    full_time_cap = models.DecimalField(max_digits=5, decimal_places=1, default=17)
    ramp_months = models.PositiveSmallIntegerField(default=6)
    ramp_cap = models.DecimalField(max_digits=5, decimal_places=1, default=10)
    asye_months = models.PositiveSmallIntegerField(default=12)
    asye_reduction_percent = models.DecimalField(max_digits=4, decimal_places=1, default=10)
    weights = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=200, blank=True)

    scope_team_field = "team_id"

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "team", "effective_from"],
                name="caseload_policy_unique_date",
            ),
            models.CheckConstraint(
                condition=models.Q(full_time_cap__gt=0), name="caseload_policy_cap_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(asye_reduction_percent__gte=0)
                & models.Q(asye_reduction_percent__lt=100),
                name="caseload_policy_reduction_range",
            ),
        ]

    def __str__(self) -> str:
        where = self.team.name if self.team else "whole council"
        return f"From {self.effective_from}: {self.full_time_cap} ({where})"
