"""Caseload policy as dated data: an organisation's, overridable for a team."""

from __future__ import annotations

from django.db import models

from thrive.core.models import OrgOwned
from thrive.people.models import CaseType


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


class CaseStatus(models.TextChoices):
    EARLY_HELP = "early_help", "Early help"
    CIN = "cin", "Child in need"
    CP = "cp", "Child protection plan"
    CLA = "cla", "Looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"
    OTHER = "other", "Other"


class Allocation(OrgOwned):
    """A child allocated to a worker, from the case-management system."""

    child_id = models.CharField(max_length=64)
    family_id = models.CharField(max_length=64, blank=True)
    worker = models.ForeignKey(
        "people.StaffMember", on_delete=models.CASCADE, related_name="allocations"
    )
    case_type = models.CharField(max_length=16, choices=CaseType.choices, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # Held on a date when start_date <= date < end_date, the same rule as being in post.
    end_date_is_last_day = False

    scope_team_field = "worker__spells__team_id"
    scope_service_field = "worker__spells__team__service_id"
    scope_user_field = "worker__user_id"

    class Meta:
        # Moved from people: the table keeps its name, so no data moves.
        db_table = "people_allocation"
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "child_id", "worker", "start_date"],
                name="allocation_child_worker_start",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="allocation_end_after_start",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "start_date", "end_date"],
                name="people_allo_organis_35ce26_idx",
            )
        ]


class Family(OrgOwned):
    """A household as the case-management system identifies it. Its records are special
    category data: see ``selectors.families_visible_to`` for who may see them."""

    family_id = models.CharField("Family ID", max_length=64)
    name = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["family_id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "family_id"], name="family_id_unique")
        ]

    def __str__(self) -> str:
        return self.name or f"Family {self.family_id}"


class Relationship(models.TextChoices):
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    PARTNER = "partner", "Partner"
    OTHER = "other", "Other"


class FamilyMember(OrgOwned):
    """A child (by the case system's child ID) or an adult in a family."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    is_child = models.BooleanField(default=True)
    member_id = models.CharField("Case system ID", max_length=64)
    first_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    relationship = models.CharField(
        max_length=16,
        choices=Relationship.choices,
        blank=True,
        help_text="For adults: their relationship to the children.",
    )

    class Meta:
        ordering = ["-is_child", "member_id"]
        constraints = [
            # A child lives in one family; an adult (a father of children in two households, say)
            # may be a member of several, once in each.
            models.UniqueConstraint(
                fields=["organisation", "member_id"],
                condition=models.Q(is_child=True),
                name="family_child_unique",
            ),
            models.UniqueConstraint(
                fields=["family", "member_id"],
                condition=models.Q(is_child=False),
                name="family_adult_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.first_name or self.member_id


class ChildStatus(OrgOwned):
    """A child's case status from a date: history, never overwritten."""

    child = models.ForeignKey(FamilyMember, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(max_length=16, choices=CaseStatus.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # A status holds until (not on) its end date, when the next one starts.
    end_date_is_last_day = False

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "status", "start_date"], name="child_status_unique"
            )
        ]


class SpecialistRole(models.TextChoices):
    DA_VICTIM = "da_victim", "Domestic abuse (victim) worker"
    DA_PERPETRATOR = "da_perpetrator", "Domestic abuse (perpetrator) worker"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse worker"
    ADULT_MENTAL_HEALTH = "adult_mental_health", "Adult mental health worker"
    PROBATION = "probation", "Probation officer"
    OTHER = "other", "Other"


class FamilyAssignment(OrgOwned):
    """An adult specialist assigned to work with a family."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(
        "people.StaffMember", on_delete=models.CASCADE, related_name="family_assignments"
    )
    role = models.CharField(max_length=24, choices=SpecialistRole.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # An assignment runs to and including its end date.
    end_date_is_last_day = True

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "person", "role", "start_date"], name="family_assignment_unique"
            )
        ]


class AllocationDecision(OrgOwned):
    """A manager's allocation of a family's children to a worker through the assistant: what it
    suggested, whom the manager chose, and, when they chose someone it did not suggest (over
    their cap), the reason they gave."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="decisions")
    worker = models.ForeignKey(
        "people.StaffMember", on_delete=models.PROTECT, related_name="allocation_decisions"
    )
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    children = models.JSONField(help_text="The children's case system IDs.")
    start_date = models.DateField()
    transfer = models.BooleanField(default=False)
    suggested_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    override_reason = models.TextField(blank=True)
    suggestions = models.JSONField(default=list, help_text="What the assistant said, in order.")
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="allocation_decisions"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suggested_rank__isnull=False) | ~models.Q(override_reason=""),
                name="allocation_override_needs_reason",
            )
        ]

    @property
    def overridden(self) -> bool:
        return self.suggested_rank is None
