"""Forms for booking, recording and setting the rhythm of supervision."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from analytics.codes import ORG_ROLE
from thrive.core.forms import (
    GovukDateField,
    GovukFormMixin,
    PickerCheckboxes,
    PickerSelect,
    number_input,
)
from thrive.people.models import TeamType
from thrive.supervision.models import ActionOwner, Balance, Frequency, Kind, PersonalAccess

NEW_ACTIONS = 3


def _select(field: forms.Field) -> None:
    field.widget.attrs["class"] = "govuk-select"


class BookForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Type", choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.ONE_TO_ONE
    )
    supervisee = forms.ChoiceField(
        label="Who is being supervised",
        required=False,
        help_text="Not needed for group case supervision.",
    )
    day = GovukDateField(label="Date")
    start_time = forms.TimeField(
        label="Start time",
        help_text="For example, 14:30",
        widget=forms.TimeInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    planned_minutes = forms.IntegerField(
        label="Length (minutes)",
        min_value=15,
        max_value=480,
        initial=90,
        widget=number_input(4),
    )
    location = forms.CharField(label="Where (optional)", required=False, max_length=120)
    attendees = forms.MultipleChoiceField(
        label="Invited to group case supervision",
        help_text="Group case supervision is multi-disciplinary: each person's profession is "
        "beside their name.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        people: list[tuple[str, str]],
        attendees: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        supervisee = self.fields["supervisee"]
        assert isinstance(supervisee, forms.ChoiceField)
        supervisee.choices = [("", "Choose a person"), *people]
        _select(supervisee)
        invited = self.fields["attendees"]
        assert isinstance(invited, forms.MultipleChoiceField)
        invited.choices = attendees if attendees is not None else people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") != Kind.GROUP:
            # The invitations are for a group session only: ignored (and not checked) otherwise.
            self.errors.pop("attendees", None)
            data["attendees"] = []
        if data.get("kind") != Kind.GROUP and not data.get("supervisee"):
            self.add_error("supervisee", "Choose who is being supervised")
        if data.get("kind") == Kind.GROUP and not data.get("attendees"):
            self.add_error("attendees", "Choose who is invited")
        return data

    def starts_at(self) -> datetime:
        day, at = self.cleaned_data["day"], self.cleaned_data["start_time"] or time(10)
        return timezone.make_aware(datetime.combine(day, at))


class MoveForm(GovukFormMixin, forms.Form):
    """A booked session's new date, time, length and place."""

    day = GovukDateField(label="Date")
    start_time = forms.TimeField(
        label="Start time",
        help_text="For example, 14:30",
        widget=forms.TimeInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    planned_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=15, max_value=480, widget=number_input(4)
    )
    location = forms.CharField(label="Where (optional)", required=False, max_length=120)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def starts_at(self) -> datetime:
        d = self.cleaned_data
        return timezone.make_aware(datetime.combine(d["day"], d["start_time"]))


