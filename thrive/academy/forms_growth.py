"""Forms for the leadership pipeline and strengths-based mentoring (GOV.UK patterns)."""

from __future__ import annotations

from typing import Any

from django import forms

from thrive.academy.models import MentoringOutcome, PoolStatus, Readiness
from thrive.core.forms import GovukDateField, GovukFormMixin, PickerSelect, number_input
from thrive.people.models import TeamType


def _choices(rows: Any) -> list[tuple[str, str]]:
    return [("", "Choose")] + [(str(r.pk), str(r)) for r in rows]


class ConversationForm(GovukFormMixin, forms.Form):
    person = forms.ChoiceField(label="Who the conversation was with", widget=PickerSelect)
    held_on = GovukDateField(label="Date of the conversation")
    programme = forms.ChoiceField(
        label="After which leadership programme (optional)", required=False
    )
    readiness = forms.ChoiceField(
        label="What the conversation concluded",
        choices=Readiness.choices,
        widget=forms.RadioSelect,
    )
    interest = forms.MultipleChoiceField(
        label="Kinds of team they would like to manage (optional)",
        choices=TeamType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_path = forms.CharField(
        label="The other path (if another path)",
        required=False,
        max_length=200,
        help_text="For example: advanced practitioner in adolescent exploitation.",
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, people: Any = (), programmes: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["person"].choices = _choices(people)  # type: ignore[attr-defined]
        self.fields["programme"].choices = [("", "None")] + [  # type: ignore[attr-defined]
            (str(p.pk), str(p)) for p in programmes
        ]


class PoolOutcomeForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="What happened",
        choices=[(v, label) for v, label in PoolStatus.choices if v != PoolStatus.IN_POOL],
        widget=forms.RadioSelect,
    )
    on = GovukDateField(label="Date")
    vacancy = forms.ChoiceField(
        label="The vacancy they were appointed to (optional)", required=False
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=300)

    def __init__(self, *args: Any, vacancies: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["vacancy"].choices = [("", "None")] + [  # type: ignore[attr-defined]
            (str(v.pk), str(v)) for v in vacancies
        ]


class OfferForm(GovukFormMixin, forms.Form):
    skill = forms.ChoiceField(label="The skill you can help colleagues develop")
    capacity = forms.IntegerField(
        label="How many people at a time",
        min_value=1,
        max_value=5,
        initial=1,
        widget=number_input(2),
    )
    note = forms.CharField(label="A note for colleagues (optional)", required=False, max_length=300)

    def __init__(self, *args: Any, skills: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["skill"].choices = _choices(skills)  # type: ignore[attr-defined]


class RequestForm(GovukFormMixin, forms.Form):
    skill = forms.ChoiceField(label="The skill you want to develop")
    note = forms.CharField(
        label="What you want to develop (optional)",
        required=False,
        max_length=300,
        help_text="For example: setting boundaries with young people kindly and clearly.",
    )

    def __init__(self, *args: Any, skills: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["skill"].choices = _choices(skills)  # type: ignore[attr-defined]


class MeetingForm(GovukFormMixin, forms.Form):
    held_on = GovukDateField(label="Date of the meeting")
    note = forms.CharField(
        label="What you worked on (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(GovukFormMixin, forms.Form):
    on = GovukDateField(label="Last day of the mentoring")
    outcome = forms.ChoiceField(
        label="How far the skill developed",
        choices=MentoringOutcome.choices,
        widget=forms.RadioSelect,
    )
    reflection = forms.CharField(
        label="Your closing reflection", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class NetworkForm(GovukFormMixin, forms.Form):
    topic = forms.CharField(
        label="Topic", max_length=120, help_text="For example: working with fathers"
    )
    skill = forms.ChoiceField(label="The practice skill it champions (optional)", required=False)
    description = forms.CharField(label="Description (optional)", required=False, max_length=300)

    def __init__(self, *args: Any, skills: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["skill"].choices = [("", "None")] + [  # type: ignore[attr-defined]
            (str(s.pk), str(s)) for s in skills
        ]


class ChampionForm(GovukFormMixin, forms.Form):
    network = forms.ChoiceField(label="Network")
    person = forms.ChoiceField(label="Champion", widget=PickerSelect)

    def __init__(self, *args: Any, networks: Any = (), people: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["network"].choices = _choices(networks)  # type: ignore[attr-defined]
        self.fields["person"].choices = _choices(people)  # type: ignore[attr-defined]


class CourseForm(GovukFormMixin, forms.Form):
    """The sessions of a leadership programme, planned at once."""

    days = forms.CharField(
        label="Dates of the sessions",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One on each line, for example 2026-09-07 or 7/9/2026.",
    )
    starts = forms.TimeField(
        label="Each session starts",
        widget=forms.TimeInput(attrs={"class": "govuk-input govuk-input--width-5"}),
        help_text="For example, 09:30",
    )
    ends = forms.TimeField(
        label="Each session ends",
        widget=forms.TimeInput(attrs={"class": "govuk-input govuk-input--width-5"}),
        help_text="For example, 16:30",
    )
    venue = forms.CharField(label="Venue (optional)", required=False, max_length=160)

    def clean_days(self) -> list[Any]:
        from datetime import date, datetime

        found: list[date] = []
        for line in str(self.cleaned_data["days"]).splitlines():
            text = line.strip()
            if not text:
                continue
            for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    found.append(datetime.strptime(text, pattern).date())
                    break
                except ValueError:
                    continue
            else:
                raise forms.ValidationError(
                    f"Dates of the sessions: “{text[:20]}” is not a date like 2026-09-07."
                )
        if not found:
            raise forms.ValidationError("Enter the dates of the sessions.")
        if len(found) > 40:
            raise forms.ValidationError("Plan at most 40 sessions at a time.")
        return found
