"""Register forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from analytics.census_xml import sixteenth_birthday
from analytics.codes import (
    CFKSS_STATUS,
    ETHNICITY,
    GENDER,
    LEAVER_DESTINATION,
    ORG_ROLE,
    QUAL_LEVEL,
    REASON_LEAVE,
    START_ORIGIN,
)
from thrive.core.forms import GovukDateField, GovukFormMixin
from thrive.people.models import AbsenceReason, Contract, Organisation, Profession, Team

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _upload_kinds() -> list[tuple[str, str]]:
    """The kinds the register's upload page offers: those with a label there."""
    from thrive.people.imports import import_kinds

    return [(kind.name, kind.label) for kind in import_kinds().values() if kind.label]


class ImportUploadForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What does the file hold?",
        widget=forms.RadioSelect,
        choices=_upload_kinds,
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="CSV or Excel (.xlsx, first sheet), with a header row.",
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 50 MB.")
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError("The file must be a CSV or an Excel .xlsx file.")
        return upload


# --- Register forms ---------------------------------------------------------------------------


def _choices(codes: dict[Any, str], blank: str | None = "Not known") -> list[tuple[Any, str]]:
    options = [(str(k), v) for k, v in codes.items()]
    if blank in codes.values():
        # The census list has its own "Not known" answer: the empty choice is something else.
        blank = "Not recorded"
    return [("", blank), *options] if blank is not None else options


def _yes_no(value: Any) -> bool:
    return value == "1"


FTE_FIELD: dict[str, Any] = {
    "label": "Full-time equivalent (FTE)",
    "help_text": "For example 1 for full time, 0.5 for half time.",
    "min_value": Decimal("0.01"),
    "max_value": Decimal("1"),
    "max_digits": 7,
    "decimal_places": 6,
}


class TeamChoiceMixin:
    def scope_teams(self, organisation: Organisation) -> None:
        field = self.fields["team"]  # type: ignore[attr-defined]
        field.queryset = Team.objects.for_org(organisation).order_by("name")


