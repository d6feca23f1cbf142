"""Growing leaders and practice: the leadership pipeline (career conversations after an
aspiring-managers or Firstline-style programme, the internal talent pool, shortlists offered to
the recruiter when a manager post falls vacant) and strengths-based mentoring (skills offered and
asked for, mentoring pairs with meetings and a closing reflection, practice champion networks).
Imported by ``thrive.academy.models`` so Django finds them in the academy app."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from thrive.core.models import OrgOwned, PersonRecord, one_of

# --- The leadership pipeline ---------------------------------------------------------------------


class Readiness(models.TextChoices):
    READY_NOW = "ready_now", "Ready now"
    READY_12 = "ready_12", "Ready in 12 months"
    OTHER_PATH = "other_path", "Another path"


class CareerConversation(PersonRecord):
    """A recorded career conversation, usually after a leadership programme: ready now, ready in
    12 months, or another path (such as a specialism). Ready now or in 12 months puts the person
    in the talent pool; another path takes them out of it."""

    person = models.ForeignKey(
        "people.StaffMember", on_delete=models.CASCADE, related_name="career_conversations"
    )
    held_on = models.DateField()
    readiness = models.CharField(max_length=12, choices=Readiness.choices)
    # Team types (people.TeamType values) they would like to manage.
    interest = models.JSONField(default=list, blank=True)
    other_path = models.CharField("The other path", max_length=200, blank=True)
    notes = models.TextField(blank=True)
    programme = models.ForeignKey(
        "learning.Programme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            one_of("readiness", Readiness, "career_conversation_readiness_valid"),
            models.CheckConstraint(
                condition=~models.Q(readiness="other_path") | ~models.Q(other_path=""),
                name="career_conversation_other_path_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_readiness_display()} ({self.held_on:%-d %b %Y})"


class PoolStatus(models.TextChoices):
    IN_POOL = "in_pool", "In the pool"
    APPOINTED = "appointed", "Appointed to a manager post"
    LEFT = "left", "Left the council"
    WITHDRAWN = "withdrawn", "Left the pool"


class PoolMember(PersonRecord):
    """A person in the internal talent pool, by readiness and interest, and what became of them:
    appointed (to which vacancy), still in the pool, left the council, or left the pool."""

    person = models.ForeignKey(
        "people.StaffMember", on_delete=models.CASCADE, related_name="talent_pool"
    )
    readiness = models.CharField(max_length=12, choices=Readiness.choices)
    interest = models.JSONField(default=list, blank=True)
    joined_on = models.DateField()
    status = models.CharField(max_length=12, choices=PoolStatus.choices, default=PoolStatus.IN_POOL)
    outcome_on = models.DateField(null=True, blank=True)
    appointed_to = models.ForeignKey(
        "recruitment.Vacancy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name", "-joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person"],
                condition=models.Q(status="in_pool"),
                name="pool_member_once_in_pool",
            ),
            models.CheckConstraint(
                condition=models.Q(readiness__in=("ready_now", "ready_12")),
                name="pool_member_ready",
            ),
            one_of("status", PoolStatus, "pool_member_status_valid"),
            models.CheckConstraint(
                condition=models.Q(status="in_pool") | models.Q(outcome_on__isnull=False),
                name="pool_member_outcome_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_readiness_display().lower()})"

    @property
    def interest_labels(self) -> str:
        from thrive.people.models import TeamType

        names = dict(TeamType.choices)
        return ", ".join(str(names.get(t, t)) for t in self.interest)


class ShortlistOffer(OrgOwned):
    """The talent pool's ranked shortlist for a vacant manager post, offered to the recruiter who
    raised the vacancy before it is advertised: who was on it, in order, with the reasons."""

    vacancy = models.ForeignKey("recruitment.Vacancy", on_delete=models.CASCADE, related_name="+")
    offered_on = models.DateField()
    offered_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # [{"person": id, "name": text, "score": n, "reasons": [text, ...]}]
    shortlist = models.JSONField(default=list)

    scope_team_field = "vacancy__team_id"
    scope_service_field = "vacancy__team__service_id"

    class Meta:
        ordering = ["-offered_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["vacancy"], name="shortlist_offered_once")]


# --- Strengths-based mentoring -------------------------------------------------------------------


class SkillOffer(PersonRecord):
    """A practitioner offers to mentor colleagues in a practice skill (the council's list of
    practice skills, the one supervisors record), for so many mentees at a time."""

    person = models.ForeignKey(
        "people.StaffMember", on_delete=models.CASCADE, related_name="skill_offers"
    )
    skill = models.ForeignKey(
        "supervision.PracticeSkill", on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField("How many people at a time", default=1)
    note = models.CharField(max_length=300, blank=True)
    offered_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["skill__name", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "skill"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="skill_offer_once",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, capacity__lte=5), name="skill_offer_capacity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} offers {self.skill}"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Looking for a mentor"
    MATCHED = "matched", "Matched"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SkillRequest(PersonRecord):
    """A practitioner asks to develop a practice skill with a colleague who is strong in it."""

    person = models.ForeignKey(
        "people.StaffMember", on_delete=models.CASCADE, related_name="skill_requests"
    )
    skill = models.ForeignKey(
        "supervision.PracticeSkill", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("What you want to develop", max_length=300, blank=True)
    asked_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )

    class Meta:
        ordering = ["asked_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "skill"],
                condition=models.Q(status="open"),
                name="skill_request_once_open",
            ),
            one_of("status", RequestStatus, "skill_request_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person} asks for {self.skill}"


class MentoringOutcome(models.TextChoices):
    DEVELOPED = "developed", "The skill developed"
    PARTLY = "partly", "Partly developed"
    NOT_YET = "not_yet", "Not yet"


class MentoringPair(OrgOwned):
    """A mentee and the mentor they chose for a skill: the reasons the match was suggested, the
    start, meetings, and at the end the mentee's closing reflection and outcome."""

    request = models.ForeignKey(SkillRequest, on_delete=models.PROTECT, related_name="pairs")
    mentor = models.ForeignKey(
        "people.StaffMember", on_delete=models.PROTECT, related_name="mentoring_as_mentor"
    )
    mentee = models.ForeignKey(
        "people.StaffMember", on_delete=models.PROTECT, related_name="mentoring_as_mentee"
    )
    skill = models.ForeignKey(
        "supervision.PracticeSkill", on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.TextField(blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reflection = models.TextField("Closing reflection", blank=True)
    outcome = models.CharField(max_length=10, choices=MentoringOutcome.choices, blank=True)

    scope_team_field = "mentee__spells__team_id"
    scope_service_field = "mentee__spells__team__service_id"
    scope_user_field = "mentee__user_id"

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="mentoring_not_oneself"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | (~models.Q(reflection="") & ~models.Q(outcome="")),
                name="mentoring_closed_with_reflection",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} mentored by {self.mentor} in {self.skill}"


class MentoringMeeting(OrgOwned):
    """A meeting of a mentoring pair, and what they worked on."""

    pair = models.ForeignKey(MentoringPair, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["held_on", "pk"]


class ChampionNetwork(OrgOwned):
    """A network of practice champions by topic (beyond learning's training champions), often a
    practice skill."""

    topic = models.CharField(max_length=120)
    skill = models.ForeignKey(
        "supervision.PracticeSkill",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["topic"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "topic"], name="champion_network_topic")
        ]

    def __str__(self) -> str:
        return self.topic


class NetworkMember(OrgOwned):
    """A practice champion in a network, from a date (until they step down)."""

    network = models.ForeignKey(ChampionNetwork, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.StaffMember", on_delete=models.CASCADE, related_name="+")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "person"],
                condition=models.Q(left_on__isnull=True),
                name="network_member_once",
            )
        ]


class ProgrammeCourse(OrgOwned):
    """An aspiring-managers (or other leadership) programme planned as one course: its sessions,
    in date order, are the learning sessions of one learning item, so places, attendance and CPD
    are learning's own; the programme's participants are its cohort."""

    programme = models.OneToOneField(
        "learning.Programme", on_delete=models.CASCADE, related_name="course"
    )
    item = models.ForeignKey("learning.LearningItem", on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.programme} (sessions)"
