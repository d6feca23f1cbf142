"""The newly qualified academy: cohorts per intake, the academy's dated rules (recall days,
development time, the move to a substantive team), the programme definition (the ASYE, and the
early career programme after it, as data), enrolments with their assessor, practice educator and
line manager, reviews with due dates and sign-off, the evidence portfolio and the outcome."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from thrive.core.models import OrgOwned, PersonRecord, one_of

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
    # Peer groups between the academy days, every so many weeks (0: none).
    peer_group_every_weeks = models.PositiveSmallIntegerField(default=4)
    # The talent pool's shortlist for a manager vacancy emailed to its recruiter (message kind
    # ``academy.shortlist``); off, the offer is kept and shown in Thrive only.
    shortlist_email = models.BooleanField(
        "Email the talent pool's shortlist to the recruiter", default=True
    )

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
            models.CheckConstraint(
                condition=models.Q(peer_group_every_weeks__lte=12),
                name="academy_rule_peer_group_0_12",
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
    LEFT = "left", "Left before the year ended"


class Enrolment(PersonRecord):
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
            one_of("outcome", Outcome, "enrolment_outcome_valid"),
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
    # The last day a reminder of this review went out (one a week until it is signed off).
    reminded_on = models.DateField(null=True, blank=True)

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


# --- Progression framework and panels ----------------------------------------------------------

# The BASW Professional Capabilities Framework's nine domains (domain-facts).
PCF_DOMAINS = [
    ("professionalism", "Professionalism"),
    ("values_ethics", "Values and ethics"),
    ("diversity_equality", "Diversity and equality"),
    ("rights_justice", "Rights, justice and economic wellbeing"),
    ("knowledge", "Knowledge"),
    ("critical_reflection", "Critical reflection and analysis"),
    ("skills_interventions", "Skills and interventions"),
    ("contexts_organisations", "Contexts and organisations"),
    ("professional_leadership", "Professional leadership"),
]

PROGRESSION_EVIDENCE_LABELS = {
    "supervision_note": "Supervision notes they chose to share",
    "learning": "Learning completed",
    "feedback": "Feedback",
    "observation": "Observed practice",
}


class ProgressionLevel(OrgOwned):
    """A level of the council's progression framework, from a date: its place on the ladder, the
    register role it brings, and what is expected against the PCF domains and the knowledge and
    skills statement. A new description from a later date is a new row with the same name."""

    name = models.CharField(max_length=120)
    rank = models.PositiveSmallIntegerField()
    org_role = models.PositiveSmallIntegerField("Register role (census OrgRole)")
    effective_from = models.DateField()
    kss = models.CharField("Knowledge and skills statement", max_length=120, blank=True)
    # PCF domain key -> what is expected at this level
    criteria = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["rank", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name", "effective_from"], name="progression_level_dated"
            ),
            models.CheckConstraint(
                condition=models.Q(org_role__gte=1, org_role__lte=6),
                name="progression_level_org_role_1_6",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PanelQuestion(OrgOwned):
    """One of the council's values-led panel questions, asked from a date (until retired)."""

    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=1)
    effective_from = models.DateField()
    retired_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class ProgressionStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    APPLIED = "applied", "Applied for a panel"
    PROGRESSED = "progressed", "Progressed"
    NOT_YET = "not_yet", "Not yet"
    DECLINED = "declined", "Declined"


class DeclineReason(models.TextChoices):
    """Why a person declined progression themselves (with free text beside it)."""

    NOT_READY = "not_ready", "Not ready yet"
    HAPPY_IN_ROLE = "happy_in_role", "Happy in their current role"
    WORKLOAD = "workload", "Workload leaves no room for it now"
    PERSONAL = "personal", "Personal or caring responsibilities"
    NOT_WORTH_IT = "not_worth_it", "The step up is not worth it (pay, hours, travel)"
    OTHER = "other", "Another reason"


class ProgressionPlan(PersonRecord):
    """A person's progression plan towards a level: goals, evidence, their manager's view, and
    when they apply, the panel's scores, decision and feedback."""

    person = models.ForeignKey(
        "people.StaffMember", on_delete=models.CASCADE, related_name="progression_plans"
    )
    level = models.ForeignKey(ProgressionLevel, on_delete=models.PROTECT, related_name="+")
    goals = models.TextField()
    manager_view = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=ProgressionStatus.choices, default=ProgressionStatus.PLANNING
    )
    applied_on = models.DateField(null=True, blank=True)
    panel_on = models.DateField(null=True, blank=True)
    panellists = models.CharField(max_length=300, blank=True)
    # [{"question": text, "score": 1-4, "note": text}]
    scores = models.JSONField(default=list, blank=True)
    feedback = models.TextField(blank=True)
    role_from = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The person declined progression themselves (their own page, the API, or their manager
    # recording it for them); a declined plan can be re-opened, which clears these.
    declined_on = models.DateField(null=True, blank=True)
    declined_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    declined_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            one_of("status", ProgressionStatus, "progression_status_valid"),
            models.CheckConstraint(
                condition=~models.Q(status__in=("progressed", "not_yet"))
                | (~models.Q(feedback="") & models.Q(panel_on__isnull=False)),
                name="progression_decision_has_feedback",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="declined", declined_on__isnull=False)
                    & ~models.Q(declined_reason="")
                )
                | (
                    ~models.Q(status="declined")
                    & models.Q(declined_on__isnull=True, declined_reason="")
                ),
                name="progression_declined_has_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} towards {self.level}"


class ProgressionEvidence(OrgOwned):
    """A piece of evidence for a progression plan, chosen by the person."""

    plan = models.ForeignKey(ProgressionPlan, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=30)
    title = models.CharField(max_length=160)
    on = models.DateField("Date")
    note = models.TextField(blank=True)
    file = models.FileField(upload_to="academy/progression/%Y/", blank=True)

    scope_team_field = "plan__person__spells__team_id"
    scope_service_field = "plan__person__spells__team__service_id"
    scope_user_field = "plan__person__user_id"

    class Meta:
        ordering = ["on", "pk"]

    @property
    def kind_label(self) -> str:
        return PROGRESSION_EVIDENCE_LABELS.get(self.kind, self.kind)


# The leadership pipeline and strengths-based mentoring live beside these (one module would be
# past a screenful); imported here so Django finds them in the academy app.
from thrive.academy.models_growth import (  # noqa: E402
    CareerConversation,
    ChampionNetwork,
    MentoringMeeting,
    MentoringOutcome,
    MentoringPair,
    NetworkMember,
    PoolMember,
    PoolStatus,
    ProgrammeCourse,
    Readiness,
    RequestStatus,
    ShortlistOffer,
    SkillOffer,
    SkillRequest,
)

__all__ = [
    "CareerConversation",
    "ChampionNetwork",
    "MentoringMeeting",
    "MentoringOutcome",
    "MentoringPair",
    "NetworkMember",
    "PoolMember",
    "PoolStatus",
    "ProgrammeCourse",
    "Readiness",
    "RequestStatus",
    "ShortlistOffer",
    "SkillOffer",
    "SkillRequest",
]
