"""Engagement and wellbeing: the question library and its answer scales, survey waves with their
audiences, and the answers. The module is long because every engagement record (surveys, their
anonymity rules, drop-ins, flexible working, conversations) shares its tables' constraints here.

**Anonymity is in the tables.** An anonymous survey's :class:`Response` holds no person, no time
and no sequential number: its key is random, it has no timestamps, and the reporting attributes
(team, service, profession) are copied in at submission. Whether someone has answered is a
separate record (:class:`Participation`), so reminders reach only those who have not, and nothing
joins the two. A confidential survey's response names the person, for analysis by the named
leads only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from thrive.core.models import OrgOwned, TeamRecord


def default_stay_signals() -> list[str]:
    return ["over_cap", "supervision", "progression"]


class EngagementSettings(OrgOwned):
    """The council's engagement settings: the smallest group any result is shown for, and the
    risk signals that prompt a stay conversation."""

    minimum_group = models.PositiveSmallIntegerField(default=5)
    # Which signals prompt a stay conversation (codes of :class:`StaySignal`), and their limits.
    stay_signals = models.JSONField(default=default_stay_signals, blank=True)
    over_cap_weeks = models.PositiveSmallIntegerField(default=8)
    supervision_overdue_days = models.PositiveSmallIntegerField(default=14)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="engagement_settings_one"),
            models.CheckConstraint(
                condition=models.Q(minimum_group__gte=5), name="engagement_minimum_group_5"
            ),
        ]


class AnswerScale(OrgOwned):
    """An answer scale as data: its options (value and words, lowest first) and the value from
    which an answer counts as favourable."""

    name = models.CharField(max_length=100)
    options = models.JSONField(default=list)  # [[value, label], ...]
    favourable_from = models.SmallIntegerField()
    is_nps = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="engagement_scale_name")
        ]

    def __str__(self) -> str:
        return self.name

    def values(self) -> list[int]:
        return [int(v) for v, _ in self.options]

    def label(self, value: int) -> str:
        return next((str(label) for v, label in self.options if int(v) == value), str(value))


class QuestionKind(models.TextChoices):
    COUNCIL = "council", "The council's own"
    HEALTH_CHECK = "health_check", "Employer standards health check"
    STAY = "stay", "Intention to stay"
    ENPS = "enps", "Employee net promoter score"
    WELLBEING = "wellbeing", "Wellbeing"
    FREE_TEXT = "free_text", "Free text"


class Question(OrgOwned):
    """A question in the council's library. Free-text questions have no scale."""

    code = models.SlugField(max_length=60)
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=QuestionKind.choices)
    scale = models.ForeignKey(AnswerScale, null=True, blank=True, on_delete=models.PROTECT)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="engagement_q_code"),
            models.CheckConstraint(
                condition=models.Q(kind="free_text", scale__isnull=True)
                | (~models.Q(kind="free_text") & models.Q(scale__isnull=False)),
                name="engagement_q_scale_unless_free_text",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def free_text(self) -> bool:
        return self.kind == QuestionKind.FREE_TEXT


class Survey(OrgOwned):
    """One wave of a survey: its questions, audience (teams and professions; none = everyone),
    dates and whether it is anonymous."""

    name = models.CharField(max_length=200)
    opens_on = models.DateField()
    closes_on = models.DateField()
    anonymous = models.BooleanField(default=True)
    questions = models.ManyToManyField(Question, through="SurveyQuestion", related_name="+")
    audience_teams = models.ManyToManyField("people.Team", blank=True, related_name="+")
    audience_professions = models.JSONField(default=list, blank=True)
    # A confidential survey's answers, linked to the person, are read only by these named people.
    readers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-opens_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="engagement_survey_name"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="engagement_survey_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, on: object) -> bool:
        return self.opens_on <= on <= self.closes_on  # type: ignore[operator]


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "question"], name="engagement_sq_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.question_id}"


