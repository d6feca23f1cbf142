"""GOV.UK forms for agency placements; each error names its field."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from thrive.core.forms import GovukDateField, GovukFormMixin, number_input


class ExtendForm(GovukFormMixin, forms.Form):
    planned_end_date = GovukDateField(label="New planned end")
    effective_on = GovukDateField(
        label="Takes effect on", help_text="The day the extension was agreed."
    )
    hourly_pay = forms.DecimalField(
        label="Hourly pay (£)",
        required=False,
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
        widget=number_input(5),
        help_text="Leave blank to keep the current rate.",
    )
    employer_ni_and_levy = forms.DecimalField(
        label="Employer NI and levy per hour (£)",
        required=False,
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
        widget=number_input(5),
    )
    hourly_charge = forms.DecimalField(
        label="Total charge per hour (£)",
        required=False,
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
        widget=number_input(5),
    )
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
