"""The newly qualified academy: cohorts per intake, the academy's dated rules (recall days,
development time, the move to a substantive team), the programme definition (the ASYE, and the
early career programme after it, as data), enrolments with their assessor, practice educator and
line manager, reviews with due dates and sign-off, the evidence portfolio and the outcome."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from thrive.core.models import OrgOwned

# The ASYE's evidence (domain-facts: 3 of each); the numbers live in ProgrammeDefinition rows.
EVIDENCE_LABELS = {
    "direct_observation": "Direct observations of practice",
    "family_feedback": "Feedback from children and families",
    "professional_feedback": "Feedback from other professionals",
    "written_report": "Assessed written reports",
}


def evidence_label(kind: str) -> str:
    return EVIDENCE_LABELS.get(kind, kind.replace("_", " ").capitalize())


class AcademyRule(OrgOwned):
    """How the council runs its academy, from a date: recall days every so many months, the
    induction, the protected development time and when a worker moves to a substantive team."""

    effective_from = models.DateField()
    recall_every_months = models.PositiveSmallIntegerField(default=2)
    induction_days = models.PositiveSmallIntegerField(default=10)
    development_percent = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("10"))
    weekly_hours = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("37"))
    transition_months = models.PositiveSmallIntegerField(default=6)

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "effective_from"], name="academy_rule_once_a_day"
            ),
            models.CheckConstraint(
                condition=models.Q(recall_every_months__gte=1, recall_every_months__lte=12),
                name="academy_rule_recall_1_12",
            ),
            models.CheckConstraint(
                condition=models.Q(development_percent__gte=0, development_percent__lte=50),
                name="academy_rule_development_0_50",
            ),
            models.CheckConstraint(
                condition=models.Q(transition_months__gte=1, transition_months__lte=24),
                name="academy_rule_transition_1_24",
            ),
        ]

    def __str__(self) -> str:
        return f"Academy rule from {self.effective_from:%-d %B %Y}"


class ProgrammeDefinition(OrgOwned):
    """What the assessed first year asks for, from a date: the ASYE today; the early career
    programme from September 2027 is a new row, not new code."""

    name = models.CharField(max_length=120)
    effective_from = models.DateField()
    review_months = models.JSONField(default=list)
    reflection_months = models.JSONField(default=list)
    evidence = models.JSONField(default=dict)

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "effective_from"], name="programme_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (from {self.effective_from:%-d %B %Y})"


class Cohort(OrgOwned):
    """One intake of newly qualified social workers, with its academy team and practice
    educators. Its recall days are sessions of one learning item (``recall_item``)."""

    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    practice_educators = models.ManyToManyField("people.StaffMember", blank=True, related_name="+")
    recall_item = models.ForeignKey(
        "learning.LearningItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="cohort_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Outcome(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    PASSED = "passed", "Passed"
    EXTENDED = "extended", "Extended"
    FAILED = "failed", "Not passed"


class Enrolment(OrgOwned):
    """A newly qualified social worker in a cohort, and their assessed year."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(
        "people.StaffMember", on_delete=models.CASCADE, related_name="academy_enrolments"
    )
    programme = models.ForeignKey(ProgrammeDefinition, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    assessor = models.ForeignKey(
        "people.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    practice_educator = models.ForeignKey(
        "people.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    line_manager = models.ForeignKey(
        "people.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    substantive_team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transitioned_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.IN_PROGRESS)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_reasons = models.TextField(blank=True)
    extended_to = models.DateField(null=True, blank=True)

    scope_team_field = "person__spells__team_id"
    scope_service_field = "person__spells__team__service_id"
    scope_user_field = "person__user_id"

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person"], name="enrolment_once_per_person"
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="extended")
                | (~models.Q(outcome_reasons="") & models.Q(extended_to__isnull=False)),
                name="enrolment_extension_has_reasons",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=Outcome.values), name="enrolment_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.cohort}"


class Review(OrgOwned):
    """A review of the assessed year at so many months, due on a date, held and signed off."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reviews")
    month = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    reflection_needed = models.BooleanField(default=False)
    held_on = models.DateField(null=True, blank=True)
    summary = models.TextField("The assessor's summary", blank=True)
    critical_reflection = models.TextField(blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_on = models.DateField(null=True, blank=True)

    scope_team_field = "enrolment__person__spells__team_id"
    scope_service_field = "enrolment__person__spells__team__service_id"
    scope_user_field = "enrolment__person__user_id"

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "month"], name="review_once_a_month"),
            models.CheckConstraint(
                condition=models.Q(signed_off_on__isnull=True) | models.Q(held_on__isnull=False),
                name="review_signed_only_when_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month}-month review"


class Evidence(OrgOwned):
    """One piece of the evidence portfolio: what kind, what it is, when, and a file."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=160)
    on = models.DateField("Date")
    note = models.TextField(blank=True)
    file = models.FileField(upload_to="academy/%Y/", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_team_field = "enrolment__person__spells__team_id"
    scope_service_field = "enrolment__person__spells__team__service_id"
    scope_user_field = "enrolment__person__user_id"

    class Meta:
        ordering = ["kind", "on", "id"]

    @property
    def kind_label(self) -> str:
        return evidence_label(self.kind)
