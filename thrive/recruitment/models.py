"""Recruitment: vacancies raised from the establishment, applications with the channel that
brought each one, and the safer recruitment checks an offer waits on.

It is long because the vacancy, application, panel and check records refer to each other
closely; the council's own records, moderation and the safer checks' records are in their own
modules."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from thrive.core.models import OrgOwned, TeamRecord, one_of
from thrive.recruitment.post_kinds import MANAGER_ROLES as MANAGER_ROLES
from thrive.recruitment.post_kinds import VacancyRole as VacancyRole
from thrive.recruitment.post_kinds import vacancy_role_from_title as vacancy_role_from_title


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    OPEN = "open", "Approved and open"
    CLOSED = "closed", "Closed"
    FILLED = "filled", "Filled"


class Vacancy(TeamRecord):
    """A job to recruit to: a vacant funded post of the establishment, or a new post."""

    title = models.CharField(max_length=200)
    # The kind of post (a manager post is offered the academy's talent pool).
    role = models.CharField(
        "Kind of post", max_length=30, choices=VacancyRole.choices, default=VacancyRole.PRACTITIONER
    )
    post = models.ForeignKey(
        "people.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="vacancies"
    )
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="vacancies")
    grade = models.CharField(max_length=40)
    salary_min = models.PositiveIntegerField("Lowest salary (£ a year)")
    salary_max = models.PositiveIntegerField("Highest salary (£ a year)")
    fte = models.DecimalField("FTE", max_digits=7, decimal_places=6, default=1)
    social_work_post = models.BooleanField(default=True)
    closing_date = models.DateField()
    # The probation the job is offered with: a starter who leaves within it counts against the
    # channel that brought them ("left before probation" in the channel report).
    probation_months = models.PositiveSmallIntegerField("Probation (months)", default=6)
    # A manager post: its selection follows the council's template for manager posts.
    manager_post = models.BooleanField(default=False)
    # The steps of its selection, in order, from the council's template for its kind of post in
    # effect on the day it was raised (SelectionTemplate), unless the recruiter wrote its own.
    selection_steps = models.JSONField(default=list, blank=True)
    # The values and skills the selection tests, in the council's words.
    tests = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=20, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    scope_user_field = "raised_by_id"

    class Meta:
        ordering = ["closing_date", "title"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_max__gte=models.F("salary_min")),
                name="vacancy_salary_max_at_least_min",
            ),
            models.CheckConstraint(condition=models.Q(fte__gt=0, fte__lte=1), name="vacancy_fte"),
            models.CheckConstraint(
                condition=models.Q(probation_months__lte=24), name="vacancy_probation_at_most_24"
            ),
            one_of("status", VacancyStatus, "vacancy_status_valid"),
            one_of("role", VacancyRole, "vacancy_role_valid"),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("raised_by")),
                name="vacancy_approved_by_second_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.team}"


class ChannelKind(models.TextChoices):
    WORD_OF_MOUTH = "word_of_mouth", "Word of mouth"
    REFER_A_FRIEND = "refer_a_friend", "Refer a friend"
    SOCIAL_MEDIA = "social_media", "Social media"
    JOB_FAIR = "job_fair", "University job fair"
    CAREER_CHANGERS = "career_changers", "Career changers"
    ARMED_FORCES = "armed_forces", "Armed forces leavers"
    INTERNATIONAL = "international", "International"
    PARTNER_NETWORKS = "partner_networks", "Partner networks"
    COMMUNITY = "community", "Targeted community outreach"
    JOB_BOARD = "job_board", "Job board or website"
    OTHER = "other", "Other"


class Channel(OrgOwned):
    """How a candidate heard of a vacancy: one of the council's own list."""

    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=ChannelKind.choices)
    platform = models.CharField(max_length=60, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="channel_name_unique"),
            one_of("kind", ChannelKind, "channel_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    SHORTLISTED = "shortlisted", "Shortlisted"
    INTERVIEWED = "interviewed", "Interviewed"
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REJECTED = "rejected", "Rejected"


class DeclineReason(models.TextChoices):
    """Why a candidate declined an offer (the recruiter's view counts them)."""

    PAY = "pay", "Pay or benefits"
    OTHER_OFFER = "other_offer", "Took another job"
    LOCATION = "location", "Location or travel"
    CASELOAD = "caseload", "Caseload or workload"
    ROLE = "role", "The role was not what they expected"
    PERSONAL = "personal", "Personal circumstances"
    OTHER = "other", "Another reason"


class Application(OrgOwned):
    """One candidate's application for a vacancy, recorded by a recruiter."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="applications")
    candidate_name = models.CharField(max_length=200)
    # Blank only for an application imported from a file that gives none (never emailed).
    candidate_email = models.EmailField(blank=True)
    # The council's own reference for the candidate, from an applicants file (import); blank
    # for an application made on the form or recorded by hand.
    candidate_ref = models.CharField("Candidate reference", max_length=64, blank=True)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="applications")
    referred_by = models.ForeignKey(
        "people.StaffMember",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.APPLIED)
    applied_on = models.DateField()
    shortlisted_on = models.DateField(null=True, blank=True)
    interviewed_on = models.DateField(null=True, blank=True)
    offered_on = models.DateField(null=True, blank=True)
    accepted_on = models.DateField(null=True, blank=True)
    # Why they declined an offer (set when the application moves to declined).
    declined_reason = models.CharField(
        "Why they declined", max_length=20, choices=DeclineReason.choices, blank=True
    )
    declined_note = models.CharField("In their words", max_length=500, blank=True)
    # Lived or worked abroad, so an overseas criminal record check is needed.
    overseas_check_needed = models.BooleanField(default=False)
    # The confirmed start date: a starter. Set only once the safer recruitment checks are done.
    start_date = models.DateField(null=True, blank=True)
    # The recruiter who recorded it; blank when the candidate applied on the public form.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the candidate gave on the public form (census items the register takes at hire).
    referrer_named = models.CharField("Who referred you", max_length=200, blank=True)
    supporting_statement = models.TextField(blank=True)
    start_origin = models.PositiveSmallIntegerField(null=True, blank=True)
    qualification_level = models.PositiveSmallIntegerField(null=True, blank=True)
    qualification_institution = models.CharField(max_length=200, blank=True)
    swe_number = models.CharField("Social Work England number", max_length=20, blank=True)
    privacy_accepted_at = models.DateTimeField(null=True, blank=True)
    # The register's record made from this application when the new starter was hired.
    hired = models.ForeignKey(
        "people.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_team_field = "vacancy__team_id"
    scope_service_field = "vacancy__team__service_id"
    scope_user_field = "vacancy__raised_by_id"

    class Meta:
        ordering = ["applied_on", "candidate_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "candidate_email"],
                condition=~models.Q(candidate_email=""),
                name="application_one_per_candidate",
            ),
            models.UniqueConstraint(
                fields=["vacancy", "candidate_ref"],
                condition=~models.Q(candidate_ref=""),
                name="application_one_per_candidate_ref",
            ),
            one_of("stage", Stage, "application_stage_valid"),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True) | models.Q(stage="accepted"),
                name="application_start_only_when_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_name} for {self.vacancy.title}"


class CheckKind(models.TextChoices):
    IDENTITY = "identity", "Identity"
    RIGHT_TO_WORK = "right_to_work", "Right to work in the UK"
    DBS = "dbs", "Enhanced DBS with the children's barred list"
    SWE = "swe", "Social Work England registration"
    REFERENCE_1 = "reference_1", "First reference"
    REFERENCE_2 = "reference_2", "Second reference"
    HISTORY = "history", "Employment history, with any gaps explained"
    QUALIFICATIONS = "qualifications", "Qualifications seen"
    HEALTH = "health", "Occupational health"
    OVERSEAS = "overseas", "Overseas criminal record check"


class DbsLevel(models.TextChoices):
    ENHANCED = "enhanced", "Enhanced"
    STANDARD = "standard", "Standard"
    BASIC = "basic", "Basic"


class SweStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    SUSPENDED = "suspended", "Suspended"
    INTERIM_ORDER = "interim_order", "Interim order"
    REMOVED = "removed", "Removed"
    NOT_FOUND = "not_found", "Not on the register"


class SaferCheck(OrgOwned):
    """One safer recruitment check for an offer: who made it, when, and the evidence seen."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=20, choices=CheckKind.choices)
    checked_on = models.DateField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField()
    # When it runs out, if it does (a time-limited right to work, a registration to renew, a DBS
    # check the council renews): reminded before, and no longer good for a later start date.
    expires_on = models.DateField("Expires on", null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    # What the standard asks of a DBS check and a registration, as fields the rules read
    # (``services/safer_rules.py``); blank for the other kinds.
    dbs_level = models.CharField("DBS level", max_length=10, choices=DbsLevel.choices, blank=True)
    dbs_barred_list = models.BooleanField("Children's barred list checked", default=False)
    dbs_update_number = models.CharField("DBS update service number", max_length=20, blank=True)
    dbs_update_checked_on = models.DateField("Checked on the update service", null=True, blank=True)
    swe_number = models.CharField("Social Work England number", max_length=20, blank=True)
    swe_status = models.CharField(
        "Registration status", max_length=14, choices=SweStatus.choices, blank=True
    )
    swe_conditions = models.TextField("Conditions of practice", blank=True)
    # Recorded before the standards were kept as fields: its free-text evidence stands as it was.
    free_text_only = models.BooleanField(default=False)

    scope_team_field = "application__vacancy__team_id"
    scope_service_field = "application__vacancy__team__service_id"

    class Meta:
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="safer_check_once"),
            one_of("kind", CheckKind, "safer_check_kind_valid"),
            models.CheckConstraint(
                condition=~models.Q(evidence=""), name="safer_check_has_evidence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.application}"


class EqualityMonitoring(OrgOwned):
    """A candidate's equality monitoring answers, kept apart from their application: no page a
    shortlister or panellist sees reads this table; HR sees it only counted, groups under five
    hidden. Codes as the workforce census writes them (Ethnicity, GenderCurrent)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="+", db_index=True
    )
    ethnicity = models.CharField(max_length=4, blank=True)
    gender = models.PositiveSmallIntegerField(null=True, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # "yes", "no", or "" (prefer not to say)
    disability = models.CharField(max_length=3, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gender__isnull=True) | models.Q(gender__in=[0, 1, 2, 9]),
                name="equality_gender_census_code",
            ),
            models.CheckConstraint(
                condition=models.Q(disability__in=["", "yes", "no"]),
                name="equality_disability_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Equality monitoring {self.pk}"


class QuestionRole(models.TextChoices):
    ANY = "any", "Any post"
    PRACTICE = "practice", "Practitioner posts"
    MANAGER = "manager", "Manager posts"


class Question(OrgOwned):
    """A values-led, scenario-based question of the council's bank, with the value it tests and
    the rubric a panel scores against; dated, so a retired question stays on old panels."""

    text = models.TextField()
    value = models.CharField("Value it tests", max_length=100)
    role = models.CharField(max_length=12, choices=QuestionRole.choices, default=QuestionRole.ANY)
    rubric = models.TextField(help_text="What a weak, an adequate and a strong answer show.")
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["value", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="question_to_after_from",
            ),
            one_of("role", QuestionRole, "question_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.text[:60]}"


class PanelStatus(models.TextChoices):
    OPEN = "open", "Open"
    DECIDED = "decided", "Decided and closed"
    CALLED_OFF = "called_off", "Called off"


class Panel(OrgOwned):
    """A selection panel for a vacancy: its questions, its candidates, its panellists, and the
    decision. Panellists see it only while it is open."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="panels")
    name = models.CharField(max_length=100, default="Interview panel")
    # The step of the vacancy's selection it assesses: its number in vacancy.selection_steps,
    # from 1 (blank only for a panel whose vacancy has no steps).
    step = models.PositiveSmallIntegerField("Selection step", null=True, blank=True)
    sits_on = models.DateField()
    questions = models.ManyToManyField(Question, related_name="panels")
    candidates = models.ManyToManyField(Application, related_name="panels")
    status = models.CharField(max_length=10, choices=PanelStatus.choices, default=PanelStatus.OPEN)
    decision = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Called off before it sat: kept (with who, when and why) so reports still count it.
    called_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    called_off_at = models.DateTimeField(null=True, blank=True)
    called_off_reason = models.CharField(max_length=300, blank=True)

    scope_team_field = "vacancy__team_id"
    scope_service_field = "vacancy__team__service_id"
    scope_user_field = "vacancy__raised_by_id"

    class Meta:
        ordering = ["sits_on", "pk"]
        constraints = [
            one_of("status", PanelStatus, "panel_status_valid"),
            models.CheckConstraint(
                condition=models.Q(step__isnull=True) | models.Q(step__gte=1),
                name="panel_step_from_1",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="decided") | ~models.Q(decision=""),
                name="panel_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="called_off")
                | (models.Q(called_off_at__isnull=False) & ~models.Q(called_off_reason="")),
                name="panel_called_off_when_and_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.vacancy.title}"


class PanellistKind(models.TextChoices):
    STAFF = "staff", "Staff"
    LIVED_EXPERIENCE = "lived_experience", "Lived experience"
    PARTNER = "partner", "Partner"


class Panellist(OrgOwned):
    """Someone who sits on a panel: staff, a lived-experience panellist (a young person from the
    Children in Care Council, a parent who has used the service) or a partner (health, schools,
    police, faith). A lived-experience panellist is trained before they score, and paid."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="panellists")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=PanellistKind.choices)
    represents = models.CharField(
        "Organisation or group they come from", max_length=200, blank=True
    )
    trained_on = models.DateField(null=True, blank=True)
    paid_amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    shaped_decision = models.BooleanField(default=False)
    # Chairs the panel: records the moderated scores and each candidate's outcome.
    chair = models.BooleanField("Chairs the panel", default=False)

    class Meta:
        ordering = ["panel", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="panellist_once_a_panel"),
            models.UniqueConstraint(
                fields=["panel"], condition=models.Q(chair=True), name="panel_one_chair"
            ),
            one_of("kind", PanellistKind, "panellist_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(paid_amount__isnull=True) | models.Q(paid_on__isnull=False),
                name="panellist_payment_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.panel}"


class Score(OrgOwned):
    """One panellist's score for one candidate's answer to one question, against the rubric.
    A panellist's sheet for a candidate is sent whole; nobody sees another's scores until every
    panellist has sent theirs."""

    panellist = models.ForeignKey(Panellist, on_delete=models.CASCADE, related_name="scores")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["application", "question", "panellist"]
        constraints = [
            models.UniqueConstraint(
                fields=["panellist", "application", "question"], name="score_once"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score} from {self.panellist}"


class Campaign(OrgOwned):
    """A recruitment campaign through one channel, over some dates, at a cost: its applications
    are the channel's applications made between its first and last day."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    cost = models.DecimalField("Cost (£)", max_digits=10, decimal_places=2)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=False
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(cost__gte=0), name="campaign_cost_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class JobFamily(models.TextChoices):
    NEWLY_QUALIFIED = "newly_qualified", "Newly qualified social worker"
    SOCIAL_WORKER = "social_worker", "Social worker"
    EXPERIENCED = "experienced", "Senior or advanced practitioner"
    MANAGER = "manager", "Team or service manager"
    SUPPORT = "support", "Family support worker or personal adviser"


class Interest(OrgOwned):
    """Someone who registered interest in a kind of job at a council, on its portal page, with
    their consent: seen by the council's recruiters once the person has confirmed it from the
    email, until they withdraw it; a recruiter may invite them to apply for an open vacancy."""

    name = models.CharField(max_length=200)
    email = models.EmailField()
    job_family = models.CharField(max_length=20, choices=JobFamily.choices)
    area = models.CharField("Where you would like to work", max_length=200, blank=True)
    consented_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    invited_to = models.ForeignKey(
        Vacancy, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            one_of("job_family", JobFamily, "interest_family_valid"),
            models.UniqueConstraint(
                fields=["organisation", "email", "job_family"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="interest_once_while_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_job_family_display()}"


class ApplicationDraft(OrgOwned):
    """An application saved part-way on the public form, to finish from the link emailed to the
    candidate. Holds what was typed in the application's own questions (never the equality
    monitoring answers); removed when the application is sent."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    data = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "email"], name="draft_once_per_job"),
        ]

    def __str__(self) -> str:
        return f"Draft for {self.vacancy_id}"


# What a council keeps for itself (its portal page, referral reward, emails to candidates) lives
# in its own module; imported here so Django finds the models.
from thrive.recruitment.council_models import (  # noqa: E402
    CouncilPage,
    EmailedStage,
    PostKind,
    ReferralPayment,
    ReferralReward,
    RewardDue,
    SelectionTemplate,
    StageEmail,
)
from thrive.recruitment.moderation_models import AgreedScore, CandidateOutcome, Outcome  # noqa: E402
from thrive.recruitment.safer_models import (  # noqa: E402
    AddressAbroad,
    EmploymentEntry,
    GapExplanation,
    Reference,
)

__all__ = [
    "AddressAbroad",
    "AgreedScore",
    "CandidateOutcome",
    "EmploymentEntry",
    "GapExplanation",
    "Outcome",
    "Reference",
    "CouncilPage",
    "EmailedStage",
    "PostKind",
    "ReferralPayment",
    "ReferralReward",
    "RewardDue",
    "SelectionTemplate",
    "StageEmail",
]
