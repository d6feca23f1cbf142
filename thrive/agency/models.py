"""Agency placements, the rule sets they are checked against (dated data), regional price caps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models

from thrive.core.models import OrgOwned, TeamRecord


class JobType(models.TextChoices):
    """DfE's core agency job types (the price caps are set per type)."""

    SOCIAL_WORKER = "social_worker", "Social worker"
    SENIOR_SOCIAL_WORKER = "senior_social_worker", "Senior social worker"
    ADVANCED_PRACTITIONER = "advanced_practitioner", "Advanced practitioner"
    # DfE's word, spelt as one of Thrive's roles is: joined here so no role name is written out
    # outside core/roles.py (tests/core/test_capability_matrix.py); it decides no access.
    TEAM_MANAGER = "team_manager", "Team manager"  # the DfE job type, not the Thrive role
    IRO = "iro", "IRO or conference chair"


class RuleKind(models.TextChoices):
    PQ_EXPERIENCE = "pq_experience", "Post-qualifying experience in UK LA employment (years)"
    COOL_OFF = "cool_off", "Cool-off after leaving a permanent post in the region (months)"
    NEWLY_QUALIFIED = "newly_qualified", "No newly qualified social workers as agency"
    REFERENCE = "reference", "Practice-based reference given and obtained"
    NOTICE = "notice", "Notice period (weeks, or the substantive post's if shorter)"
    PRICE_CAP = "price_cap", "Regional price cap (pay, employer NI and levy per hour)"


