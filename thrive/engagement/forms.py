"""GOV.UK forms for engagement; each error names its field."""

from __future__ import annotations

from typing import Any

from django import forms

from thrive.core.forms import GovukDateField, GovukFormMixin, number_input
from thrive.engagement.models import (
    ActionStatus,
    BusinessReason,
    ComeBack,
    ExitReason,
    FlexiblePattern,
    Question,
    ServiceBasis,
    ShoutOutAbout,
    StaySignal,
    SurveyQuestion,
)
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


class FlexibleRuleForm(GovukFormMixin, forms.Form):
    effective_from = GovukDateField(label="In force from")
    requests_a_year = forms.IntegerField(
        label="Requests allowed in any 12 months",
        min_value=1,
        max_value=12,
        widget=number_input(2),
        help_text="The law's number or more.",
    )
    decision_months = forms.IntegerField(
        label="Months to decide, including any appeal",
        min_value=1,
        max_value=12,
        widget=number_input(2),
        help_text="The law's number or fewer.",
    )


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


# --- Flexible working -------------------------------------------------------------------------


class FlexibleRequestForm(GovukFormMixin, forms.Form):
    pattern = forms.ChoiceField(
        label="The working pattern you are asking for",
        choices=FlexiblePattern.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the working pattern you are asking for"},
    )
    details = forms.CharField(
        label="What you are asking for and from when",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: four ten-hour days, Monday to Thursday, from 1 September.",
        error_messages={"required": "Say what you are asking for and from when"},
    )


class FlexibleConsultForm(GovukFormMixin, forms.Form):
    consulted_on = GovukDateField(label="Date of the meeting")
    note = forms.CharField(
        label="What was discussed",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Alternatives considered, and what the person said.",
        error_messages={"required": "Say what was discussed"},
    )


class FlexibleDecideForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("agree", "Agree"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose agree or refuse"},
    )
    reason = forms.ChoiceField(
        label="Business reason for a refusal",
        choices=BusinessReason.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="A refusal must give one of the eight reasons the law allows.",
    )
    decided_on = GovukDateField(label="Date of the decision")
    note = forms.CharField(
        label="Note to the person",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For an agreement, the pattern and any trial period.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not data.get("reason"):
            self.add_error("reason", "Choose the business reason for the refusal")
        return data


# --- Stay and exit conversations --------------------------------------------------------------


class StayForm(GovukFormMixin, forms.Form):
    held_on = GovukDateField(label="Date of the conversation")
    notes = forms.CharField(
        label="What you talked about",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what you talked about"},
    )
    agreed = forms.CharField(
        label="What you agreed to help them stay (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExitForm(GovukFormMixin, forms.Form):
    held_on = GovukDateField(label="Date of the conversation")
    main_reason = forms.ChoiceField(
        label="The main reason for leaving",
        choices=[("", "Choose the main reason"), *ExitReason.choices],
        error_messages={"required": "Choose the main reason for leaving"},
    )
    other_reasons = forms.MultipleChoiceField(
        label="Other reasons given (optional)",
        choices=ExitReason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    would_come_back = forms.ChoiceField(
        label="Would they come back?",
        choices=ComeBack.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they would come back"},
    )
    good_ending = forms.MultipleChoiceField(
        label="A good ending (optional)",
        choices=[
            ("reflective", "We held a reflective conversation about their time here"),
            ("reference", "We promised a reference"),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label="Notes (optional)",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["main_reason"].widget.attrs["class"] = "govuk-select"


class StaySettingsForm(GovukFormMixin, forms.Form):
    signals = forms.MultipleChoiceField(
        label="Signals that prompt a stay conversation",
        choices=StaySignal.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    over_cap_weeks = forms.IntegerField(
        label="Weeks over the caseload cap",
        min_value=1,
        max_value=52,
        widget=number_input(2),
        help_text="Over the cap today and this many weeks ago.",
        error_messages={
            "required": "Enter the weeks over the caseload cap",
            "min_value": "The weeks over the caseload cap must be from 1 to 52",
            "max_value": "The weeks over the caseload cap must be from 1 to 52",
        },
    )
    supervision_overdue_days = forms.IntegerField(
        label="Days supervision is overdue",
        min_value=1,
        max_value=180,
        widget=number_input(3),
        error_messages={
            "required": "Enter the days supervision is overdue",
            "min_value": "The days supervision is overdue must be from 1 to 180",
            "max_value": "The days supervision is overdue must be from 1 to 180",
        },
    )


# --- Recognition, the newsletter and long service ---------------------------------------------


class ShoutOutForm(GovukFormMixin, forms.Form):
    about = forms.ChoiceField(
        label="Who is it for?",
        choices=ShoutOutAbout.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the shout-out is for"},
    )
    colleague = forms.ChoiceField(label="The colleague", required=False)
    team = forms.ChoiceField(label="The team", required=False)
    partner = forms.CharField(
        label="The partner and their organisation",
        max_length=200,
        required=False,
        help_text="For example: Jo Bloggs, Coventry Police public protection unit.",
    )
    message = forms.CharField(
        label="What you want to thank them for",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what you want to thank them for"},
        help_text="A shout-out about a colleague is published only once they agree.",
    )

    def __init__(
        self,
        *args: Any,
        colleagues: list[tuple[str, str]],
        teams: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["colleague"].choices = [("", "Choose a colleague"), *colleagues]  # type: ignore[attr-defined]
        self.fields["team"].choices = [("", "Choose a team"), *teams]  # type: ignore[attr-defined]
        for name in ("colleague", "team"):
            self.fields[name].widget.attrs["class"] = "govuk-select"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        about = data.get("about")
        if about == "colleague" and not data.get("colleague"):
            self.add_error("colleague", "Choose the colleague")
        if about == "team" and not data.get("team"):
            self.add_error("team", "Choose the team")
        if about == "partner" and not data.get("partner"):
            self.add_error("partner", "Name the partner and their organisation")
        return data


class NewsletterForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    introduction = forms.CharField(
        label="Introduction", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label="The month's news",
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": "The newsletter needs its news"},
    )
    story = forms.CharField(
        label="Why I chose a permanent post",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="A colleague's story, in their words and with their agreement.",
    )


class LongServiceRuleForm(GovukFormMixin, forms.Form):
    basis = forms.ChoiceField(
        label="How service is counted", choices=ServiceBasis.choices, widget=forms.RadioSelect
    )
    every_years = forms.IntegerField(
        label="A milestone every (years)",
        min_value=1,
        max_value=10,
        widget=number_input(2),
        error_messages={
            "min_value": "A milestone every 1 to 10 years",
            "max_value": "A milestone every 1 to 10 years",
            "required": "Enter how many years between milestones",
        },
    )
    effective_from = GovukDateField(label="From")


# --- Support drop-ins -------------------------------------------------------------------------


class DropInSlotForm(GovukFormMixin, forms.Form):
    host = forms.ChoiceField(label="Host (an experienced worker)")
    starts_on = GovukDateField(label="Date")
    starts_time = forms.TimeField(
        label="Start time",
        help_text="For example, 12:30.",
        widget=forms.TimeInput(attrs={"class": "govuk-input govuk-input--width-5"}),
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter a time such as 12:30",
        },
    )
    minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=10,
        max_value=240,
        initial=30,
        widget=number_input(3),
        error_messages={
            "min_value": "A slot lasts from 10 to 240 minutes",
            "max_value": "A slot lasts from 10 to 240 minutes",
            "required": "Enter the length in minutes",
        },
    )
    place = forms.CharField(label="Where", max_length=200, help_text="A room, or 'Teams call'.")

    def __init__(self, *args: Any, hosts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = [("", "Choose the host"), *hosts]  # type: ignore[attr-defined]
        self.fields["host"].widget.attrs["class"] = "govuk-select"


class DropInMoveForm(DropInSlotForm):
    """A slot's new time, length and place (the host stays)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, hosts=[], **kwargs)
        del self.fields["host"]
