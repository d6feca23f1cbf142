"""The academy's forms (GOV.UK patterns)."""

from __future__ import annotations

from typing import Any

from django import forms

from thrive.academy.models import (
    EVIDENCE_LABELS,
    PCF_DOMAINS,
    PROGRESSION_EVIDENCE_LABELS,
    DeclineReason,
)
from thrive.core.forms import GovukDateField, GovukFormMixin, number_input


def _choices(rows: Any) -> list[tuple[str, str]]:
    return [("", "Choose")] + [(str(r.pk), str(r)) for r in rows]


class CohortForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=120, help_text="For example: September 2026")
    starts_on = GovukDateField(label="Starts on")
    team = forms.ChoiceField(label="Academy team", required=False)
    practice_educators = forms.MultipleChoiceField(
        label="Practice educators", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, teams: Any = (), staff: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _choices(teams)  # type: ignore[attr-defined]
        self.fields["practice_educators"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), str(p)) for p in staff
        ]


class PeopleForm(GovukFormMixin, forms.Form):
    assessor = forms.ChoiceField(label="Assessor", required=False)
    practice_educator = forms.ChoiceField(label="Practice educator", required=False)
    line_manager = forms.ChoiceField(label="Line manager", required=False)

    def __init__(self, *args: Any, staff: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("assessor", "practice_educator", "line_manager"):
            self.fields[name].choices = _choices(staff)  # type: ignore[attr-defined]


class EvidenceForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Kind of evidence")
    title = forms.CharField(label="What it is", max_length=160)
    on = GovukDateField(label="Date")
    note = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label="File (optional)",
        required=False,
        help_text="A PDF, a Word document, or a JPG or PNG image, up to 10 MB.",
    )

    def __init__(self, *args: Any, kinds: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (k, EVIDENCE_LABELS.get(k, k.replace("_", " ").capitalize())) for k in kinds
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError("The file must be 10 MB or smaller")
        return upload


class ReviewForm(GovukFormMixin, forms.Form):
    held_on = GovukDateField(label="Held on")
    summary = forms.CharField(
        label="The assessor's summary", widget=forms.Textarea(attrs={"rows": 6})
    )


class ReflectionForm(GovukFormMixin, forms.Form):
    critical_reflection = forms.CharField(
        label="Your critical reflection", widget=forms.Textarea(attrs={"rows": 8})
    )


class OutcomeForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        choices=[("passed", "Pass"), ("extended", "Extension"), ("failed", "Not passed")],
    )
    reasons = forms.CharField(
        label="Reasons (for an extension or not passed)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    extended_to = GovukDateField(label="Extended to (for an extension)", required=False)


class TransitionForm(GovukFormMixin, forms.Form):
    team = forms.ChoiceField(label="Substantive team")
    on = GovukDateField(label="Moved on")

    def __init__(self, *args: Any, teams: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _choices(teams)  # type: ignore[attr-defined]


class RuleForm(GovukFormMixin, forms.Form):
    effective_from = GovukDateField(label="In force from")
    recall_every_months = forms.IntegerField(
        label="A recall day every (months)", min_value=1, max_value=12, initial=2
    )
    induction_days = forms.IntegerField(label="Induction (days)", min_value=0, max_value=30)
    development_percent = forms.DecimalField(
        label="Protected development time (% of the week)", min_value=0, max_value=50
    )
    weekly_hours = forms.DecimalField(label="Contracted hours a week", min_value=1, max_value=48)
    transition_months = forms.IntegerField(
        label="Move to a substantive team after (months)", min_value=1, max_value=24
    )
    peer_group_every_weeks = forms.IntegerField(
        label="A peer group every (weeks)",
        help_text="Between the academy days; 0 for none",
        min_value=0,
        max_value=12,
        initial=4,
    )
    shortlist_email = forms.BooleanField(
        label="Email the talent pool's shortlist for a manager post to its recruiter",
        required=False,
    )


class ProgrammeForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=120, help_text="For example: ASYE")
    effective_from = GovukDateField(label="In force from")
    review_months = forms.CharField(label="Reviews at (months, separated by commas)")
    reflection_months = forms.CharField(
        label="Critical reflections at (months, separated by commas)", required=False
    )
    direct_observation = forms.IntegerField(
        label=EVIDENCE_LABELS["direct_observation"], min_value=0
    )
    family_feedback = forms.IntegerField(label=EVIDENCE_LABELS["family_feedback"], min_value=0)
    professional_feedback = forms.IntegerField(
        label=EVIDENCE_LABELS["professional_feedback"], min_value=0
    )
    written_report = forms.IntegerField(label=EVIDENCE_LABELS["written_report"], min_value=0)

    def _months(self, name: str) -> list[int]:
        text = self.cleaned_data.get(name) or ""
        try:
            return [int(p) for p in text.replace(" ", "").split(",") if p]
        except ValueError:
            raise forms.ValidationError(
                "Enter whole numbers of months separated by commas, like 3, 6, 12"
            ) from None

    def clean_review_months(self) -> list[int]:
        return self._months("review_months")

    def clean_reflection_months(self) -> list[int]:
        return self._months("reflection_months")


# --- Progression ----------------------------------------------------------------------------


class PlanForm(GovukFormMixin, forms.Form):
    level = forms.ChoiceField(label="The level you are working towards")
    goals = forms.CharField(
        label="Your goals", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, levels: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = _choices(levels)  # type: ignore[attr-defined]


class ProgressionEvidenceForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of evidence",
        choices=[("", "Choose")] + list(PROGRESSION_EVIDENCE_LABELS.items()),
    )
    title = forms.CharField(label="What it is", max_length=160)
    on = GovukDateField(label="Date")
    note = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label="File (optional)",
        required=False,
        help_text="A PDF, a Word document, or a JPG or PNG image, up to 10 MB.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError("The file must be 10 MB or smaller")
        return upload


class ManagerViewForm(GovukFormMixin, forms.Form):
    manager_view = forms.CharField(
        label="Your view as their manager",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DeclineForm(GovukFormMixin, forms.Form):
    """Declining progression yourself: why, in a few words (the date is today)."""

    reason = forms.ChoiceField(
        label="Why are you declining progression?",
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Anything you would like to add (needed for another reason)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == DeclineReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", "Say what the reason is")
        return data


SCORE_CHOICES = [
    ("1", "1 – not yet shown"),
    ("2", "2 – partly shown"),
    ("3", "3 – shown"),
    ("4", "4 – strongly shown"),
]


class PanelForm(GovukFormMixin, forms.Form):
    panel_on = GovukDateField(label="The panel sat on")
    members = forms.CharField(label="Panel members", max_length=300)
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("progressed", "Progressed"), ("not_yet", "Not yet")],
        widget=forms.RadioSelect,
    )
    role_from = GovukDateField(label="The new role starts on (if progressed)", required=False)
    feedback = forms.CharField(
        label="Feedback to the applicant", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, questions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for n, q in enumerate(self.questions, start=1):
            self.fields[f"score_{n}"] = forms.ChoiceField(
                label=f"Score: {q.text}", choices=SCORE_CHOICES, widget=forms.RadioSelect
            )
        self.order_fields(
            ["panel_on", "members", *[f"score_{n}" for n in range(1, len(self.questions) + 1)]]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "progressed" and not data.get("role_from"):
            self.add_error("role_from", "Enter the date the new role starts")
        return data

    def scores(self) -> list[int]:
        return [int(self.cleaned_data[f"score_{n}"]) for n in range(1, len(self.questions) + 1)]


ORG_ROLE_CHOICES = [
    ("", "Choose"),
    ("5", "Case holder"),
    ("4", "Senior practitioner"),
    ("3", "First line manager"),
    ("2", "Middle manager"),
    ("1", "Senior manager"),
    ("6", "Qualified without cases"),
]


class PanelQuestionForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="The question", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    order = forms.IntegerField(
        label="Its place among the questions", min_value=1, max_value=20, widget=number_input(2)
    )
    effective_from = GovukDateField(label="Asked from")


class LevelForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Level", max_length=120, help_text="A new description of a level: use its name"
    )
    rank = forms.IntegerField(label="Place on the ladder (1 is the first)", min_value=1)
    org_role = forms.ChoiceField(label="Role in the register", choices=ORG_ROLE_CHOICES)
    kss = forms.CharField(label="Knowledge and skills statement", max_length=120, required=False)
    effective_from = GovukDateField(label="In force from")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in PCF_DOMAINS:
            self.fields[f"pcf_{key}"] = forms.CharField(
                label=f"{label} (optional)",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def criteria(self) -> dict[str, str]:
        return {
            key: self.cleaned_data[f"pcf_{key}"].strip()
            for key, _ in PCF_DOMAINS
            if self.cleaned_data.get(f"pcf_{key}", "").strip()
        }
