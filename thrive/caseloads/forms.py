from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from thrive.caseloads.models import CaseStatus, Relationship
from thrive.core.forms import GovukDateField, GovukFormMixin
from thrive.people.models import CaseType, Organisation, Team


class PolicyForm(GovukFormMixin, forms.Form):
    effective_from = GovukDateField(
        label="In force from", help_text="Earlier dates keep the policy that applied then."
    )
    team = forms.ModelChoiceField(
        label="For one team only (optional)",
        queryset=Team.objects.none(),
        required=False,
        empty_label="The whole council",
    )
    full_time_cap = forms.DecimalField(
        label="Cap for a full-time case holder (children)",
        min_value=Decimal("1"),
        max_value=Decimal("60"),
        decimal_places=1,
        initial=Decimal("17"),
        help_text="Part-time workers' caps are pro rata to their FTE.",
    )
    ramp_cap = forms.DecimalField(
        label="Newly qualified: cap reached at the end of the ramp",
        min_value=Decimal("0"),
        max_value=Decimal("60"),
        decimal_places=1,
        initial=Decimal("10"),
    )
    ramp_months = forms.IntegerField(
        label="Newly qualified: months to build up to it", min_value=1, max_value=12, initial=6
    )
    asye_reduction_percent = forms.DecimalField(
        label="ASYE workload reduction after the ramp (%)",
        min_value=Decimal("0"),
        max_value=Decimal("50"),
        decimal_places=1,
        initial=Decimal("10"),
    )
    note = forms.CharField(label="Why it changed (optional)", required=False, max_length=200)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = Team.objects.for_org(organisation).order_by("name")
        for value, label in CaseType.choices:
            self.fields[f"weight_{value}"] = forms.DecimalField(
                label=f"Weight of a case: {label.lower()}",
                min_value=Decimal("0"),
                max_value=Decimal("5"),
                decimal_places=2,
                initial=Decimal("1"),
                required=False,
            )
        for name in list(self.fields):
            if name.startswith("weight_"):
                self.fields[name].widget.attrs.setdefault(
                    "class", "govuk-input govuk-input--width-4"
                )

    def weights(self) -> dict[str, float]:
        return {
            name.removeprefix("weight_"): float(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("weight_") and value is not None and float(value) != 1.0
        }


class AdultForm(GovukFormMixin, forms.Form):
    first_name = forms.CharField(label="First name", max_length=100)
    relationship = forms.ChoiceField(
        label="Relationship to the children", choices=Relationship.choices, widget=forms.RadioSelect
    )
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False)
    member_id = forms.CharField(
        label="Case system ID (optional)",
        required=False,
        max_length=64,
        help_text="The adult's ID in the case-management system, if they have one.",
    )


class ChildStatusForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="New case status", choices=CaseStatus.choices, widget=forms.RadioSelect
    )
    from_date = GovukDateField(label="From", help_text="The current status ends on this date.")
