"""The forms on an offer's page for the records the safer recruitment rules read."""

from __future__ import annotations

from typing import Any

from django import forms

from thrive.core.forms import GovukDateField, GovukFormMixin
from thrive.recruitment.models import DbsLevel, SweStatus


class CheckStandardForm(GovukFormMixin, forms.Form):
    """What a DBS check or a registration shows, beside the check's evidence (``CheckForm``)."""

    dbs_level = forms.ChoiceField(
        label="DBS certificate level (for a DBS check)",
        required=False,
        choices=[("", "Not a DBS check, or on the update service"), *DbsLevel.choices],
    )
    dbs_barred_list = forms.BooleanField(
        label="The children's barred list was checked", required=False
    )
    dbs_update_number = forms.CharField(
        label="DBS update service number (if checked there instead)",
        max_length=20,
        required=False,
    )
    dbs_update_checked_on = GovukDateField(label="Checked on the update service", required=False)
    swe_number = forms.CharField(
        label="Social Work England number (for a registration)", max_length=20, required=False
    )
    swe_status = forms.ChoiceField(
        label="What the register shows",
        required=False,
        choices=[("", "Not a registration"), *SweStatus.choices],
    )
    swe_conditions = forms.CharField(
        label="Conditions of practice, if any",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Leave blank when the register shows none.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("dbs_level", "swe_status"):
            self.fields[name].widget.attrs["class"] = "govuk-select"


class ReferenceForm(GovukFormMixin, forms.Form):
    referee = forms.CharField(label="Referee", max_length=120)
    referee_organisation = forms.CharField(label="Their organisation", max_length=160)
    current_employer = forms.BooleanField(
        label="From the current or most recent employer", required=False
    )
    practice_setting = forms.BooleanField(
        label="From a social work practice setting", required=False
    )
    covers_from = GovukDateField(label="Covers work from")
    covers_to = GovukDateField(label="Covers work to")
    received_on = GovukDateField(label="Received on")


class EmploymentForm(GovukFormMixin, forms.Form):
    employer = forms.CharField(label="Employer (or what they were doing)", max_length=160)
    role = forms.CharField(label="Role", max_length=120, required=False)
    started_on = GovukDateField(label="From")
    ended_on = GovukDateField(label="To", required=False, help_text="Blank if still there.")


class GapForm(GovukFormMixin, forms.Form):
    gap_from = GovukDateField(label="Gap from")
    gap_to = GovukDateField(label="Gap to")
    explanation = forms.CharField(
        label="Explanation", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AbroadForm(GovukFormMixin, forms.Form):
    country = forms.CharField(label="Country", max_length=80)
    lived_from = GovukDateField(label="Lived there from")
    lived_to = GovukDateField(label="Lived there to", required=False)


SAFER_FORMS: dict[str, type[forms.Form]] = {
    "reference": ReferenceForm,
    "employment": EmploymentForm,
    "gap": GapForm,
    "abroad": AbroadForm,
}
