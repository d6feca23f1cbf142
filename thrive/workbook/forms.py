"""Forms for the workbook: an entry (also the phone quick-capture), a monthly summary, a tool."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from thrive.core.forms import GovukDateField, GovukFormMixin, PickerSelect
from thrive.workbook.models import Chapter, Direction, FamilyShares, PracticeTool


def _tool_field(tools: list[PracticeTool], help_text: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Tools used",
        choices=[(str(t.pk), t.name) for t in tools],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


class EntryForm(GovukFormMixin, forms.Form):
    """A dated entry in one chapter. With *families*, the writer picks the family first (the
    quick capture between visits)."""

    family = forms.ChoiceField(label="Family", widget=PickerSelect())
    chapter = forms.ChoiceField(label="Chapter", widget=forms.RadioSelect)
    occurred_on = GovukDateField(label="Date of the work", help_text="For example, 27 3 2026")
    title = forms.CharField(
        label="Heading (optional)",
        required=False,
        max_length=120,
        help_text="For example, home visit or joint session with mum.",
    )
    body = forms.CharField(
        label="What happened",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you did, what you saw and heard, and what it means for the children.",
    )

    def __init__(
        self,
        *args: Any,
        chapters: list[str],
        tools: list[PracticeTool],
        families: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Chapter.choices)
        chapter = self.fields["chapter"]
        assert isinstance(chapter, forms.ChoiceField)
        chapter.choices = [(c, labels[c]) for c in chapters]
        if len(chapters) == 1:
            chapter.initial = chapters[0]
            chapter.widget = forms.HiddenInput()
        if families is None:
            del self.fields["family"]
        else:
            family = self.fields["family"]
            assert isinstance(family, forms.ChoiceField)
            family.choices = [("", "Choose a family"), *families]
        self.fields["tools"] = _tool_field(tools, "Select all that apply.")
        self.order_fields(["family", "chapter", "occurred_on", "title", "body", "tools"])


class SummaryForm(GovukFormMixin, forms.Form):
    month = forms.ChoiceField(label="Month summarised")
    strengths = forms.CharField(
        label="Strengths",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What is going well, and who and what is helping.",
    )
    concerns = forms.CharField(
        label="Concerns", widget=forms.Textarea(attrs={"rows": 4}), help_text="What we worry about."
    )
    family_shares = forms.ChoiceField(
        label="Does the family share the concerns?",
        choices=FamilyShares.choices,
        widget=forms.RadioSelect,
    )
    direction = forms.ChoiceField(
        label="Since last month, are things", choices=Direction.choices, widget=forms.RadioSelect
    )
    next_steps = forms.CharField(
        label="Next steps",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who will do what, by when.",
    )

    def __init__(
        self, *args: Any, months: list[date], tools: list[PracticeTool], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        month = self.fields["month"]
        assert isinstance(month, forms.ChoiceField)
        month.choices = [(m.isoformat(), m.strftime("%B %Y")) for m in months]
        self.fields["tools"] = _tool_field(
            tools, "The tools used in conversations with the family this month."
        )
        self.order_fields(
            ["month", "strengths", "concerns", "family_shares", "tools", "direction", "next_steps"]
        )
