"""Learning and development: the catalogue, sessions and places (with a waiting list that offers
freed places automatically), attendance, certificates and feedback; training champions; the
triangulated training-needs analysis; the multi-agency training exchange; CPD and the Social Work
England registration year."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from thrive.core.models import OrgOwned, PersonRecord


class ItemType(models.TextChoices):
    COURSE = "course", "Course"
    RESIDENTIAL = "residential", "Residential"
    ACTION_LEARNING = "action_learning", "Action learning set"
    FORUM = "forum", "Forum"
    PEER_SUPPORT = "peer_support", "Peer support group"
    WEBINAR = "webinar", "Webinar"
    PODCAST = "podcast", "Podcast"
    ELEARNING = "elearning", "E-learning"
    READING_CLUB = "reading_club", "Reading club"
    SHADOWING = "shadowing", "Shadowing offer"
    PRACTICE_WEEK = "practice_week", "Practice-week drop-in"
    CONFERENCE = "conference", "Conference"
    COACHING = "coaching", "Coaching"


class ProviderKind(models.TextChoices):
    IN_HOUSE = "in_house", "In-house"
    COMMISSIONED = "commissioned", "Commissioned"
    PARTNER = "partner", "Multi-agency partner"
    EXPERTS = "experts", "Experts in practice (staff researchers)"


class CareerStage(models.TextChoices):
    STUDENT = "student", "Student or apprentice"
    ASYE = "asye", "Newly qualified (ASYE)"
    SOCIAL_WORKER = "social_worker", "Social worker"
    EXPERIENCED = "experienced", "Experienced social worker"
    SENIOR = "senior", "Senior or advanced practitioner"
    MANAGER = "manager", "Team or service manager"
    LEADER = "leader", "Senior leader"
    OTHER_PROFESSION = "other", "Other professions in the service"


class LearningItem(OrgOwned):
    """Something on offer: a course, a reading club, a shadowing offer … For whom (career stages
    and professions), on what (topics), from whom; mandatory items have a renewal period."""

    title = models.CharField(max_length=160)
    item_type = models.CharField("Type", max_length=20, choices=ItemType.choices)
    provider_kind = models.CharField("Provider", max_length=16, choices=ProviderKind.choices)
    provider_name = models.CharField(max_length=160, blank=True)
    description = models.TextField(blank=True)
    topics = models.JSONField(default=list, blank=True)
    career_stages = models.JSONField(default=list, blank=True)
    professions = models.JSONField(default=list, blank=True)
    mandatory = models.BooleanField(default=False)
    renewal_months = models.PositiveSmallIntegerField(null=True, blank=True)
    cpd_hours = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    service = models.ForeignKey(
        "people.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The service it is mainly for: its training champions are told when it is "
        "published.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class LearningSession(OrgOwned):
    item = models.ForeignKey(LearningItem, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=160, blank=True)
    online = models.BooleanField(default=False)
    capacity = models.PositiveIntegerField()
    cancelled = models.BooleanField(default=False)
    cancelled_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="session_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.item.title}, {self.starts_at:%-d %b %Y}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class Booking(OrgOwned):
    """A person's place (or waiting-list place) on a session: a member of staff (who may not sign
    in — a manager can put anyone in their team forward), or a partner organisation's user
    taking a place offered to their organisation."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "people.StaffMember", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        "learning.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=BookingStatus.choices)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attended = models.BooleanField(null=True)
    # A partner's user may book a place offered to their organisation for a named colleague who
    # has no Thrive account: the place is the colleague's, the user is who booked it.
    guest_name = models.CharField("Colleague's name", max_length=150, blank=True)
    guest_email = models.EmailField("Colleague's email address", blank=True)

    @property
    def who(self) -> str:
        if self.guest_name:
            return self.guest_name
        if self.person is not None:
            return self.person.full_name
        return (self.user.full_name or self.user.email) if self.user else ""

    @property
    def address(self) -> str:
        """Where to write to whoever holds the place ("" when nobody can be written to)."""
        if self.guest_email:
            return self.guest_email
        user = self.user or (self.person.user if self.person is not None else None)
        return user.email if user is not None else ""

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=~models.Q(status="cancelled") & models.Q(guest_email=""),
                name="booking_once_per_session",
            ),
            models.UniqueConstraint(
                fields=["session", "guest_email"],
                condition=~models.Q(status="cancelled") & ~models.Q(guest_email=""),
                name="booking_guest_once_per_session",
            ),
            models.CheckConstraint(
                condition=models.Q(guest_email="", guest_name="")
                | (
                    models.Q(partner__isnull=False)
                    & ~models.Q(guest_email="")
                    & ~models.Q(guest_name="")
                ),
                name="booking_guest_named_by_a_partner",
            ),
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~models.Q(status="cancelled"),
                name="booking_person_once_per_session",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(person__isnull=False),
                name="booking_has_someone",
            ),
        ]