class Participation(OrgOwned):
    """That *person* has answered *survey* (never what): reminders go to those without one."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey("people.StaffMember", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_team_field = "team_id"
    scope_user_field = "person__user_id"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="engagement_answer_once"),
        ]

    def __str__(self) -> str:
        return f"Took part in survey {self.survey_id}"


class Response(models.Model):
    """One set of answers. No timestamps and a random key, so nothing orders responses in time
    against :class:`Participation`; *person* only in a confidential survey."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        settings.THRIVE_ORGANISATION_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    service = models.ForeignKey(
        "people.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    profession = models.CharField(max_length=32, blank=True)
    person = models.ForeignKey(
        "people.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The other tool's response ID when imported (so a second import of the file changes nothing).
    external_id = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "external_id"],
                condition=~models.Q(external_id=""),
                name="engagement_response_external_once",
            ),
        ]

    def __str__(self) -> str:
        return "A response"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="engagement_answer_q"),
        ]

    def __str__(self) -> str:
        return "An answer"


class Theme(OrgOwned):
    """A theme the engagement lead draws from a wave's answers and comments ("workload",
    "supervision"), with words that suggest which comments belong to it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=120)
    you_said = models.TextField(help_text="What staff said, in a sentence or two.")
    keywords = models.CharField(max_length=300, blank=True)
    comments = models.ManyToManyField(Answer, blank=True, related_name="themes")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "name"], name="engagement_theme_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def words(self) -> list[str]:
        return [w.strip().lower() for w in self.keywords.split(",") if w.strip()]


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    UNDER_WAY = "under_way", "Under way"
    DONE = "done", "Done"


class Action(OrgOwned):
    """What the council does about a theme ("we did"): an owner, a date and progress."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(max_length=300)
    owner = models.CharField(max_length=200, help_text="Who is accountable, by name or post.")
    due_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what


# --- Flexible working (Employment Relations (Flexible Working) Act 2023, from 6 April 2024) --


class FlexiblePattern(models.TextChoices):
    COMPRESSED = "compressed_hours", "Compressed hours"
    TERM_TIME = "term_time", "Term-time working"
    HYBRID = "hybrid", "Hybrid working"
    PART_TIME = "part_time", "Part-time hours"
    FLEXITIME = "flexitime", "Flexible start and finish times"
    OTHER = "other", "Another pattern"


class BusinessReason(models.TextChoices):
    """The eight statutory business reasons for refusing a request (Employment Rights Act 1996,
    s. 80G(1)(b)); a refusal must give one."""

    COSTS = "costs", "The burden of additional costs"
    DEMAND = "demand", "A detrimental effect on ability to meet customer demand"
    REORGANISE = "reorganise", "Inability to reorganise work among existing staff"
    RECRUIT = "recruit", "Inability to recruit additional staff"
    QUALITY = "quality", "A detrimental impact on quality"
    PERFORMANCE = "performance", "A detrimental impact on performance"
    INSUFFICIENT_WORK = "insufficient_work", "Insufficient work during the periods proposed"
    STRUCTURAL = "structural", "Planned structural changes"


class FlexibleStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    AGREED = "agreed", "Agreed"
    REFUSED = "refused", "Refused"
    APPEALED = "appealed", "Refused, under appeal"
    APPEAL_AGREED = "appeal_agreed", "Agreed on appeal"
    APPEAL_REFUSED = "appeal_refused", "Refused on appeal"
    WITHDRAWN = "withdrawn", "Withdrawn"


class FlexibleRequest(TeamRecord):
    """A statutory request to work flexibly: a day-one right; two in any 12 months; decided,
    including any appeal, within two months of receipt (unless both agree to extend);
    refused only after consulting the person and for one of the eight business reasons."""

    person = models.ForeignKey("people.StaffMember", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField()
    pattern = models.CharField(max_length=20, choices=FlexiblePattern.choices)
    details = models.TextField()
    status = models.CharField(
        max_length=16, choices=FlexibleStatus.choices, default=FlexibleStatus.RECEIVED
    )
    decide_by = models.DateField()
    consulted_on = models.DateField(null=True, blank=True)
    consultation_note = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    refusal_reason = models.CharField(max_length=20, choices=BusinessReason.choices, blank=True)
    decision_note = models.TextField(blank=True)
    appealed_on = models.DateField(null=True, blank=True)
    appeal_decided_on = models.DateField(null=True, blank=True)
    # The last day the decision maker was reminded (at most once a week a request).
    reminded_on = models.DateField(null=True, blank=True)

    scope_user_field = "person__user_id"

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["refused", "appealed", "appeal_refused"])
                | (~models.Q(refusal_reason="") & models.Q(consulted_on__isnull=False)),
                name="engagement_flexible_refusal_reason_and_consultation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_pattern_display()} from {self.received_on}"

    @property
    def open(self) -> bool:
        return self.status in (FlexibleStatus.RECEIVED, FlexibleStatus.APPEALED)

    @property
    def agreed(self) -> bool:
        return self.status in (FlexibleStatus.AGREED, FlexibleStatus.APPEAL_AGREED)


