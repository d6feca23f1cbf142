from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from thrive.caseloads.models import CaseStatus, Relationship, SpecialistRole
from thrive.core.forms import GovukDateField, GovukFormMixin
from thrive.people.models import CaseType, Organisation, StaffMember, Team


class PolicyForm(GovukFormMixin, forms.Form):
    effective_from = GovukDateField(
        label="In force from",
        help_text="Today or later: earlier dates keep the policy that applied then. Only the "
        "council's first policy may start earlier, to record the one already in force.",
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
        self.organisation = organisation
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

    def clean_effective_from(self) -> date:
        from thrive.caseloads.services import policy_date_refusal

        value: date = self.cleaned_data["effective_from"]
        refusal = policy_date_refusal(self.organisation, value)
        if refusal:
            raise forms.ValidationError(refusal)
        return value

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


class ChildDetailsForm(GovukFormMixin, forms.Form):
    first_name = forms.CharField(
        label="First name (optional)",
        required=False,
        max_length=100,
        help_text="Shown instead of the case system ID to the people who may see the family.",
    )
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False)


class AssignSpecialistForm(GovukFormMixin, forms.Form):
    person = forms.ModelChoiceField(label="Who", queryset=StaffMember.objects.none())
    role = forms.ChoiceField(
        label="Their part in the work (their chapter of the workbook)",
        choices=SpecialistRole.choices,
        widget=forms.RadioSelect,
    )
    start_date = GovukDateField(label="Working with the family from")

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = people if people is not None else StaffMember.objects.none()
        person.empty_label = "Choose a person"


class EndAssignmentForm(GovukFormMixin, forms.Form):
    end_date = GovukDateField(label="Last day working with the family")


class ChildStatusForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="New case status", choices=CaseStatus.choices, widget=forms.RadioSelect
    )
    from_date = GovukDateField(label="From", help_text="The current status ends on this date.")


CHILD_ROWS = 6


class AllocateForm(GovukFormMixin, forms.Form):
    """A new or returning family (IDs and case statuses typed in), or a transfer of some of an
    existing family's children (chosen from the family)."""

    family_id = forms.CharField(
        label="Family ID",
        max_length=64,
        help_text="The family's ID in the case-management system. For a family known before, "
        "use the same ID.",
    )
    family_name = forms.CharField(label="Family name (optional)", max_length=120, required=False)
    team = forms.ModelChoiceField(label="Team", queryset=Team.objects.none())
    start_date = GovukDateField(label="Allocated from")

    def __init__(
        self,
        *args: Any,
        teams: Any,
        family_children: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = teams
        team.widget.attrs["class"] = "govuk-select"
        self.transfer = family_children is not None
        if family_children is not None:
            del self.fields["family_id"]
            del self.fields["family_name"]
            self.fields["children"] = forms.MultipleChoiceField(
                label="Children to allocate",
                choices=family_children,
                widget=forms.CheckboxSelectMultiple,
                help_text="Their current allocations end on the date below; history is kept.",
            )
        else:
            for n in range(1, CHILD_ROWS + 1):
                self.fields[f"child_{n}"] = forms.CharField(
                    label=f"Child {n}: case system ID",
                    max_length=64,
                    required=n == 1,
                    widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
                )
                self.fields[f"status_{n}"] = forms.ChoiceField(
                    label=f"Child {n}: case status",
                    choices=[("", "Choose"), *CaseStatus.choices],
                    required=False,
                    widget=forms.Select(attrs={"class": "govuk-select"}),
                )
        self.order_fields(["family_id", "family_name", "children", "team", "start_date"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.transfer:
            seen = set()
            for n in range(1, CHILD_ROWS + 1):
                child = (data.get(f"child_{n}") or "").strip()
                if child and child in seen:
                    self.add_error(f"child_{n}", f"Child {child} is listed twice")
                seen.add(child)
                if data.get(f"status_{n}") and not child:
                    self.add_error(f"child_{n}", f"Enter child {n}'s case system ID")
        return data


class AllocationChoiceForm(GovukFormMixin, forms.Form):
    worker = forms.ChoiceField(label="Allocate to", widget=forms.RadioSelect)
    override_reason = forms.CharField(
        label="If you choose someone not suggested, why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded with the allocation, for example a short-term arrangement agreed "
        "with the worker.",
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        worker = self.fields["worker"]
        assert isinstance(worker, forms.ChoiceField)
        worker.choices = choices
