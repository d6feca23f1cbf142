"""Forms for the question bank, setting up a panel, its panellists, score sheets and decision."""

from __future__ import annotations

from typing import Any

from django import forms

from thrive.core.forms import GovukDateField, GovukFormMixin, number_input
from thrive.recruitment.models import PanellistKind, Question, QuestionRole

SCORES = [(str(n), str(n)) for n in range(1, 6)]


class QuestionForm(GovukFormMixin, forms.Form):
    value = forms.CharField(label="Value it tests", max_length=100)
    text = forms.CharField(
        label="The scenario and question", widget=forms.Textarea(attrs={"rows": 4})
    )
    rubric = forms.CharField(
        label="Rubric",
        help_text="What a weak (1), an adequate (3) and a strong (5) answer show.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    role = forms.ChoiceField(label="For", choices=QuestionRole.choices)
    effective_from = GovukDateField(label="In use from")
    effective_to = GovukDateField(label="In use until (blank if open-ended)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].widget.attrs["class"] = "govuk-select"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", "The last day must be on or after the first day")
        return data


class PanelForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=100, initial="Interview panel")
    step = forms.TypedChoiceField(
        label="The step of the selection it assesses", coerce=int, required=False
    )
    sits_on = GovukDateField(label="The panel sits on")
    questions = forms.MultipleChoiceField(label="Questions", widget=forms.CheckboxSelectMultiple)
    candidates = forms.MultipleChoiceField(
        label="Shortlisted candidates", widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        questions: list[tuple[str, str]],
        candidates: list[tuple[str, str]],
        steps: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        steps = steps or []
        self.fields["step"].choices = [  # type: ignore[attr-defined]
            (str(n), f"{n}. {s}") for n, s in enumerate(steps, start=1)
        ]
        self.fields["step"].widget.attrs["class"] = "govuk-select"
        if steps:
            self.fields["step"].initial = str(len(steps))
        self.fields["questions"].choices = questions  # type: ignore[attr-defined]
        self.fields["candidates"].choices = candidates  # type: ignore[attr-defined]


class PanellistForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label="Their email address",
        help_text="They sign in to Thrive with a role at the council (a panel member or partner).",
    )
    kind = forms.ChoiceField(label="They sit as", choices=PanellistKind.choices)
    represents = forms.CharField(
        label="Organisation or group they come from",
        help_text="For example: Children in Care Council, the local NHS trust, a school.",
        required=False,
        max_length=200,
    )
    trained_on = GovukDateField(label="Panel training completed on", required=False)
    paid_amount = forms.DecimalField(
        label="Payment for their time (£)",
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        widget=number_input(6),
    )
    paid_on = GovukDateField(label="Paid on", required=False)
    chair = forms.BooleanField(
        label="They chair the panel (record the agreed scores and outcomes)", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "govuk-select"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("paid_amount") is not None and not data.get("paid_on"):
            self.add_error("paid_on", "Enter the date of the payment")
        return data


class ScoreSheetForm(GovukFormMixin, forms.Form):
    """One field pair per question: a score from 1 to 5 and a note."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for q in questions:
            self.fields[f"score_{q.pk}"] = forms.ChoiceField(
                label=f"{q.value}: your score",
                help_text=q.rubric,
                choices=SCORES,
                widget=forms.RadioSelect,
                error_messages={"required": f"Score the answer on {q.value}"},
            )
            self.fields[f"note_{q.pk}"] = forms.CharField(
                label=f"{q.value}: your note",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def scores(self, questions: list[Question]) -> dict[int, tuple[int, str]]:
        d = self.cleaned_data
        return {q.pk: (int(d[f"score_{q.pk}"]), d[f"note_{q.pk}"]) for q in questions}


class DecisionForm(GovukFormMixin, forms.Form):
    decision = forms.CharField(
        label="The decision and the reasons for it", widget=forms.Textarea(attrs={"rows": 5})
    )
    shaped_by = forms.MultipleChoiceField(
        label="Panellists who shaped the decision", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, panellists: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shaped_by"].choices = panellists  # type: ignore[attr-defined]


class CampaignForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Campaign", max_length=200)
    channel = forms.ChoiceField(label="Channel")
    starts_on = GovukDateField(label="First day")
    ends_on = GovukDateField(label="Last day")
    cost = forms.DecimalField(
        label="Cost (£)", min_value=0, max_digits=10, decimal_places=2, widget=number_input(8)
    )

    def __init__(self, *args: Any, channels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", "Choose a channel"), *channels]  # type: ignore[attr-defined]
        self.fields["channel"].widget.attrs["class"] = "govuk-select"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The last day must be on or after the first day")
        return data


class MovePanelForm(GovukFormMixin, forms.Form):
    """The panel's new day; everyone on it, and every candidate, gets the updated invitation."""

    sits_on = GovukDateField(label="New day")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ModerationForm(GovukFormMixin, forms.Form):
    """The chair's record for one candidate once every sheet is in: an agreed score (and a note,
    needed where it is outside the panellists' range) per question, the outcome, the reasons, and
    the panellists who shaped it."""

    outcome = forms.ChoiceField(label="Outcome", widget=forms.RadioSelect)
    reasons = forms.CharField(
        label="The reasons for the outcome", widget=forms.Textarea(attrs={"rows": 4})
    )
    shaped_by = forms.MultipleChoiceField(
        label="Panellists who shaped the outcome", widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        ranges: dict[int, tuple[int, int]],
        panellists: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        from thrive.recruitment.models import Outcome

        super().__init__(*args, **kwargs)
        agreed: dict[str, forms.Field] = {}
        for q in questions:
            low, high = ranges.get(q.pk, (1, 5))
            agreed[f"score_{q.pk}"] = forms.ChoiceField(
                label=f"{q.value}: agreed score",
                help_text=f"The panellists scored {low} to {high}. {q.rubric}",
                choices=SCORES,
                widget=forms.RadioSelect,
                error_messages={"required": f"Give the agreed score on {q.value}"},
            )
            agreed[f"note_{q.pk}"] = forms.CharField(
                label=f"{q.value}: note (needed outside {low} to {high})",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields = {**agreed, **self.fields}
        self.fields["outcome"].choices = Outcome.choices  # type: ignore[attr-defined]
        self.fields["shaped_by"].choices = panellists  # type: ignore[attr-defined]

    def scores(self, questions: list[Question]) -> dict[int, tuple[int, str]]:
        d = self.cleaned_data
        return {q.pk: (int(d[f"score_{q.pk}"]), d[f"note_{q.pk}"]) for q in questions}