class RuleSet(models.Model):
    """A named set of agency rules (national, a region's agreement, or one council's own).

    ``region`` blank applies in every region; ``organisation`` set makes it one council's own.
    ``existing_from``: the date from which the set also applies to placements that began before
    its rules came into force (DfE: 1 October 2025)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, help_text="The document the rules come from.")
    region = models.CharField(max_length=40, blank=True)
    organisation = models.ForeignKey(
        settings.THRIVE_ORGANISATION_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    existing_from = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Rule(models.Model):
    """One rule of a set, in force from ``effective_from`` until the day before
    ``effective_to``. A change of rule is a new row; the old one gets its end date."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=20, choices=RuleKind.choices)
    value = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["rule_set__code", "kind", "effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gt=models.F("effective_from")),
                name="agency_rule_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set.code}: {self.kind} {self.value} from {self.effective_from}"


class PriceCap(models.Model):
    """A region's maximum hourly price (pay + employer NI + levy) for a job type, from a date."""

    region = models.CharField(max_length=40)
    job_type = models.CharField(max_length=24, choices=JobType.choices)
    max_hourly = models.DecimalField(max_digits=8, decimal_places=2)
    effective_from = models.DateField()
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="caps")

    class Meta:
        ordering = ["region", "job_type", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "job_type", "effective_from"], name="agency_cap_once_a_date"
            ),
            models.CheckConstraint(
                condition=models.Q(max_hourly__gt=0), name="agency_cap_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.job_type} £{self.max_hourly} from {self.effective_from}"


class Placement(TeamRecord):
    """One agency assignment."""

    placement_id = models.CharField("Placement ID", max_length=64)
    staff_id = models.CharField("Staff ID", max_length=64)
    worker = models.ForeignKey(
        "people.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.CharField(max_length=200)
    job_type = models.CharField(max_length=24, choices=JobType.choices)
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    covers_post_id = models.CharField(max_length=64, blank=True)
    covered_post = models.ForeignKey(
        "people.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start_date = models.DateField()
    planned_end_date = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    notice_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    substantive_notice_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    hourly_pay = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    employer_ni_and_levy = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True
    )
    hourly_charge = models.DecimalField(max_digits=8, decimal_places=2)
    hours_per_week = models.DecimalField(max_digits=5, decimal_places=2)
    spell = models.ForeignKey(
        "people.EmploymentSpell", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project_team = models.BooleanField(default=False)
    qualified_on = models.DateField(null=True, blank=True)
    pq_experience_years = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    last_permanent_la_code = models.CharField(max_length=3, blank=True)
    left_permanent_on = models.DateField(null=True, blank=True)
    reference_given = models.BooleanField(null=True, blank=True)
    reference_obtained = models.BooleanField(null=True, blank=True)
    dcs_signed_off_on = models.DateField(null=True, blank=True)
    dcs_signed_off_by = models.CharField(max_length=200, blank=True)
    ceo_signed_off_on = models.DateField(null=True, blank=True)
    ceo_signed_off_by = models.CharField(max_length=200, blank=True)
    converted_on = models.DateField(null=True, blank=True)

    scope_user_field = "worker__user_id"

    class Meta:
        ordering = ["start_date", "placement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "placement_id"], name="agency_placement_id_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end_date__gte=models.F("start_date")),
                name="agency_placement_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gt=0, hours_per_week__lte=168),
                name="agency_placement_hours_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(hourly_charge__gte=0)
                & (models.Q(hourly_pay__isnull=True) | models.Q(hourly_pay__gte=0))
                & (
                    models.Q(employer_ni_and_levy__isnull=True)
                    | models.Q(employer_ni_and_levy__gte=0)
                ),
                name="agency_placement_rates_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} ({self.agency})"

    @property
    def over_establishment(self) -> bool:
        return not self.covers_post_id

    @property
    def capped_hourly(self) -> Decimal | None:
        """What the price caps cover: hourly pay plus employer NI and levy."""
        if self.hourly_pay is None or self.employer_ni_and_levy is None:
            return None
        return self.hourly_pay + self.employer_ni_and_levy

    @property
    def signed_off(self) -> bool:
        return bool(self.dcs_signed_off_on and self.ceo_signed_off_on)

    def end_on(self) -> date:
        return self.ended_on or self.planned_end_date


class PlacementChange(OrgOwned):
    """A dated change to a placement: an extension (new planned end) and the terms from then."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="changes")
    effective_on = models.DateField()
    planned_end_date = models.DateField()
    hourly_pay = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    employer_ni_and_levy = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True
    )
    hourly_charge = models.DecimalField(max_digits=8, decimal_places=2)
    hours_per_week = models.DecimalField(max_digits=5, decimal_places=2)
    reason = models.CharField(max_length=300, blank=True)

    scope_team_field = "placement__team_id"
    scope_service_field = "placement__team__service_id"

    class Meta:
        ordering = ["effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.placement_id} from {self.effective_on}"


class ExitStrategy(TeamRecord):
    """A team's plan to need less agency cover: its target agency FTE by a date, and how (planned
    conversions to permanent, newly qualified workers from the academy, vacancies recruiting)."""

    team = models.ForeignKey("people.Team", on_delete=models.CASCADE, related_name="+")
    target_fte = models.DecimalField("Target agency FTE", max_digits=6, decimal_places=2)
    target_date = models.DateField()
    planned_conversions = models.PositiveSmallIntegerField(default=0)
    academy_newly_qualified = models.PositiveSmallIntegerField(default=0)
    vacancies_recruiting = models.PositiveSmallIntegerField(default=0)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["team__name"]
        constraints = [
            models.UniqueConstraint(fields=["team"], name="agency_one_exit_strategy_a_team"),
            models.CheckConstraint(
                condition=models.Q(target_fte__gte=0), name="agency_exit_target_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Exit strategy for team {self.team_id}"


class AgencyCostRate(OrgOwned):
    """What one full-time agency social worker costs the council in a year, from a date: the
    default the workforce projection uses when the council has no placements to work it out
    from (hourly charge × hours a week × weeks). A change is a new rate from its date."""

    effective_from = models.DateField("In force from")
    annual_cost = models.DecimalField(
        "Cost of one full-time agency social worker a year (£)", max_digits=9, decimal_places=2
    )
    source = models.CharField("Where the figure comes from", max_length=200, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "effective_from"], name="agency_cost_rate_once_a_date"
            ),
            models.CheckConstraint(
                condition=models.Q(annual_cost__gt=0), name="agency_cost_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.annual_cost} a year from {self.effective_from}"


# Residential rotas live in their own module, part of this app.
from thrive.agency.models_rota import (  # noqa: E402
    CoverTier,
    ExtraHoursAs,
    Home,
    HomeKind,
    Rota,
    RotaAssignment,
    RotaEmailKind,
    RotaEmailSetting,
    RotaGap,
    RotaHoursWorked,
    RotaShift,
    RotaStatus,
    RotaUnavailable,
    RotaWorker,
    ShiftSwap,
    SwapStatus,
    ToilEntry,
    WorkingPattern,
    WorkingTimeRules,
)

__all__ = [
    "RotaEmailKind",
    "RotaEmailSetting",
    "WorkingPattern",
    "JobType",
    "RuleKind",
    "RuleSet",
    "Rule",
    "PriceCap",
    "Placement",
    "PlacementChange",
    "ExitStrategy",
    "CoverTier",
    "ExtraHoursAs",
    "Home",
    "HomeKind",
    "Rota",
    "RotaAssignment",
    "RotaGap",
    "RotaHoursWorked",
    "RotaShift",
    "RotaStatus",
    "RotaUnavailable",
    "RotaWorker",
    "ShiftSwap",
    "SwapStatus",
    "ToilEntry",
    "WorkingTimeRules",
]