class Feedback(OrgOwned):
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    useful = models.PositiveSmallIntegerField("How useful was it (1 to 5)")
    practice = models.PositiveSmallIntegerField("Will it change your practice (1 to 5)")
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(useful__gte=1, useful__lte=5, practice__gte=1, practice__lte=5),
                name="feedback_scale",
            )
        ]


class Champion(OrgOwned):
    """A training champion for a service: told when something is published for their area."""

    person = models.ForeignKey("people.StaffMember", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("people.Service", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "service"], name="champion_once")]


class Voice(models.TextChoices):
    WORKFORCE = "workforce", "Voice of the workforce"
    FAMILIES = "families", "Voice of children, families and partners"
    EVIDENCE = "evidence", "Evidence and guidance"


class Need(OrgOwned):
    """A learning need from one source, triangulated with others on the same topic."""

    voice = models.CharField(max_length=12, choices=Voice.choices)
    source = models.CharField(
        max_length=200, help_text="For example: staff survey 2026, ILACS inspection, new law."
    )
    topic = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(default=3)
    teams = models.ManyToManyField("people.Team", blank=True, related_name="+")
    items = models.ManyToManyField(LearningItem, blank=True, related_name="needs")
    recorded_on = models.DateField()

    class Meta:
        ordering = ["topic", "-weight"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=5), name="need_weight_scale"
            )
        ]


class Sector(models.TextChoices):
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other"


class Partner(OrgOwned):
    """A partner organisation in the multi-agency training exchange."""

    name = models.CharField(max_length=160)
    sector = models.CharField(max_length=12, choices=Sector.choices)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="partners")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="partner_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ExchangeOffer(OrgOwned):
    """Places on one of the council's sessions offered to a partner."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="offers")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="offers")
    places = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "partner"], name="exchange_offer_once")
        ]


class PartnerOffer(OrgOwned):
    """Places a partner offers the council's people on the partner's own training (the other
    side of the exchange)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="offers_to_us")
    title = models.CharField(max_length=160)
    on = models.DateField()
    places = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-on", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(places__gt=0), name="partner_offer_places")
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.title}, {self.on:%-d %b %Y}"


