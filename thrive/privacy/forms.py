from __future__ import annotations

from typing import Any

from django import forms

from thrive.core.forms import GovukDateField, GovukFormMixin
from thrive.privacy.models import RecordType, Unit


class SarExportForm(GovukFormMixin, forms.Form):
    staff_id = forms.CharField(
        label="Staff ID",
        max_length=64,
        required=False,
        help_text="A member of staff, past or present: their staff ID in the register.",
    )
    email = forms.EmailField(
        label="Or a candidate's email",
        max_length=254,
        required=False,
        help_text="Someone who applied or registered interest but was never employed: the "
        "email they applied with.",
        error_messages={"invalid": "Enter the email like name@example.org."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        staff_id, email = (data.get("staff_id") or "").strip(), data.get("email") or ""
        if not staff_id and not email and "email" not in self.errors:
            self.add_error(
                "staff_id", "Enter the staff ID of the person who asked, or a candidate's email."
            )
        elif staff_id and email:
            self.add_error("email", "Enter a staff ID or an email, not both.")
        return data


class RetentionRuleForm(GovukFormMixin, forms.Form):
    record_type = forms.ChoiceField(
        label="Kind of record",
        choices=RecordType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of record."},
    )
    years = forms.IntegerField(
        label="How long to keep it",
        min_value=1,
        max_value=100,
        help_text="Personnel records: at least 6 years after employment ends. Unsuccessful "
        "applications: commonly 6 months after the decision.",
        error_messages={
            "required": "Enter how long to keep it.",
            "invalid": "Enter how long as a whole number, like 6.",
            "min_value": "Enter at least 1.",
            "max_value": "Enter at most 100.",
        },
    )
    unit = forms.ChoiceField(
        label="In years or months",
        choices=Unit.choices,
        initial=Unit.YEARS,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_unit(self) -> str:
        return self.cleaned_data.get("unit") or Unit.YEARS

    effective_from = GovukDateField(
        label="Date the rule takes effect", help_text="For example, 1 4 2027."
    )
    reason = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=200,
        help_text="For example, the council's records retention policy and its version.",
    )
