"""GOV.UK forms for engagement; each error names its field."""

from __future__ import annotations

from typing import Any

from django import forms

from thrive.core.forms import GovukDateField, GovukFormMixin, number_input
from thrive.engagement.models import ActionStatus, Question, SurveyQuestion
from thrive.engagement.services import FREE_TEXT_LIMIT
from thrive.engagement.suppression import MINIMUM_THRESHOLD
from thrive.people.models import Profession


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class AnswerForm(GovukFormMixin, forms.Form):
    """One field per question: radios for a scale (answer required), a text box for free text."""

    def __init__(self, *args: Any, items: list[SurveyQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = [item.question for item in items]
        for number, q in enumerate(self.questions, 1):
            label = f"{number}. {q.text}"
            if q.free_text:
                self.fields[field_name(q)] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=FREE_TEXT_LIMIT,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text="Optional. Please do not name anyone: names are removed.",
                )
            else:
                assert q.scale is not None
                self.fields[field_name(q)] = forms.TypedChoiceField(
                    label=label,
                    coerce=int,
                    choices=[(str(v), str(lbl)) for v, lbl in q.scale.options],
                    widget=forms.RadioSelect,
                    error_messages={"required": f"Choose an answer to question {number}"},
                )

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions}


class SurveyForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, help_text="For example, Spring 2027 staff survey."
    )
    opens_on = GovukDateField(label="Opens on")
    closes_on = GovukDateField(label="Closes on")
    anonymous = forms.TypedChoiceField(
        label="Anonymous or confidential",
        coerce=lambda v: v == "yes",
        choices=[
            ("yes", "Anonymous: answers are never linked to the person"),
            ("no", "Confidential: answers are linked, seen only by the engagement leads"),
        ],
        widget=forms.RadioSelect,
        initial="yes",
    )
    questions = forms.MultipleChoiceField(
        label="Questions",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one question"},
    )
    teams = forms.MultipleChoiceField(
        label="Teams (none chosen: every team)", widget=forms.CheckboxSelectMultiple, required=False
    )
    professions = forms.MultipleChoiceField(
        label="Professions (none chosen: every profession)",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        choices=Profession.choices,
    )

    def __init__(
        self, *args: Any, questions: list[Question], teams: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = [  # type: ignore[attr-defined]
            (str(q.pk), f"{q.text} ({q.get_kind_display()})") for q in questions
        ]
        self.fields["teams"].choices = teams  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        return data


class MinimumGroupForm(GovukFormMixin, forms.Form):
    minimum_group = forms.IntegerField(
        label="Smallest group results are shown for",
        min_value=MINIMUM_THRESHOLD,
        max_value=100,
        widget=number_input(3),
        help_text="Five or more respondents. It can be raised, but never set below five.",
        error_messages={"min_value": "The smallest group must be at least 5"},
    )


class ResultsFilterForm(GovukFormMixin, forms.Form):
    survey = forms.ChoiceField(label="Survey", required=False)
    by = forms.ChoiceField(
        label="Break down by",
        required=False,
        choices=[("team", "Team"), ("service", "Service"), ("profession", "Profession")],
    )

    def __init__(self, *args: Any, surveys: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].choices = surveys  # type: ignore[attr-defined]
        for name in ("survey", "by"):
            self.fields[name].widget.attrs["class"] = "govuk-select"


class ThemeForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Theme", max_length=120, help_text="For example, Workload.")
    you_said = forms.CharField(
        label="You said",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What staff said, in a sentence or two, as staff will read it.",
    )
    keywords = forms.CharField(
        label="Words that suggest a comment belongs here (optional)",
        max_length=300,
        required=False,
        help_text="Separated by commas, for example: caseload, workload, hours.",
    )


class ActionForm(GovukFormMixin, forms.Form):
    what = forms.CharField(label="We will", max_length=300)
    owner = forms.CharField(label="Owner", max_length=200, help_text="By name or post.")
    due_on = GovukDateField(label="By")


class ActionProgressForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)
    progress = forms.CharField(
        label="Progress", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
