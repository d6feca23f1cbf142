"""Residential rotas' models: homes, their shifts and workers, working-time facts (dated),
solved rotas and their revisions, time off in lieu, hours worked before Thrive's rotas and
shift swaps. Re-exported by :mod:`thrive.agency.models` (one app, one set of migrations)."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from django.conf import settings
from django.db import models

from thrive.core.models import OrgOwned, TeamRecord

# ---- Residential rotas: homes, their shifts and staff, working-time facts, solved rotas ----


class HomeKind(models.TextChoices):
    CHILDRENS_HOME = "childrens_home", "Children's home"
    NO_WRONG_DOOR = "no_wrong_door", "No Wrong Door hub"


class Home(TeamRecord):
    """A children's home or No Wrong Door hub whose rota Thrive fills."""

    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=HomeKind.choices)
    team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="rota_home_code_once"),
        ]

    def __str__(self) -> str:
        return self.name


class RotaShift(OrgOwned):
    """One of a home's daily shifts with its minimum staffing and skill mix. ``ends`` at or before
    ``starts`` means the next morning."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="shifts")
    code = models.SlugField(max_length=20)
    name = models.CharField(max_length=60)
    starts = models.TimeField()
    ends = models.TimeField()
    min_staff = models.PositiveSmallIntegerField(default=1)
    min_senior = models.PositiveSmallIntegerField(default=0)
    needs_driver = models.BooleanField(default=False)
    needs_waking_night = models.BooleanField(default=False)
    sleep_in = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    scope_team_field = "home__team_id"
    scope_service_field = "home__team__service_id"

    class Meta:
        ordering = ["home", "order", "starts"]
        constraints = [
            models.UniqueConstraint(fields=["home", "code"], name="rota_shift_code_once"),
            models.CheckConstraint(condition=models.Q(min_staff__gte=1), name="rota_shift_staffed"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.starts:%H:%M}–{self.ends:%H:%M}"


class CoverTier(models.TextChoices):
    """The fill order: the home's own staff first, agency last."""

    OWN = "own", "Home staff"
    COVER_POOL = "cover_pool", "Cover pool"
    BANK = "bank", "Bank"
    AGENCY = "agency", "Agency"


class ExtraHoursAs(models.TextChoices):
    TOIL = "toil", "Time off in lieu"
    PAY = "pay", "Payment"


class RotaWorker(OrgOwned):
    """Someone a home's rota may use: its own staff, the cover pool (trained staff from other
    services who opted in), bank staff or an agency's workers."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="workers")
    staff_member = models.ForeignKey(
        "people.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    tier = models.CharField(max_length=12, choices=CoverTier.choices)
    from_service = models.CharField(max_length=120, blank=True)
    senior = models.BooleanField(default=False)
    driver = models.BooleanField(default=False)
    waking_night = models.BooleanField("Waking-night trained", default=False)
    contracted_hours = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    max_hours_week = models.DecimalField(
        "Hours offered a week", max_digits=5, decimal_places=2, null=True, blank=True
    )
    # The home's own staff: the most hours a week beyond their contract they will work (blank:
    # up to the working-time limits). Their contract is the register's FTE when linked to it.
    extra_hours_week = models.DecimalField(
        "Extra hours a week at most", max_digits=5, decimal_places=2, null=True, blank=True
    )
    opted_out = models.BooleanField("Opted out of the 48-hour average", default=False)
    hourly_cost = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal("0"))
    extra_hours_as = models.CharField(
        max_length=4, choices=ExtraHoursAs.choices, default=ExtraHoursAs.PAY
    )
    active = models.BooleanField(default=True)

    scope_team_field = "home__team_id"
    scope_service_field = "home__team__service_id"
    scope_user_field = "staff_member__user_id"

    class Meta:
        ordering = ["home", "tier", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contracted_hours__gte=0) & models.Q(hourly_cost__gte=0),
                name="rota_worker_hours_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RotaUnavailable(OrgOwned):
    """Days a rota worker cannot work (leave, training, days not offered), besides the register's
    absences."""

    worker = models.ForeignKey(RotaWorker, on_delete=models.CASCADE, related_name="unavailable")
    start_date = models.DateField()
    end_date = models.DateField()
    reason = models.CharField(max_length=120, blank=True)

    scope_team_field = "worker__home__team_id"
    scope_user_field = "worker__staff_member__user_id"

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="rota_unavailable_dates_in_order",
            ),
        ]


class WorkerRecord(OrgOwned):
    """Abstract base: a record a manager keeps about one rota worker (their ``worker``): who
    recorded it, and seen as the worker's home is (its team's and service's managers, and the
    worker themselves when linked to the register)."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_team_field = "worker__home__team_id"
    scope_service_field = "worker__home__team__service_id"
    scope_user_field = "worker__staff_member__user_id"

    class Meta(OrgOwned.Meta):
        abstract = True


