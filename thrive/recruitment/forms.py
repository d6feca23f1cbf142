"""GOV.UK forms for recruitment; each error names its field."""

from __future__ import annotations

from typing import Any

from django import forms

from analytics.codes import ORG_ROLE
from thrive.core.forms import GovukDateField, GovukFormMixin, number_input
from thrive.recruitment.models import DeclineReason, Stage, VacancyRole, VacancyStatus
from thrive.recruitment.safer_forms import CheckStandardForm

NEW_POST = "new"


def _select(field: forms.Field) -> None:
    field.widget.attrs["class"] = "govuk-select"


class VacancyFilterForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *VacancyStatus.choices]
    )
    team = forms.ChoiceField(label="Team", required=False)

    def __init__(self, *args: Any, teams: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "Any team"), *teams]  # type: ignore[attr-defined]
        _select(self.fields["status"])
        _select(self.fields["team"])


class VacancyKindForm(GovukFormMixin, forms.Form):
    """Change the kind of post of a vacancy not yet filled or closed."""

    role = forms.ChoiceField(
        label="Kind of post",
        choices=VacancyRole.choices,
        help_text=(
            "Between a manager post and another kind, its selection steps follow the council's "
            "template for the new kind; a manager post is offered the academy's talent pool."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _select(self.fields["role"])


class VacancyForm(GovukFormMixin, forms.Form):
    post = forms.ChoiceField(
        label="Post",
        help_text="A vacant funded post of the establishment, or a new post.",
    )
    team = forms.ChoiceField(label="Team (for a new post)", required=False)
    title = forms.CharField(
        label="Job title", required=False, max_length=200, help_text="The post's title if blank."
    )
    role = forms.ChoiceField(
        label="Kind of post",
        required=False,
        choices=[("", "Worked out from the job title")] + VacancyRole.choices,
        help_text="A manager post is offered the academy's talent pool before it is advertised.",
    )
    grade = forms.CharField(label="Grade", max_length=40)
    salary_min = forms.IntegerField(
        label="Lowest salary (£ a year)", min_value=0, widget=number_input(8)
    )
    salary_max = forms.IntegerField(
        label="Highest salary (£ a year)", min_value=0, widget=number_input(8)
    )
    closing_date = GovukDateField(label="Closing date")
    probation_months = forms.IntegerField(
        label="Probation (months)",
        required=False,
        min_value=0,
        max_value=24,
        initial=6,
        widget=number_input(2),
        help_text="A starter who leaves within it counts against the channel that brought them.",
    )
    manager_post = forms.BooleanField(
        label="A manager post (its selection adds an assessment centre)", required=False
    )
    selection_steps = forms.CharField(
        label="Selection steps (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One on each line, in order. Leave blank for the usual: a sift, then a "
        "values-based panel interview (with an assessment centre between for a manager post).",
    )
    tests = forms.CharField(
        label="Values and skills the selection tests",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One on each line, for example: relationship-based practice.",
    )

    def __init__(
        self,
        *args: Any,
        posts: list[tuple[str, str]],
        teams: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].choices = [*posts, (NEW_POST, "A new post")]  # type: ignore[attr-defined]
        self.fields["team"].choices = [("", "Choose a team"), *teams]  # type: ignore[attr-defined]
        _select(self.fields["post"])
        _select(self.fields["team"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and high < low:
            self.add_error("salary_max", "The highest salary must be at least the lowest")
        if data.get("post") == NEW_POST:
            if not data.get("team"):
                self.add_error("team", "Choose the team of the new post")
            if not (data.get("title") or "").strip():
                self.add_error("title", "Enter the job title of the new post")
        data["tests"] = [t.strip() for t in (data.get("tests") or "").splitlines() if t.strip()]
        if data.get("probation_months") is None:
            data["probation_months"] = 6
        data["selection_steps"] = [
            t.strip() for t in (data.get("selection_steps") or "").splitlines() if t.strip()
        ]
        return data


class ApplicationForm(GovukFormMixin, forms.Form):
    candidate_name = forms.CharField(label="Candidate's name", max_length=200)
    candidate_email = forms.EmailField(label="Candidate's email address")
    channel = forms.ChoiceField(label="How they heard of the vacancy")
    referred_by = forms.ChoiceField(
        label="Employee who referred them (refer a friend)", required=False
    )
    overseas_check_needed = forms.BooleanField(
        label="They have lived or worked abroad (an overseas check is needed)", required=False
    )

    def __init__(
        self,
        *args: Any,
        channels: list[tuple[str, str]],
        referrers: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", "Choose a channel"), *channels]  # type: ignore[attr-defined]
        self.fields["referred_by"].choices = [("", "Nobody"), *referrers]  # type: ignore[attr-defined]
        _select(self.fields["channel"])
        _select(self.fields["referred_by"])


class StageForm(GovukFormMixin, forms.Form):
    stage = forms.ChoiceField(label="Move to", widget=forms.RadioSelect)
    declined_reason = forms.ChoiceField(
        label="If they declined the offer: why",
        required=False,
        choices=[("", "Choose a reason"), *DeclineReason.choices],
    )
    declined_note = forms.CharField(
        label="In their words (optional)", required=False, max_length=500
    )

    def __init__(self, *args: Any, stages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = stages  # type: ignore[attr-defined]
        if Stage.DECLINED not in {s for s, _ in stages}:
            del self.fields["declined_reason"], self.fields["declined_note"]
        else:
            _select(self.fields["declined_reason"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("stage") == Stage.DECLINED and not data.get("declined_reason"):
            self.add_error("declined_reason", "Say why they declined the offer")
        return data


class PeriodForm(GovukFormMixin, forms.Form):
    start = forms.DateField(label="Applied from (YYYY-MM-DD)", required=False)
    end = forms.DateField(label="Applied to (YYYY-MM-DD)", required=False)


class CheckForm(CheckStandardForm):
    """A check and its evidence, with what a DBS check or a registration shows."""

    field_order = ["kind", "evidence", "checked_on", "expires_on"]
    kind = forms.ChoiceField(label="Check")
    evidence = forms.CharField(
        label="Evidence seen", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    checked_on = GovukDateField(label="Checked on")
    expires_on = GovukDateField(
        label="Expires on (optional)",
        required=False,
        help_text="If it runs out: a time-limited right to work, a registration to renew.",
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        _select(self.fields["kind"])


class StartForm(GovukFormMixin, forms.Form):
    start_date = GovukDateField(label="Start date")


class HireForm(GovukFormMixin, forms.Form):
    """Used with the prefix "hire" on the application's page (its widgets' ids carry it)."""

    staff_id = forms.CharField(
        label="Staff ID",
        max_length=64,
        help_text="The new starter's ID in the council's HR system.",
        error_messages={"required": "Enter the staff ID"},
    )
    org_role = forms.TypedChoiceField(
        label="Role (census OrgRole)",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "Not a social worker"), *[(str(k), v) for k, v in ORG_ROLE.items()]],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _select(self.fields["org_role"])
