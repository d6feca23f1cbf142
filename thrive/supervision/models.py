"""Supervision: the policy rhythm as dated data, sessions (one-to-one, group case supervision,
debriefs), two-way records that lock when both have signed, actions carried forward, and the
calendar feed.

A one-to-one record's wellbeing and personal parts are confidential: see
``selectors.may_read_personal``. Every read of a record is logged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from analytics.supervision import FREQUENCY_LABELS
from thrive.core.dated_lists import DatedListItem
from thrive.core.models import OrgOwned, TeamRecord


class Frequency(models.TextChoices):
    """The same words as ``analytics.supervision.Frequency.label``, shown wherever a rule is."""

    WEEKLY = "weekly", FREQUENCY_LABELS["weekly"]
    FORTNIGHTLY = "fortnightly", FREQUENCY_LABELS["fortnightly"]
    MONTHLY = "monthly", FREQUENCY_LABELS["monthly"]
    SIX_WEEKLY = "six_weekly", FREQUENCY_LABELS["six_weekly"]
    ASYE = "asye", FREQUENCY_LABELS["asye"]


class SupervisionPolicy(OrgOwned):
    """How often people are supervised and for how long, from a date. A policy names at most one
    of: a person, newly qualified workers in their ASYE, a census role (OrgRole), a team type; or
    none of them (the whole council). The most specific one in force applies: person, then ASYE,
    then role, then team type, then the council's."""

    effective_from = models.DateField()
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    minimum_minutes_per_month = models.PositiveSmallIntegerField(default=90)
    person = models.ForeignKey(
        "people.StaffMember", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    asye = models.BooleanField("Newly qualified workers in their ASYE", default=False)
    org_role = models.PositiveSmallIntegerField("Census role (OrgRole)", null=True, blank=True)
    team_type = models.CharField(max_length=24, blank=True)
    first_within_days = models.PositiveSmallIntegerField(
        "First supervision within (days of starting)",
        null=True,
        blank=True,
        help_text="Leave blank to count the first one interval after the start.",
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_minutes_per_month__lte=1000),
                name="supervision_policy_minutes_range",
            ),
            models.CheckConstraint(
                condition=models.Q(first_within_days__isnull=True)
                | models.Q(first_within_days__gte=1, first_within_days__lte=92),
                name="supervision_policy_first_within_range",
            ),
        ]

    @property
    def applies_to(self) -> str:
        from thrive.people.models import TeamType

        if self.person_id:
            return f"{self.person}"
        if self.asye:
            return "Newly qualified workers in their ASYE"
        if self.org_role:
            from analytics.codes import ORG_ROLE

            return f"Role: {ORG_ROLE.get(self.org_role, self.org_role)}"
        if self.team_type:
            return f"Team type: {dict(TeamType.choices).get(self.team_type, self.team_type)}"
        return "Everyone (the council's policy)"


class Kind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", "One-to-one supervision"
    GROUP = "group", "Group case supervision"
    DEBRIEF = "debrief", "Debrief after an incident"


class SessionStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Balance(models.TextChoices):
    MOSTLY_SUPPORT = "support", "Mostly support"
    BALANCED = "balanced", "A balance of support and challenge"
    MOSTLY_CHALLENGE = "challenge", "Mostly challenge"


class PracticeSkill(DatedListItem):
    """A practice skill the council lists for supervisors to say what they saw in the work (for
    example the relationship-based practice skills)."""

    noun = "practice skill"

    class Meta(DatedListItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="practice_skill_unique")
        ]