class FlexibleWorkingRule(models.Model):
    """The limits on flexible working requests, from a date: how many requests a person may make
    in any 12 months and how many months the employer has to decide, including any appeal. A
    rule with no organisation is the law (loaded by migration 0011); a council may record its
    own, more generous, from a date. A request is judged by the rules in force on the day it was
    received (``flexible.flexible_rule_on``)."""

    organisation = models.ForeignKey(
        settings.THRIVE_ORGANISATION_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    effective_from = models.DateField("In force from")
    requests_a_year = models.PositiveSmallIntegerField("Requests allowed in any 12 months")
    decision_months = models.PositiveSmallIntegerField("Months to decide, including any appeal")
    source = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requests_a_year__gte=1, decision_months__gte=1),
                name="engagement_flexible_rule_positive",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"From {self.effective_from}: {self.requests_a_year} a year, "
            f"{self.decision_months} months to decide"
        )


# --- Stay and exit conversations --------------------------------------------------------------


class ExitReason(models.TextChoices):
    PAY = "pay", "Pay"
    WORKLOAD = "workload", "Workload"
    MANAGEMENT = "management", "Management"
    SUPERVISION = "supervision", "Supervision"
    DEVELOPMENT = "development", "Development and progression"
    TRAVEL = "travel", "Travel"
    AGENCY = "agency", "Agency work"
    FAMILY = "family", "Family or caring"
    RETIREMENT = "retirement", "Retirement"
    RELOCATION = "relocation", "Moving away"
    CAREER_CHANGE = "career_change", "Leaving social work"
    OTHER = "other", "Other"


class ComeBack(models.TextChoices):
    YES = "yes", "Yes"
    MAYBE = "maybe", "Maybe"
    NO = "no", "No"


class ExitConversation(OrgOwned):
    """The conversation with a leaver about one spell: coded reasons (the main one first), would
    they come back, and a good ending (a reflective conversation and a reference promise). The
    reasons are read by the retention analysis."""

    spell = models.OneToOneField(
        "people.EmploymentSpell", on_delete=models.CASCADE, related_name="exit_conversation"
    )
    held_on = models.DateField()
    reasons = models.JSONField(default=list)
    would_come_back = models.CharField(max_length=8, choices=ComeBack.choices)
    reflective_conversation = models.BooleanField(default=False)
    reference_promised = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    scope_team_field = "spell__team_id"
    scope_service_field = "spell__team__service_id"
    scope_user_field = "spell__person__user_id"

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Exit conversation on {self.held_on}"

    @property
    def main_reason(self) -> str:
        return self.reasons[0] if self.reasons else ""

    @property
    def reason_words(self) -> list[str]:
        words = dict(ExitReason.choices)
        return [words.get(r, r) for r in self.reasons]


class StaySignal(models.TextChoices):
    """The risk signals a council may choose to prompt a stay conversation."""

    OVER_CAP = "over_cap", "Caseload over the cap for a long spell"
    SUPERVISION = "supervision", "Supervision overdue"
    PROGRESSION = "progression", "Progression not agreed (by a panel, or declined) in the last year"