class RecordForm(GovukFormMixin, forms.Form):
    minutes = forms.IntegerField(
        label="How long it lasted (minutes)",
        min_value=1,
        max_value=600,
        widget=number_input(4),
    )
    wellbeing = forms.CharField(
        label="Wellbeing",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Confidential: how they are, at work and outside it.",
    )
    workload = forms.CharField(
        label="Workload", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    learning = forms.CharField(
        label="Learning and development", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    skills = forms.MultipleChoiceField(
        label="Practice skills seen in the work",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    balance = forms.ChoiceField(
        label="Support and challenge",
        choices=Balance.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    balance_notes = forms.CharField(
        label="About the support and challenge (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label="Other notes", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    close_actions = forms.MultipleChoiceField(
        label="Actions now done", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        skills: list[tuple[str, str]],
        families: list[tuple[str, str]],
        open_actions: list[tuple[str, str]],
        debrief: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.debrief = debrief
        if debrief:
            # A debrief after an incident is its own record: what happened, how it affected the
            # person (confidential), the support agreed — not the reflective supervision headings.
            for name in ["learning", "skills", "balance", "balance_notes"]:
                del self.fields[name]
            families = []
            self.fields["incident_on"] = GovukDateField(label="Date of the incident")
            self.fields["incident"] = forms.CharField(
                label="What happened", widget=forms.Textarea(attrs={"rows": 4})
            )
            self.fields["wellbeing"].label = "How it has affected them"
            self.fields[
                "wellbeing"
            ].help_text = "Confidential, like the wellbeing part of supervision."
            self.fields["support_agreed"] = forms.CharField(
                label="Support offered and agreed",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="For example time away from the work, the employee assistance "
                "programme, peer support, a change to their cases.",
            )
            self.order_fields(["minutes", "incident_on", "incident", "wellbeing", "support_agreed"])
        else:
            self.fields["skills"].choices = skills  # type: ignore[attr-defined]
        self.fields["close_actions"].choices = open_actions  # type: ignore[attr-defined]
        self.family_ids = [int(pk) for pk, _ in families]
        self.family_names = {int(pk): name.split(":")[0] for pk, name in families}
        if families:
            # The supervisee's families, found by name or ID (the shared picker); each family's
            # two questions open under its box, so the form is as long as the families discussed.
            self.fields["families"] = forms.MultipleChoiceField(
                label="Families discussed",
                required=False,
                choices=[(str(pk), name) for pk, name in families],
                help_text="Tick each family you talked about, then say what has changed and why "
                "this plan.",
                widget=PickerCheckboxes(
                    reveals={str(pk): [f"changed_{pk}", f"plan_{pk}"] for pk, _ in families}
                ),
            )
        for pk in self.family_ids:
            name = self.family_names[pk]
            self.fields[f"changed_{pk}"] = forms.CharField(
                label=f"{name}: what has changed for the family, and why",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"plan_{pk}"] = forms.CharField(
                label=f"{name}: why this plan, where do we want to get to, and how",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for n in range(1, NEW_ACTIONS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=f"New action {n}", required=False, max_length=300
            )
            self.fields[f"owner_{n}"] = forms.ChoiceField(
                label=f"New action {n}: who", choices=ActionOwner.choices, required=False
            )
            _select(self.fields[f"owner_{n}"])
            self.fields[f"due_{n}"] = GovukDateField(
                label=f"New action {n}: due by", required=False
            )
        if not open_actions:
            del self.fields["close_actions"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, NEW_ACTIONS + 1):
            if data.get(f"action_{n}") and not data.get(f"due_{n}"):
                self.add_error(f"due_{n}", f"Enter when new action {n} is due")
        ticked = {int(pk) for pk in data.get("families", [])}
        for pk in self.family_ids:
            written = bool(data.get(f"changed_{pk}") or data.get(f"plan_{pk}"))
            if pk in ticked and not written:
                self.add_error(
                    f"changed_{pk}",
                    f"Say what has changed for {self.family_names[pk]}, or untick the family",
                )
        return data

    def discussed(self) -> list[int]:
        """The families discussed: each one ticked, and any whose notes were written without
        ticking it (without JavaScript every family's questions show), so nothing typed is lost."""
        data = self.cleaned_data
        return [
            pk
            for pk in self.family_ids
            if str(pk) in data.get("families", [])
            or data.get(f"changed_{pk}")
            or data.get(f"plan_{pk}")
        ]


class ReflectionsForm(GovukFormMixin, forms.Form):
    reflections = forms.CharField(
        label="Your reflections",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="What you took from the session, and anything you see differently.",
    )


class AddendumForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Addendum",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Dated and added below the signed record.",
    )
    personal = forms.BooleanField(
        label="About wellbeing or reflections – keep it as confidential as those parts",
        required=False,
        help_text="Only the people who may read the wellbeing part and the reflections will "
        "see it.",
    )


class GroupRecordForm(GovukFormMixin, forms.Form):
    minutes = forms.IntegerField(
        label="How long it lasted (minutes)",
        min_value=1,
        max_value=600,
        widget=number_input(4),
    )
    attended = forms.MultipleChoiceField(
        label="Who came", required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        invited: list[tuple[str, str]],
        families: list[tuple[str, str]],
        rows: int = 4,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = invited  # type: ignore[attr-defined]
        self.rows = rows
        for n in range(1, rows + 1):
            self.fields[f"family_{n}"] = forms.ChoiceField(
                label=f"Family {n} discussed",
                choices=[("", "Choose a family"), *families],
                required=False,
                widget=PickerSelect(),
            )
            _select(self.fields[f"family_{n}"])
            self.fields[f"steps_{n}"] = forms.CharField(
                label=f"Family {n}: agreed next steps",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="These become an entry in the family's workbook.",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, self.rows + 1):
            if data.get(f"family_{n}") and not (data.get(f"steps_{n}") or "").strip():
                self.add_error(f"steps_{n}", f"Enter the agreed next steps for family {n}")
        return data


class PolicyForm(GovukFormMixin, forms.Form):
    effective_from = GovukDateField(
        label="In force from", help_text="Earlier dates keep the rule that applied then."
    )
    applies_to = forms.ChoiceField(
        label="Applies to",
        widget=forms.RadioSelect,
        choices=[
            ("council", "Everyone (the council's rule)"),
            ("asye", "Newly qualified workers in their ASYE"),
            ("org_role", "A role"),
            ("team_type", "A type of team"),
            ("person", "One person"),
        ],
        initial="council",
    )
    org_role = forms.ChoiceField(
        label="Role (if a role)",
        required=False,
        choices=[("", "Choose a role"), *[(str(k), v) for k, v in ORG_ROLE.items()]],
    )
    team_type = forms.ChoiceField(
        label="Team type (if a type of team)",
        required=False,
        choices=[("", "Choose a team type"), *TeamType.choices],
    )
    staff_id = forms.CharField(
        label="Staff ID (if one person)",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        initial=Frequency.MONTHLY,
    )
    minimum_minutes_per_month = forms.IntegerField(
        label="Minimum minutes a month",
        min_value=0,
        max_value=1000,
        initial=90,
        widget=number_input(4),
    )
    first_within_days = forms.IntegerField(
        label="First supervision within how many days of starting (optional)",
        help_text="For example 14 for within 2 weeks of starting. Leave blank to count the first "
        "supervision one interval after the start.",
        required=False,
        min_value=1,
        max_value=92,
        widget=number_input(3),
        error_messages={
            "min_value": "The days to the first supervision must be 1 or more",
            "max_value": "The days to the first supervision must be 92 or fewer",
            "invalid": "The days to the first supervision must be a whole number, like 14",
        },
    )
    note = forms.CharField(label="Why (optional)", required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _select(self.fields["org_role"])
        _select(self.fields["team_type"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("applies_to") == "org_role" and not data.get("org_role"):
            self.add_error("org_role", "Choose the role")
        if data.get("applies_to") == "team_type" and not data.get("team_type"):
            self.add_error("team_type", "Choose the team type")
        if data.get("applies_to") == "person" and not (data.get("staff_id") or "").strip():
            self.add_error("staff_id", "Enter the person's staff ID")
        return data


class SettingsForm(GovukFormMixin, forms.Form):
    personal_access = forms.ChoiceField(
        label="Who may read the wellbeing and personal parts of a record",
        choices=PersonalAccess.choices,
        widget=forms.RadioSelect,
    )
    retention_years = forms.IntegerField(
        label="Keep supervision records for (years)",
        min_value=1,
        max_value=25,
        widget=number_input(4),
    )
    grace_days = forms.IntegerField(
        label="Days of grace before a supervision counts as late",
        help_text="Compliance treats supervision held up to this many days after it fell due "
        "as on time. 0 means none.",
        min_value=0,
        max_value=60,
        widget=number_input(3),
    )
