"""The public forms: searching the jobs portal, applying, equality monitoring (a form of its own,
kept apart), and asking for a sign-in link."""

from __future__ import annotations

from typing import Any

from django import forms

from thrive.core import clock
from thrive.core.forms import GovukDateField, GovukFormMixin, number_input
from thrive.people.models import Region
from thrive.recruitment import codes
from thrive.recruitment.post_kinds import VacancyRole


def _select(field: forms.Field) -> None:
    field.widget.attrs["class"] = "govuk-select"


class PortalSearchForm(GovukFormMixin, forms.Form):
    q = forms.CharField(label="Job title or keywords", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Kind of job", required=False, choices=[("", "Any kind"), *VacancyRole.choices]
    )
    region = forms.ChoiceField(
        label="Region", required=False, choices=[("", "All of England"), *Region.choices]
    )
    council = forms.ChoiceField(label="Council", required=False)
    pay = forms.IntegerField(
        label="Pay at least (£ a year)",
        required=False,
        min_value=0,
        max_value=1_000_000,
        widget=number_input(8),
    )

    def __init__(self, *args: Any, councils: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", "Any council"), *councils]  # type: ignore[attr-defined]
        _select(self.fields["role"])
        _select(self.fields["region"])
        _select(self.fields["council"])


class ApplyForm(GovukFormMixin, forms.Form):
    candidate_name = forms.CharField(label="Your full name", max_length=200)
    candidate_email = forms.EmailField(
        label="Your email address",
        help_text="We send a link to this address so you can follow your application.",
    )
    channel = forms.ChoiceField(label="How did you hear about this job?")
    referrer_named = forms.CharField(
        label="If a friend who works for the council referred you, their name",
        required=False,
        max_length=200,
    )
    start_origin = forms.ChoiceField(
        label="What do you do now?", choices=[("", "Choose one"), *codes.START_ORIGIN]
    )
    qualification_level = forms.ChoiceField(
        label="Your social work qualification (if you have one)",
        required=False,
        choices=[("", "None or not yet"), *codes.QUALIFICATION_LEVEL],
    )
    qualification_institution = forms.CharField(
        label="Where you qualified", required=False, max_length=200
    )
    swe_number = forms.CharField(
        label="Social Work England registration number (if registered)",
        required=False,
        max_length=20,
    )
    overseas_check_needed = forms.BooleanField(
        label="I have lived or worked outside the UK for six months or more in the last five years",
        required=False,
    )
    supporting_statement = forms.CharField(
        label="Why you want this job, and how you meet what it asks for",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
    )
    privacy_accepted = forms.BooleanField(
        label="I have read the privacy notice and agree to the council using my application "
        "to recruit to this job",
        error_messages={"required": "Confirm that you have read the privacy notice"},
    )

    def __init__(self, *args: Any, channels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", "Choose one"), *channels]  # type: ignore[attr-defined]
        for name in ("channel", "start_origin", "qualification_level"):
            _select(self.fields[name])


class EqualityForm(GovukFormMixin, forms.Form):
    """Every question optional; answers are stored apart from the application (the fields'
    names differ from the application form's, so the two share one page without a prefix)."""

    ethnicity = forms.ChoiceField(
        label="Your ethnic group", required=False, choices=[("", "Choose one"), *codes.ETHNICITY]
    )
    gender = forms.ChoiceField(
        label="Your gender", required=False, choices=[("", "Choose one"), *codes.GENDER]
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    disability = forms.ChoiceField(
        label="Do you consider yourself disabled?",
        required=False,
        choices=[("", "Prefer not to say"), ("yes", "Yes"), ("no", "No")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("ethnicity", "gender", "disability"):
            _select(self.fields[name])

    def clean_date_of_birth(self) -> Any:
        born = self.cleaned_data.get("date_of_birth")
        if born is not None and not (born.year >= 1920 and (clock.today() - born).days >= 16 * 365):
            raise forms.ValidationError("Enter a date of birth at least 16 years ago")
        return born


class SignInForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(label="The email address you applied with")


class InterestForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Your full name", max_length=200)
    email = forms.EmailField(
        label="Email address",
        help_text="We send a link to confirm it; nothing is kept for recruiters until you do.",
    )
    job_family = forms.ChoiceField(label="The kind of job you are interested in")
    area = forms.CharField(
        label="Where you would like to work (optional)",
        required=False,
        max_length=200,
        help_text="A town, a part of the council's area, or a team.",
    )
    consent = forms.BooleanField(
        label="The council may keep my name and email and email me about jobs like this until I "
        "withdraw",
        error_messages={"required": "Say that the council may keep your details and email you"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from thrive.recruitment.models import JobFamily

        super().__init__(*args, **kwargs)
        field = self.fields["job_family"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a kind of job"), *JobFamily.choices]
        _select(self.fields["job_family"])