class PersonAddForm(GovukFormMixin, TeamChoiceMixin, forms.Form):
    staff_id = forms.CharField(
        label="Staff ID", help_text="The HR system's person number.", max_length=64
    )
    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    profession = forms.ChoiceField(label="Profession", choices=Profession.choices)
    contract = forms.ChoiceField(label="Contract", choices=Contract.choices)
    team = forms.ModelChoiceField(label="Team", queryset=Team.objects.none())
    fte = forms.DecimalField(**FTE_FIELD)
    start_date = GovukDateField(label="Start date", help_text="For example, 27 3 2025")
    job_title = forms.CharField(label="Job title", required=False, max_length=200)
    org_role = forms.TypedChoiceField(
        label="Role (census OrgRole)",
        required=False,
        choices=_choices(ORG_ROLE, "Not a social worker"),
        coerce=int,
        empty_value=None,
    )
    swe_number = forms.CharField(
        label="Social Work England number",
        required=False,
        max_length=20,
        help_text="Social workers only, like SW123456.",
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    gender = forms.TypedChoiceField(
        label="Gender", required=False, choices=_choices(GENDER), coerce=int, empty_value=None
    )
    ethnicity = forms.ChoiceField(label="Ethnicity", required=False, choices=_choices(ETHNICITY))
    start_origin = forms.TypedChoiceField(
        label="Where they came from (census StartOrigin)",
        required=False,
        choices=_choices(START_ORIGIN),
        coerce=int,
        empty_value=None,
    )
    qualification_institution = forms.CharField(
        label="Qualifying institution (census QualInst)",
        help_text="Social workers: the university or college where they qualified.",
        required=False,
        max_length=200,
    )
    qualification_level = forms.TypedChoiceField(
        label="Level of the social work qualification (census QualLevel)",
        required=False,
        choices=_choices(QUAL_LEVEL),
        coerce=int,
        empty_value=None,
    )
    qualified_on = GovukDateField(label="Date they qualified", required=False)
    step_up_grad = forms.TypedChoiceField(
        label="Did they qualify through Step Up to Social Work? (census StepUpGrad)",
        required=False,
        choices=[("", "Not known"), ("1", "Yes"), ("0", "No")],
        coerce=_yes_no,
        empty_value=None,
    )
    frontline_grad = forms.TypedChoiceField(
        label="Did they qualify through Frontline? (census FrontlineGrad)",
        required=False,
        choices=[("", "Not known"), ("1", "Yes"), ("0", "No")],
        coerce=_yes_no,
        empty_value=None,
    )
    cfkss_status = forms.TypedChoiceField(
        label="Knowledge and skills statement accredited against (census CFKSSstatus)",
        required=False,
        choices=_choices(CFKSS_STATUS, "None"),
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope_teams(organisation)
        self.fields["date_of_birth"].help_text = (
            "The census return needs the date of birth, gender, ethnicity, qualification and the "
            "Step Up and Frontline answers of every employed social worker: leave any you do not "
            "know yet blank, and the census page will ask for them."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born, start = data.get("date_of_birth"), data.get("start_date")
        if born is not None:
            from thrive.core import clock

            if born >= clock.today():
                self.add_error("date_of_birth", "The date of birth must be in the past")
            elif start is not None and start < sixteenth_birthday(born):
                self.add_error(
                    "date_of_birth", "The date of birth must be at least 16 years before the start"
                )
        if data.get("profession") == Profession.SOCIAL_WORKER:
            if not data.get("swe_number"):
                self.add_error("swe_number", "Enter the Social Work England number")
            if data.get("org_role") is None:
                self.add_error("org_role", "Select the social worker's role")
        return data


class SpellChangeForm(GovukFormMixin, TeamChoiceMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    effective_date = GovukDateField(label="Date the change takes effect")
    team = forms.ModelChoiceField(label="Team", queryset=Team.objects.none())
    fte = forms.DecimalField(**FTE_FIELD)
    org_role = forms.TypedChoiceField(
        label="Role (census OrgRole)",
        required=False,
        choices=_choices(ORG_ROLE, "Not a social worker"),
        coerce=int,
        empty_value=None,
    )
    job_title = forms.CharField(label="Job title", required=False, max_length=200)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope_teams(organisation)


class LeaverForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = GovukDateField(label="Last day of employment")
    leaving_reason = forms.TypedChoiceField(
        label="Reason for leaving (census ReasonLeave)",
        widget=forms.RadioSelect,
        choices=_choices(REASON_LEAVE, None),
        coerce=int,
    )
    leaver_destination = forms.TypedChoiceField(
        label="Where they are going (census LeaverDestination)",
        required=False,
        choices=_choices(LEAVER_DESTINATION),
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class AbsenceForm(GovukFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label="Reason", widget=forms.RadioSelect, choices=AbsenceReason.choices
    )
    start_date = GovukDateField(label="First day of absence")
    end_date = GovukDateField(label="Last day of absence")
    working_days = forms.DecimalField(
        label="Working days lost",
        help_text="Use decimals for part days, like 2.5.",
        min_value=Decimal(0),
        max_digits=7,
        decimal_places=2,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The last day must be the same as or after the first day")
        return data


def census_item_field(item: str) -> forms.Field:
    """The form field for one census item (by element name), with messages naming it."""

    def coded(label: str, codes: dict[Any, str], what: str) -> forms.Field:
        return forms.TypedChoiceField(
            label=label,
            choices=_choices(codes, f"Select {what}"),
            coerce=int,
            empty_value=None,
            error_messages={"required": f"Select {what}", "invalid_choice": f"Select {what}"},
        )

    def yes_no(label: str, what: str) -> forms.Field:
        return forms.TypedChoiceField(
            label=label,
            choices=[("1", "Yes"), ("0", "No")],
            widget=forms.RadioSelect,
            coerce=_yes_no,
            error_messages={"required": f"Select whether {what}"},
        )

    fields: dict[str, Any] = {
        "PersonBirthDate": lambda: GovukDateField(
            label="Date of birth", help_text="For example, 27 3 1990"
        ),
        "GenderCurrent": lambda: coded("Gender (census GenderCurrent)", GENDER, "the gender"),
        "Ethnicity": lambda: forms.ChoiceField(
            label="Ethnicity",
            choices=_choices(ETHNICITY, "Select the ethnicity"),
            error_messages={"required": "Select the ethnicity"},
        ),
        "QualInst": lambda: forms.CharField(
            label="Qualifying institution",
            help_text="The university or college where they qualified as a social worker.",
            max_length=200,
            error_messages={"required": "Enter the qualifying institution"},
        ),
        "QualLevel": lambda: coded(
            "Level of the social work qualification", QUAL_LEVEL, "the qualification level"
        ),
        "StepUpGrad": lambda: yes_no(
            "Did they qualify through Step Up to Social Work?",
            "they qualified through Step Up to Social Work",
        ),
        "FrontlineGrad": lambda: yes_no(
            "Did they qualify through Frontline?", "they qualified through Frontline"
        ),
        "CFKSSstatus": lambda: coded(
            "Knowledge and skills statement accredited against", CFKSS_STATUS, "the statement"
        ),
        "OrgRole": lambda: coded("Role (census OrgRole)", ORG_ROLE, "the role"),
        "StartOrigin": lambda: coded(
            "Where they came from (census StartOrigin)", START_ORIGIN, "where they came from"
        ),
        "ReasonLeave": lambda: coded(
            "Reason for leaving (census ReasonLeave)", REASON_LEAVE, "the reason for leaving"
        ),
        "LeaverDestination": lambda: coded(
            "Where they went (census LeaverDestination)", LEAVER_DESTINATION, "where they went"
        ),
    }
    return fields[item]()  # type: ignore[no-any-return]


class CensusFixForm(GovukFormMixin, forms.Form):
    """Exactly the census items a person's record is missing (element names as field names)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, items: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[item] = census_item_field(item)

    def clean_PersonBirthDate(self) -> Any:  # noqa: N802 — the census element's name
        from thrive.core import clock

        born = self.cleaned_data.get("PersonBirthDate")
        if born is not None and born >= clock.today():
            raise forms.ValidationError("The date of birth must be in the past")
        return born


class ReturnerForm(GovukFormMixin, TeamChoiceMixin, forms.Form):
    """A person who left coming back: the day they start again and the post they come back to
    (their earlier spells stay as they were; the return is linked to them through the person)."""

    start_date = GovukDateField(label="Date they start again", help_text="For example, 27 3 2026")
    team = forms.ModelChoiceField(label="Team", queryset=Team.objects.none())
    contract = forms.ChoiceField(
        label="Contract",
        choices=[(c.value, c.label) for c in Contract if c != Contract.AGENCY],
        help_text="An agency worker is a placement (the agency pages), not a return.",
    )
    fte = forms.DecimalField(**FTE_FIELD)
    org_role = forms.TypedChoiceField(
        label="Role (census OrgRole)",
        required=False,
        choices=_choices(ORG_ROLE, "Not a social worker"),
        coerce=int,
        empty_value=None,
    )
    job_title = forms.CharField(label="Job title", required=False, max_length=200)
    start_origin = forms.TypedChoiceField(
        label="Where they came from (census StartOrigin)",
        required=False,
        choices=_choices(START_ORIGIN),
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope_teams(organisation)