class RotaHoursWorked(WorkerRecord):
    """Hours a rota worker worked in a week before Thrive held a published rota for it (from
    the home's old rota or timesheets), so the average over the reference period counts them.
    One record a worker a week, starting on ``week_starts``."""

    worker = models.ForeignKey(RotaWorker, on_delete=models.CASCADE, related_name="hours_worked")
    week_starts = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["worker", "week_starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "week_starts"], name="rota_hours_once_a_week"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0) & models.Q(hours__lte=168),
                name="rota_hours_worked_in_a_week",
            ),
        ]


class WorkingTimeRules(models.Model):
    """The Working Time Regulations' facts a rota keeps, in force from ``effective_from`` (the
    latest row on or before a rota's first day applies). A change is a new row, kept for audit."""

    effective_from = models.DateField(unique=True)
    daily_rest_hours = models.DecimalField(max_digits=4, decimal_places=1)
    weekly_rest_hours = models.DecimalField(max_digits=4, decimal_places=1)
    max_average_weekly_hours = models.DecimalField(max_digits=4, decimal_places=1)
    reference_weeks = models.PositiveSmallIntegerField(default=17)
    opted_out_weekly_hours = models.DecimalField(max_digits=4, decimal_places=1, default=72)
    # Regulation 6: a night worker's hours at most this average for each 24 hours (blank: none).
    night_average_hours = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, default=Decimal("8")
    )
    # The night period (regulation 2: seven hours including midnight to 05:00; 23:00 to 06:00
    # unless agreed otherwise) and the hours of a shift inside it that make its worker a night
    # worker for the rota (regulation 2: at least three hours of their daily working time).
    night_starts = models.TimeField(default=time(23, 0))
    night_ends = models.TimeField(default=time(6, 0))
    night_minimum_hours = models.DecimalField(max_digits=3, decimal_places=1, default=Decimal("3"))
    source = models.CharField(max_length=300)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(daily_rest_hours__gte=0)
                & models.Q(weekly_rest_hours__gte=0)
                & models.Q(max_average_weekly_hours__gt=0),
                name="rota_wtr_values_sensible",
            ),
            models.CheckConstraint(
                condition=models.Q(night_minimum_hours__gt=0)
                & ~models.Q(night_starts=models.F("night_ends")),
                name="rota_wtr_night_period_sensible",
            ),
        ]

    def __str__(self) -> str:
        return f"Working time rules from {self.effective_from}"


class RotaStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Replaced by a revision"


class Rota(OrgOwned):
    """A home's rota for some weeks, as the solver filled it."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="rotas")
    starts = models.DateField()
    weeks = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=RotaStatus.choices, default=RotaStatus.DRAFT)
    solver_status = models.CharField(max_length=20, blank=True)
    seconds = models.FloatField(default=0)
    agency_shifts = models.PositiveIntegerField(default=0)
    agency_cost = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    rules = models.ForeignKey(
        WorkingTimeRules, null=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A revision of a published rota (shifts re-filled after leave recorded since): it replaces
    # the published one when published itself; the one it revises is then kept, superseded.
    revises = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    revision = models.PositiveSmallIntegerField(default=1)

    scope_team_field = "home__team_id"
    scope_service_field = "home__team__service_id"

    class Meta:
        ordering = ["home", "-starts"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weeks__gte=1) & models.Q(weeks__lte=8), name="rota_weeks_1_to_8"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.home} from {self.starts}"


class RotaAssignment(OrgOwned):
    """One person on one shift of one day, with why they were chosen."""

    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="assignments")
    day = models.DateField()
    shift = models.ForeignKey(RotaShift, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(RotaWorker, on_delete=models.CASCADE, related_name="assignments")
    tier = models.CharField(max_length=12, choices=CoverTier.choices)
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    cost = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0"))
    reason = models.TextField(blank=True)

    scope_team_field = "rota__home__team_id"
    scope_service_field = "rota__home__team__service_id"
    scope_user_field = "worker__staff_member__user_id"

    class Meta:
        ordering = ["day", "shift__order", "tier"]
        constraints = [
            models.UniqueConstraint(
                fields=["rota", "day", "shift", "worker"], name="rota_assignment_once"
            ),
        ]


class RotaGap(OrgOwned):
    """A requirement no one could fill (reported, never hidden)."""

    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="gaps")
    day = models.DateField()
    shift = models.ForeignKey(RotaShift, on_delete=models.CASCADE, related_name="+")
    need = models.CharField(max_length=20)
    missing = models.PositiveSmallIntegerField()

    scope_team_field = "rota__home__team_id"
    scope_service_field = "rota__home__team__service_id"

    class Meta:
        ordering = ["day"]


class ToilEntry(OrgOwned):
    """Time off in lieu: hours earned by extra shifts in a published rota (positive) and hours
    taken as days off (negative). A worker's balance is the sum."""

    worker = models.ForeignKey(RotaWorker, on_delete=models.CASCADE, related_name="toil")
    day = models.DateField()
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    rota = models.ForeignKey(
        Rota, null=True, blank=True, on_delete=models.SET_NULL, related_name="toil"
    )
    note = models.CharField(max_length=200, blank=True)

    scope_team_field = "worker__home__team_id"
    scope_service_field = "worker__home__team__service_id"
    scope_user_field = "worker__staff_member__user_id"

    class Meta:
        ordering = ["worker", "day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "rota"],
                condition=models.Q(rota__isnull=False),
                name="rota_toil_earned_once_a_rota",
            ),
        ]


class SwapStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for the manager"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ShiftSwap(OrgOwned):
    """A worker asks a colleague to take one of their published shifts (and, for an exchange,
    takes one of the colleague's in return); the home's manager approves once the rules are
    checked again."""

    give = models.ForeignKey(RotaAssignment, on_delete=models.CASCADE, related_name="+")
    take = models.ForeignKey(
        RotaAssignment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    asker = models.ForeignKey(RotaWorker, on_delete=models.CASCADE, related_name="+")
    colleague = models.ForeignKey(RotaWorker, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=SwapStatus.choices, default=SwapStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    scope_team_field = "give__rota__home__team_id"
    scope_service_field = "give__rota__home__team__service_id"
    scope_user_field = "asker__staff_member__user_id"

    class Meta:
        ordering = ["-created_at"]


WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class WorkingPattern(WorkerRecord):
    """The days (and, optionally, the hours of the day) a rota worker works, from
    ``effective_from`` until their next pattern (dated: the latest on or before a day applies;
    a change is a new row, the old kept). A worker with no pattern may work any day. The rota
    puts no one on a shift outside their pattern unless they agreed extra hours
    (``RotaWorker.extra_hours_week``), and then only within those hours each week."""

    worker = models.ForeignKey(RotaWorker, on_delete=models.CASCADE, related_name="patterns")
    effective_from = models.DateField()
    monday = models.BooleanField(default=False)
    tuesday = models.BooleanField(default=False)
    wednesday = models.BooleanField(default=False)
    thursday = models.BooleanField(default=False)
    friday = models.BooleanField(default=False)
    saturday = models.BooleanField(default=False)
    sunday = models.BooleanField(default=False)
    # The hours of a working day (blank: any): a shift fits when it starts at or after
    # ``day_starts`` and ends by ``day_ends`` (at or before the start: the next morning).
    day_starts = models.TimeField(null=True, blank=True)
    day_ends = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["worker", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "effective_from"], name="rota_pattern_once_a_date"
            ),
            models.CheckConstraint(
                condition=models.Q(day_starts__isnull=True, day_ends__isnull=True)
                | models.Q(day_starts__isnull=False, day_ends__isnull=False),
                name="rota_pattern_hours_both_or_neither",
            ),
            models.CheckConstraint(
                condition=models.Q(monday=True)
                | models.Q(tuesday=True)
                | models.Q(wednesday=True)
                | models.Q(thursday=True)
                | models.Q(friday=True)
                | models.Q(saturday=True)
                | models.Q(sunday=True),
                name="rota_pattern_works_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker}: {self.describe()} from {self.effective_from}"

    @property
    def weekdays(self) -> list[int]:
        """The days worked, 0 (Monday) to 6 (Sunday)."""
        return [i for i, name in enumerate(WEEKDAY_FIELDS) if getattr(self, name)]

    def describe(self) -> str:
        days = ", ".join(WEEKDAY_FIELDS[i].title()[:3] for i in self.weekdays)
        if self.day_starts is None or self.day_ends is None:
            return days
        return f"{days}, {self.day_starts:%H:%M}–{self.day_ends:%H:%M}"

    def fits(self, day: date, start_minute: int, end_minute: int) -> bool:
        """A shift on *day* from *start_minute* to *end_minute* (after that day's midnight;
        beyond 1440 the next day) is within this pattern."""
        if day.weekday() not in self.weekdays:
            return False
        if self.day_starts is None or self.day_ends is None:
            return True
        lo = self.day_starts.hour * 60 + self.day_starts.minute
        hi = self.day_ends.hour * 60 + self.day_ends.minute
        if hi <= lo:
            hi += 1440
        return lo <= start_minute and end_minute <= hi


class RotaEmailKind(models.TextChoices):
    SHIFT_CHANGES = "agency.rota_changed", "Shift changes when a rota revision is published"


class RotaEmailSetting(OrgOwned):
    """Whether the council sends one of the rota's emails, from ``effective_from`` (dated: the
    latest row on or before a day applies; none: sent). A change is a new row, the old kept."""

    kind = models.CharField(max_length=40, choices=RotaEmailKind.choices)
    effective_from = models.DateField()
    send = models.BooleanField("Send this email", default=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "effective_from"],
                name="rota_email_setting_once_a_day",
            ),
        ]

    def __str__(self) -> str:
        said = "sent" if self.send else "not sent"
        return f"{self.get_kind_display()}: {said} from {self.effective_from}"
