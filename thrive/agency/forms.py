"""GOV.UK forms for agency placements; each error names its field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from thrive.core.forms import GovukDateField, GovukFormMixin, number_input


def _decimal(
    label: str,
    *,
    minimum: Decimal | None,
    maximum: Decimal | None = None,
    digits: int,
    places: int,
    width: int,
    **kwargs: Any,
) -> forms.DecimalField:
    """A decimal input as wide as its figures (the forms below share many)."""
    return forms.DecimalField(
        label=label,
        min_value=minimum,
        max_value=maximum,
        max_digits=digits,
        decimal_places=places,
        widget=number_input(width),
        **kwargs,
    )


def _hours_a_week(label: str, *, maximum: int, **kwargs: Any) -> forms.DecimalField:
    """Hours a week, to the quarter hour (0 to *maximum*)."""
    return _decimal(
        label, minimum=Decimal(0), maximum=Decimal(maximum), digits=5, places=2, width=4, **kwargs
    )


def _pounds_an_hour(label: str, **kwargs: Any) -> forms.DecimalField:
    """Pounds and pence an hour (pay, NI and levy, charge)."""
    return _decimal(label, minimum=Decimal(0), digits=8, places=2, width=5, **kwargs)


def _working_time_hours(label: str, *, minimum: int, maximum: int, **kwargs: Any) -> Any:
    """A working-time rule's hours, to a tenth."""
    return _decimal(
        label,
        minimum=Decimal(minimum),
        maximum=Decimal(maximum),
        digits=4,
        places=1,
        width=4,
        **kwargs,
    )


def _how_many(label: str) -> forms.IntegerField:
    """A count from 0 to 999 (an exit strategy's plan)."""
    return forms.IntegerField(
        label=label, min_value=0, max_value=999, initial=0, widget=number_input(3)
    )