class StayConversation(TeamRecord):
    """A manager's stay conversation with someone at risk of leaving: what prompted it, what was
    said and what was agreed to help them stay."""

    person = models.ForeignKey("people.StaffMember", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signals = models.JSONField(default=list, blank=True)
    notes = models.TextField()
    agreed = models.TextField(blank=True)

    scope_user_field = "person__user_id"

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Stay conversation on {self.held_on}"


# --- Recognition and the newsletter -----------------------------------------------------------


class ShoutOutAbout(models.TextChoices):
    COLLEAGUE = "colleague", "A colleague"
    PARTNER = "partner", "A partner (someone from another organisation)"
    TEAM = "team", "A team"


class ShoutOutStatus(models.TextChoices):
    AWAITING = "awaiting", "Waiting for their consent"
    PUBLISHED = "published", "Published"
    DECLINED = "declined", "Not published (they declined)"


class ShoutOut(OrgOwned):
    """A peer shout-out about a colleague, a partner or a team. One about a colleague is
    published only once the colleague consents; one about a team or a partner at once."""

    given_by = models.ForeignKey("people.StaffMember", on_delete=models.CASCADE, related_name="+")
    about = models.CharField(max_length=12, choices=ShoutOutAbout.choices)
    colleague = models.ForeignKey(
        "people.StaffMember", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    partner = models.CharField(max_length=200, blank=True)
    message = models.TextField()
    given_on = models.DateField()
    status = models.CharField(max_length=12, choices=ShoutOutStatus.choices)
    published_on = models.DateField(null=True, blank=True)

    scope_user_field = "colleague__user_id"

    class Meta:
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(about="colleague", colleague__isnull=False)
                    | models.Q(about="team", team__isnull=False)
                    | (models.Q(about="partner") & ~models.Q(partner=""))
                ),
                name="engagement_shout_out_names_who",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_on__isnull=False),
                name="engagement_shout_out_published_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Shout-out on {self.given_on}"

    @property
    def who(self) -> str:
        if self.about == ShoutOutAbout.COLLEAGUE and self.colleague is not None:
            return self.colleague.full_name
        if self.about == ShoutOutAbout.TEAM and self.team is not None:
            return self.team.name
        return self.partner


class Newsletter(OrgOwned):
    """A month's staff newsletter: drafted from the month's published shout-outs, learning, new
    starters, long-service milestones and "you said, we did", with a "why I chose a permanent
    post" story; edited by the engagement lead, then sent by email and published as a page."""

    month = models.DateField(help_text="The first day of the month it covers.")
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    body = models.TextField()
    story = models.TextField(blank=True, help_text="Why I chose a permanent post.")
    sent_on = models.DateField(null=True, blank=True)
    sent_to = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month"], name="engagement_one_a_month"
            ),
        ]

    def __str__(self) -> str:
        return self.title


# --- Long service -----------------------------------------------------------------------------


class ServiceBasis(models.TextChoices):
    CONTINUOUS = "continuous", "Continuous service (since the person last joined)"
    TOTAL = "total", "Total service (every spell with the council added up)"


class LongServiceRule(OrgOwned):
    """How the council counts service for its long-service milestones, from a date (a council
    setting with its effective date; the latest in force on a day applies)."""

    effective_from = models.DateField()
    basis = models.CharField(max_length=12, choices=ServiceBasis.choices)
    every_years = models.PositiveSmallIntegerField(default=5)

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "effective_from"], name="engagement_service_rule_once"
            ),
            models.CheckConstraint(
                condition=models.Q(every_years__gte=1), name="engagement_service_every_years"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_basis_display()} from {self.effective_from}"


# --- Support drop-ins -------------------------------------------------------------------------


class DropInSlot(OrgOwned):
    """A confidential slot with an experienced worker (the host), bookable by anyone. Who booked
    is seen only by the person and the host; leaders see counts, and only of five or more."""

    host = models.ForeignKey("people.StaffMember", on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=30)
    place = models.CharField(max_length=200, help_text="A room, or 'Teams call'.")
    booked_by = models.ForeignKey(
        "people.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Withdrawn: kept with who, when and why (still counted as offered); nobody books it.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | models.Q(booked_by__isnull=True),
                name="engagement_dropin_withdrawn_unbooked",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=10) & models.Q(minutes__lte=240),
                name="engagement_dropin_minutes",
            ),
            models.CheckConstraint(
                condition=~models.Q(booked_by=models.F("host")),
                name="engagement_dropin_not_own_host",
            ),
        ]

    def __str__(self) -> str:
        return f"Drop-in at {self.starts_at:%Y-%m-%d %H:%M}"