class PartnerPlace(OrgOwned):
    """Places the council's people took on a partner's own training: against one of the
    partner's offers, or (``offer`` empty) recorded on its own."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="places_given")
    offer = models.ForeignKey(
        PartnerOffer, null=True, blank=True, on_delete=models.PROTECT, related_name="taken"
    )
    title = models.CharField(max_length=160)
    on = models.DateField()
    places = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(places__gt=0), name="partner_place_places")
        ]


class CpdType(models.TextChoices):
    COURSE = "course", "Course or training"
    READING = "reading", "Reading or research"
    SUPERVISION = "supervision", "Reflection in supervision"
    SHADOWING = "shadowing", "Shadowing or observation"
    PEER = "peer", "Peer learning or forum"
    CONFERENCE = "conference", "Conference or webinar"
    OTHER = "other", "Other"


class CpdRecord(PersonRecord):
    """A CPD record as Social Work England asks for it: what was learned, the difference to
    practice, and whether it was reflected on with a peer."""

    person = models.ForeignKey(
        "people.StaffMember", on_delete=models.CASCADE, related_name="cpd_records"
    )
    cpd_type = models.CharField("Type", max_length=12, choices=CpdType.choices)
    title = models.CharField(max_length=160)
    on = models.DateField("Date")
    hours = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    learned = models.TextField("What I learned", blank=True)
    difference = models.TextField("The difference to my practice", blank=True)
    peer_reflected = models.BooleanField("Reflected on with a peer", default=False)
    peer_name = models.CharField("Who with", max_length=120, blank=True)
    evidence = models.FileField(upload_to="cpd/%Y/", blank=True)
    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    draft = models.BooleanField(default=False)

    class Meta:
        ordering = ["-on", "-id"]


class RegistrationRule(OrgOwned):
    """Social Work England's registration year and CPD requirement, from a date (so a change in
    the rules keeps past years judged by theirs)."""

    effective_from = models.DateField()
    year_start_month = models.PositiveSmallIntegerField(default=12)
    year_start_day = models.PositiveSmallIntegerField(default=1)
    renewal_window_start_month = models.PositiveSmallIntegerField(default=9)
    renewal_window_start_day = models.PositiveSmallIntegerField(default=1)
    minimum_records = models.PositiveSmallIntegerField(default=2)
    minimum_peer_reflected = models.PositiveSmallIntegerField(default=1)
    at_risk_days = models.PositiveSmallIntegerField(
        "Days before the year ends that someone short of the rule is at risk",
        default=120,
        help_text="Someone short of the rule is at risk inside the renewal window, or when "
        "fewer than this many days of the registration year are left.",
    )

    class Meta:
        ordering = ["-effective_from"]


# --- Programme evaluation -----------------------------------------------------------------------


class ProgrammeKind(models.TextChoices):
    RESILIENCE = "resilience", "Workshop and coaching (for example Grit)"
    LEADERSHIP = "leadership", "Leadership programme (for example Firstline)"
    ACADEMY = "academy", "Academy for newly qualified workers"
    OTHER = "other", "Other"


# The outcome questions every programme starts with (the organisation adds its own).
STANDARD_OUTCOMES = [
    ("confidence", "I feel confident in my practice"),
    ("calm", "I stay calm under pressure"),
    ("conversations", "I handle difficult conversations well"),
    ("valued", "I feel valued by the organisation"),
    ("stay", "I intend to be working here in two years' time"),
]
# Measurement points: months after the participant joins (None: at the end of the programme).
STANDARD_POINTS = [("Baseline", 0), ("End of programme", None), ("6 months", 6), ("12 months", 12)]


class Programme(OrgOwned):
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=12, choices=ProgrammeKind.choices)
    description = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="programme_dates"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def invitations_answered(self) -> bool:
        return Invitation.objects.filter(
            participant__programme=self, answered_at__isnull=False
        ).exists()


class OutcomeQuestion(OrgOwned):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(max_length=40)
    text = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="outcome_question_key")
        ]

    def __str__(self) -> str:
        return self.text


class MeasurementPoint(OrgOwned):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="points")
    name = models.CharField(max_length=60)
    months_after = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Months after joining; empty for the end of the programme."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Participant(OrgOwned):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey("people.StaffMember", on_delete=models.CASCADE, related_name="+")
    joined_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "person"], name="participant_once")
        ]


class Invitation(OrgOwned):
    """A questionnaire due for a participant at a measurement point: sent when due, then
    answered."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="invitations"
    )
    point = models.ForeignKey(MeasurementPoint, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "point"], name="invitation_once")
        ]


class OutcomeAnswer(OrgOwned):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(OutcomeQuestion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "question"], name="outcome_answer_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="outcome_answer_scale"
            ),
        ]