class _WorkerForm(GovukFormMixin, forms.Form):
    """A form about one of a home's rota workers, chosen from *workers* (value, label)."""

    worker = forms.ChoiceField(label="Worker", error_messages={"required": "Choose the worker"})

    def __init__(self, *args: Any, workers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = workers  # type: ignore[attr-defined]


class ExtendForm(GovukFormMixin, forms.Form):
    planned_end_date = GovukDateField(label="New planned end")
    effective_on = GovukDateField(
        label="Takes effect on", help_text="The day the extension was agreed."
    )
    hourly_pay = _pounds_an_hour(
        "Hourly pay (£)", required=False, help_text="Leave blank to keep the current rate."
    )
    employer_ni_and_levy = _pounds_an_hour("Employer NI and levy per hour (£)", required=False)
    hourly_charge = _pounds_an_hour("Total charge per hour (£)", required=False)
    reason = forms.CharField(label="Reason", required=False, max_length=300)


class SignOffForm(GovukFormMixin, forms.Form):
    dcs_name = forms.CharField(label="Director of children's services", max_length=200)
    dcs_on = GovukDateField(label="Date the director signed off")
    ceo_name = forms.CharField(label="Chief executive", max_length=200)
    ceo_on = GovukDateField(label="Date the chief executive signed off")


class QuarterForm(GovukFormMixin, forms.Form):
    quarter = forms.RegexField(
        label="Quarter",
        regex=r"^\d{4}-[Qq][1-4]$",
        max_length=7,
        help_text="As YYYY-QN: 2025-Q4 is October to December 2025.",
        error_messages={"invalid": "Enter the quarter as YYYY-QN, like 2025-Q4."},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )

    def clean_quarter(self) -> str:
        return str(self.cleaned_data["quarter"]).upper()


class ExitStrategyForm(GovukFormMixin, forms.Form):
    team = forms.ChoiceField(label="Team")
    target_fte = forms.DecimalField(
        label="Target agency FTE",
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        widget=number_input(5),
    )
    target_date = GovukDateField(label="Target date")
    planned_conversions = _how_many("Planned conversions to permanent")
    academy_newly_qualified = _how_many("Newly qualified workers coming from the academy")
    vacancies_recruiting = _how_many("Vacancies being recruited")
    notes = forms.CharField(label="Notes", required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args: Any, teams: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = teams  # type: ignore[attr-defined]
        self.fields["team"].widget.attrs["class"] = "govuk-select"


class ConvertForm(GovukFormMixin, forms.Form):
    start_date = GovukDateField(label="First day in the permanent post")
    fte = forms.DecimalField(
        label="FTE",
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal(1),
        max_digits=7,
        decimal_places=6,
        widget=number_input(5),
        help_text="Leave blank for the placement's hours a week over 37.",
    )


class RotaSolveForm(GovukFormMixin, forms.Form):
    starts = GovukDateField(label="First day of the rota")
    weeks = forms.IntegerField(
        label="Weeks",
        min_value=1,
        max_value=8,
        initial=4,
        widget=number_input(2),
        error_messages={
            "required": "Enter the number of weeks to fill",
            "invalid": "Weeks must be a whole number from 1 to 8",
            "min_value": "Weeks must be a whole number from 1 to 8",
            "max_value": "Weeks must be a whole number from 1 to 8",
        },
    )


class WorkingTimeForm(GovukFormMixin, forms.Form):
    effective_from = GovukDateField(label="In force from")
    daily_rest_hours = _working_time_hours(
        "Daily rest between shifts (hours)", minimum=0, maximum=24
    )
    weekly_rest_hours = _working_time_hours(
        "Weekly rest (uninterrupted hours in each 7 days)", minimum=0, maximum=72
    )
    max_average_weekly_hours = _working_time_hours(
        "Average weekly hours at most (unless opted out)", minimum=1, maximum=168
    )
    opted_out_weekly_hours = _working_time_hours(
        "Weekly hours at most for those who opted out", minimum=1, maximum=168
    )
    reference_weeks = forms.IntegerField(
        label="Weeks the average is taken over",
        min_value=1,
        max_value=52,
        initial=17,
        widget=number_input(2),
        error_messages={"required": "Enter the weeks the average is taken over"},
    )
    night_average_hours = _working_time_hours(
        "Night workers: hours at most in each 24, on average",
        minimum=1,
        maximum=24,
        required=False,
        help_text="Leave blank for no limit. A night worker works at least the hours below "
        "of a shift in the night period.",
    )
    night_starts = forms.TimeField(
        label="The night period starts", initial="23:00", help_text="For example, 23:00."
    )
    night_ends = forms.TimeField(
        label="The night period ends",
        initial="06:00",
        help_text="The next morning, for example 06:00. The regulations' default is 23:00 to "
        "06:00; a period agreed otherwise must be at least seven hours including midnight to "
        "05:00.",
    )
    night_minimum_hours = forms.DecimalField(
        label="Hours of a shift in the night period that make it night work",
        initial=Decimal(3),
        min_value=Decimal("0.5"),
        max_value=Decimal(12),
        max_digits=3,
        decimal_places=1,
        widget=number_input(3),
    )
    source = forms.CharField(label="Source", max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("night_starts"), data.get("night_ends")
        if starts is not None and ends is not None and starts == ends:
            self.add_error("night_ends", "The night period must end at another time than it starts")
        return data


class RuleChangeForm(GovukFormMixin, forms.Form):
    rule_set = forms.ChoiceField(label="Rule set")
    kind = forms.ChoiceField(label="Rule")
    value = forms.DecimalField(
        label="Value",
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=Decimal(0),
        widget=number_input(5),
        help_text="Years, months or weeks as the rule says; blank for a yes-or-no rule.",
    )
    effective_from = GovukDateField(label="In force from")

    def __init__(self, *args: Any, rule_sets: list[tuple[str, str]], **kwargs: Any) -> None:
        from thrive.agency.models import RuleKind

        super().__init__(*args, **kwargs)
        self.fields["rule_set"].choices = rule_sets  # type: ignore[attr-defined]
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (k, label) for k, label in RuleKind.choices if k != RuleKind.PRICE_CAP
        ]


class PriceCapForm(GovukFormMixin, forms.Form):
    job_type = forms.ChoiceField(label="Job type")
    max_hourly = forms.DecimalField(
        label="Cap: pay, employer NI and levy per hour (£)",
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=number_input(5),
    )
    effective_from = GovukDateField(label="In force from")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from thrive.agency.models import JobType

        super().__init__(*args, **kwargs)
        self.fields["job_type"].choices = JobType.choices  # type: ignore[attr-defined]


class AgencyCostRateForm(GovukFormMixin, forms.Form):
    annual_cost = forms.DecimalField(
        label="Cost of one full-time agency social worker a year (£)",
        help_text="What the projections use when there are no placements in the year to work it "
        "out from: hourly charge × hours a week × weeks, such as 41.50 × 37 × 52 = 79,846.",
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("1"),
        max_value=Decimal("9999999"),
        widget=number_input(8),
    )
    source = forms.CharField(label="Where the figure comes from", max_length=200, required=False)
    effective_from = GovukDateField(label="In force from")


_EXTRA_HELP = "Leave blank for up to the working-time limits."


class ShiftForm(GovukFormMixin, forms.Form):
    """One of a home's daily shifts (`services.shift_add`)."""

    code = forms.SlugField(
        label="Short code",
        max_length=20,
        help_text="Letters, numbers and hyphens, like early or waking-night.",
    )
    name = forms.CharField(label="Name", max_length=60)
    starts = forms.TimeField(label="Starts", help_text="For example, 07:00.")
    ends = forms.TimeField(
        label="Ends", help_text="At or before the start means the next morning, like 07:00."
    )
    min_staff = forms.IntegerField(
        label="Staff on the shift at least", min_value=1, max_value=30, widget=number_input(2)
    )
    min_senior = forms.IntegerField(
        label="Seniors among them at least",
        min_value=0,
        max_value=30,
        initial=0,
        widget=number_input(2),
    )
    needs_driver = forms.BooleanField(label="Needs a driver", required=False)
    needs_waking_night = forms.BooleanField(
        label="Needs a waking-night trained worker", required=False
    )
    sleep_in = forms.BooleanField(label="A sleep-in", required=False)


class RotaWorkerForm(GovukFormMixin, forms.Form):
    """Someone a home's rota may use (`services.rota_worker_add`)."""

    staff_id = forms.CharField(
        label="Staff ID in the register (optional)",
        max_length=64,
        required=False,
        help_text="The council's own staff: their absences keep them off the rota and they see "
        "their shifts.",
    )
    name = forms.CharField(
        label="Name", max_length=200, required=False, help_text="Taken from the register if blank."
    )
    tier = forms.ChoiceField(
        label="Who they are",
        choices=[
            ("own", "Home staff"),
            ("cover_pool", "Cover pool (trained staff from another service)"),
            ("bank", "Bank"),
            ("agency", "Agency"),
        ],
        widget=forms.RadioSelect,
    )
    from_service = forms.CharField(
        label="Their service (cover pool only)",
        max_length=120,
        required=False,
        help_text="For example, Early Help.",
    )
    senior = forms.BooleanField(label="Senior", required=False)
    driver = forms.BooleanField(label="Drives", required=False)
    waking_night = forms.BooleanField(label="Waking-night trained", required=False)
    contracted_hours = _hours_a_week(
        "Contracted hours a week (home staff)", maximum=60, required=False
    )
    max_hours_week = _hours_a_week(
        "Hours offered a week (cover pool and bank)", maximum=72, required=False
    )
    extra_hours_week = _hours_a_week(
        "Extra hours a week beyond contract at most (home staff)",
        maximum=60,
        required=False,
        help_text=_EXTRA_HELP,
    )
    hourly_cost = forms.DecimalField(
        label="Hourly cost (£)",
        min_value=Decimal(0),
        max_digits=7,
        decimal_places=2,
        widget=number_input(5),
    )
    extra_hours_as = forms.ChoiceField(
        label="Extra shifts taken as",
        choices=[("pay", "Payment"), ("toil", "Time off in lieu")],
        widget=forms.RadioSelect,
    )
    opted_out = forms.BooleanField(label="Opted out of the 48-hour average", required=False)

    def clean_contracted_hours(self) -> Decimal:
        return self.cleaned_data.get("contracted_hours") or Decimal(0)


class WorkerHoursForm(_WorkerForm):
    """The hours a rota may give a worker (`services.rota_worker_hours_set`)."""

    contracted_hours = _hours_a_week(
        "Contracted hours a week (home staff not in the register)",
        maximum=60,
        required=False,
        help_text="A worker linked to the register has the contract of their FTE there "
        "(FTE times 37 hours). Leave blank to keep the hours as they are.",
    )
    extra_hours_week = _hours_a_week(
        "Extra hours a week beyond contract at most (home staff)",
        maximum=60,
        required=False,
        help_text=_EXTRA_HELP,
    )
    max_hours_week = _hours_a_week(
        "Hours a week they offer at most",
        maximum=72,
        required=False,
        help_text="Leave blank for no limit of their own.",
    )


class HoursWorkedForm(_WorkerForm):
    """Hours a worker worked in a week before Thrive held a published rota
    (`services.rota_hours_record`)."""

    week_starts = GovukDateField(label="The week's first day")
    hours = forms.DecimalField(
        label="Hours worked that week",
        min_value=Decimal(0),
        max_value=Decimal(168),
        max_digits=5,
        decimal_places=2,
        widget=number_input(4),
        error_messages={"required": "Enter the hours worked that week"},
    )
    note = forms.CharField(
        label="Where the figure comes from (optional)",
        max_length=200,
        required=False,
        help_text="For example, the home's old rota or timesheets.",
    )


def hours_seen(rows: list[Any], since: date) -> str:
    """What the set-up page showed of the hours recorded (*rows*, from *since*), carried by its
    form: ``since`` then each week as ``worker:week:version``."""
    return " ".join(
        [since.isoformat(), *(f"{r.worker_id}:{r.week_starts}:{r.version}" for r in rows)]
    )


def hours_seen_read(text: str) -> tuple[date | None, dict[tuple[int, date], int | None]]:
    """:func:`hours_seen` read back (a mangled value reads as nothing seen)."""
    parts = text.split()
    try:
        since = date.fromisoformat(parts[0]) if parts else None
        versions: dict[tuple[int, date], int | None] = {}
        for part in parts[1:]:
            worker, week, version = part.split(":")
            versions[(int(worker), date.fromisoformat(week))] = int(version)
    except ValueError:
        return None, {}
    return since, versions


class WorkerLinkForm(_WorkerForm):
    """Link a rota worker to the register (`services.rota_worker_link`)."""

    staff_id = forms.CharField(
        label="Staff ID in the register",
        max_length=64,
        error_messages={"required": "Enter their staff ID in the register"},
    )


class LeaveForm(_WorkerForm):
    """Days a rota worker cannot work (`services.rota_leave_add`)."""

    start_date = GovukDateField(label="First day")
    end_date = GovukDateField(label="Last day")
    reason = forms.ChoiceField(
        label="Reason",
        choices=[
            ("Annual leave", "Annual leave"),
            ("Training", "Training"),
            ("Time off in lieu", "Time off in lieu"),
            ("Other", "Other"),
        ],
        widget=forms.RadioSelect,
    )
    toil_hours = forms.DecimalField(
        label="Hours of time off in lieu taken (time off in lieu only)",
        required=False,
        min_value=Decimal("0.25"),
        max_value=Decimal(500),
        max_digits=6,
        decimal_places=2,
        widget=number_input(5),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == "Time off in lieu" and not data.get("toil_hours"):
            self.add_error("toil_hours", "Enter the hours of time off in lieu taken")
        if data.get("reason") != "Time off in lieu" and data.get("toil_hours"):
            self.add_error("toil_hours", "Hours of time off in lieu are for time off in lieu only")
        return data


class SwapForm(GovukFormMixin, forms.Form):
    """Ask a colleague to take one of my shifts (`services.swap_request`)."""

    colleague = forms.ChoiceField(
        label="Who would take it", error_messages={"required": "Choose a colleague"}
    )
    take = forms.ChoiceField(
        label="A shift of theirs you would take in return (optional)", required=False
    )
    reason = forms.CharField(label="Why (optional)", max_length=300, required=False)
    # The shift's version the worker saw: a shift the manager changed since is refused.
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(
        self,
        *args: Any,
        colleagues: list[tuple[str, str]],
        theirs: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["colleague"].choices = [("", "Choose a colleague"), *colleagues]  # type: ignore[attr-defined]
        self.fields["take"].choices = [("", "None: they take my shift"), *theirs]  # type: ignore[attr-defined]


class SwapDecisionForm(GovukFormMixin, forms.Form):
    """The home's manager approves or refuses a swap (`services.swap_decide`)."""

    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Note to the worker (optional)", max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class WorkingPatternForm(_WorkerForm):
    """The days (and hours) a rota worker works, from a date (`services.working_pattern_set`)."""

    effective_from = GovukDateField(label="From")
    weekdays = forms.TypedMultipleChoiceField(
        label="Days they work",
        choices=[
            (0, "Monday"),
            (1, "Tuesday"),
            (2, "Wednesday"),
            (3, "Thursday"),
            (4, "Friday"),
            (5, "Saturday"),
            (6, "Sunday"),
        ],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day they work"},
    )
    day_starts = forms.TimeField(
        label="Their day starts (optional)",
        required=False,
        help_text="For example, 07:00. Leave both times blank for any shift on those days.",
    )
    day_ends = forms.TimeField(
        label="Their day ends (optional)",
        required=False,
        help_text="At or before the start means the next morning.",
    )
    note = forms.CharField(label="Note (optional)", max_length=200, required=False)


class RotaEmailForm(GovukFormMixin, forms.Form):
    """Send one of the rota's emails, or stop, from a date (`services.rota_email_setting_set`)."""

    kind = forms.ChoiceField(label="Email", widget=forms.RadioSelect)
    send = forms.BooleanField(label="Send this email", required=False)
    effective_from = GovukDateField(label="From", help_text="Today or later.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from thrive.agency.models import RotaEmailKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = RotaEmailKind.choices  # type: ignore[attr-defined]
        self.fields["kind"].initial = RotaEmailKind.SHIFT_CHANGES