class Session(TeamRecord):
    """A supervision session: booked, then held (with its record) or cancelled.

    One-to-one and debrief sessions have a supervisor and a supervisee; group case supervision has
    a chair (the supervisor) and attendees. Only held one-to-one sessions count as supervision.
    """

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ONE_TO_ONE)
    supervisor = models.ForeignKey(
        "people.StaffMember", on_delete=models.PROTECT, related_name="supervising"
    )
    supervisee = models.ForeignKey(
        "people.StaffMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised",
    )
    team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField()
    planned_minutes = models.PositiveSmallIntegerField(default=90)
    minutes = models.PositiveSmallIntegerField("Length (minutes)", null=True, blank=True)
    location = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default="booked")
    # The record (one-to-one and debrief).
    wellbeing = models.TextField(blank=True)
    workload = models.TextField(blank=True)
    learning = models.TextField("Learning and development", blank=True)
    balance = models.CharField(max_length=10, choices=Balance.choices, blank=True)
    balance_notes = models.TextField("Support and challenge", blank=True)
    skills = models.ManyToManyField(PracticeSkill, blank=True, related_name="sessions")
    notes = models.TextField("Other notes", blank=True)
    # A debrief's own record: the incident, and the support agreed (how it affected the person
    # is the confidential wellbeing part).
    incident_on = models.DateField("Date of the incident", null=True, blank=True)
    incident = models.TextField("What happened", blank=True)
    support_agreed = models.TextField("Support offered and agreed", blank=True)
    supervisee_reflections = models.TextField(blank=True)
    supervisor_signed_at = models.DateTimeField(null=True, blank=True)
    supervisee_signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["organisation", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="group") | models.Q(supervisee__isnull=False),
                name="session_supervisee_unless_group",
            )
        ]

    def __str__(self) -> str:
        who = self.supervisee.full_name if self.supervisee else "group"
        return f"{self.get_kind_display()}: {who}, {self.starts_at:%-d %b %Y}"

    @property
    def in_words(self) -> str:
        """The session as a phrase for a sentence: "group case supervision on Thursday 3 December
        2026 at 10:00", "one-to-one supervision with Noor Khan on …"."""
        from django.utils import timezone

        at = timezone.localtime(self.starts_at)
        what = {
            Kind.ONE_TO_ONE: "one-to-one supervision",
            Kind.GROUP: "group case supervision",
            Kind.DEBRIEF: "a debrief after an incident",
        }.get(Kind(self.kind), self.get_kind_display().lower())
        who = f" with {self.supervisee.full_name}" if self.supervisee else ""
        return f"{what}{who} on {at:%A} {at.day} {at:%B %Y} at {at:%H:%M}"

    @property
    def locked(self) -> bool:
        """Signed by both: changes are dated addenda from now on."""
        return self.supervisor_signed_at is not None and self.supervisee_signed_at is not None

    @property
    def held_on(self) -> object:
        return self.starts_at.date()


class FamilyDiscussed(OrgOwned):
    """A family discussed in a session: for one-to-ones, what has changed and why, and the plan;
    for group case supervision, the agreed next steps (which become a workbook entry)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="families")
    family = models.ForeignKey("caseloads.Family", on_delete=models.PROTECT, related_name="+")
    what_changed = models.TextField("What has changed for the family, and why", blank=True)
    plan = models.TextField("Why this plan, where do we want to get to, and how", blank=True)
    next_steps = models.TextField("Agreed next steps", blank=True)
    workbook_entry = models.ForeignKey(
        "workbook.WorkbookEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "family"], name="family_discussed_once")
        ]


class Attendance(OrgOwned):
    """Who was invited to and who came to group case supervision, and in what discipline."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("people.StaffMember", on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_once")
        ]


class ActionOwner(models.TextChoices):
    SUPERVISEE = "supervisee", "Supervisee"
    SUPERVISOR = "supervisor", "Supervisor"
    OTHER = "other", "Someone else"


class Action(OrgOwned):
    """An action agreed in supervision; it carries forward to each next session until closed."""

    person = models.ForeignKey(
        "people.StaffMember", on_delete=models.CASCADE, related_name="supervision_actions"
    )
    raised_in = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    owner = models.CharField(max_length=12, choices=ActionOwner.choices)
    owner_other = models.CharField(max_length=120, blank=True)
    due_date = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    closed_in = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="closed_actions"
    )

    class Meta:
        ordering = ["due_date", "id"]


class Addendum(OrgOwned):
    """A dated change to a record after both have signed it. A *personal* addendum (about
    wellbeing or the reflections) is as confidential as those parts."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    personal = models.BooleanField(
        "About wellbeing or reflections – keep it as confidential as those parts", default=False
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "addenda"


class PersonalAccess(models.TextChoices):
    THE_TWO = "the_two", "Only the supervisor and the supervisee"
    MANAGERS = "managers", "Also the supervisee's team and service managers"
    MANAGERS_AND_PSW = "managers_psw", "Also their managers and the principal social worker"


class SupervisionSettings(OrgOwned):
    """The council's choices about supervision records."""

    personal_access = models.CharField(
        "Who may read the wellbeing and personal parts of a record",
        max_length=16,
        choices=PersonalAccess.choices,
        default=PersonalAccess.THE_TWO,
    )
    retention_years = models.PositiveSmallIntegerField(
        "Keep supervision records for (years)", default=7
    )
    grace_days = models.PositiveSmallIntegerField(
        "Days of grace before a supervision counts as late", default=0
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="supervision_settings_one"),
            models.CheckConstraint(
                condition=models.Q(grace_days__lte=60), name="supervision_settings_grace_range"
            ),
        ]


class CalendarFeed(models.Model):
    """A person's secret calendar address. Only a hash of the secret is kept; revoking deletes
    it, so the old address stops working."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar address of {self.user}"
