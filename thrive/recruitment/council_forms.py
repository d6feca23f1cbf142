"""Forms for what a council keeps for itself in recruitment: its portal page, its channels, its
referral reward and the emails candidates get as their application moves."""

from __future__ import annotations

from typing import Any

from django import forms

from thrive.core.forms import GovukDateField, GovukFormMixin, number_input
from thrive.recruitment.models import ChannelKind, EmailedStage, PostKind, RewardDue


def _text(label: str, help_text: str = "", required: bool = True, rows: int = 4) -> Any:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class CouncilPageForm(GovukFormMixin, forms.Form):
    effective_from = GovukDateField(
        label="Shown from", help_text="Today or later: the page as candidates saw it is kept."
    )
    practice_model = _text(
        "Practice model", "How social work is done here, e.g. Family Safeguarding, restorative."
    )
    teams = _text("Teams", "The teams candidates could join and what each does.")
    pay = _text("Pay and benefits", "Grades, pay points, market supplements, leave, pension.")
    development = _text("Development offer", "The ASYE, the academy, career progression, CPD.")
    flexible_working = _text("Flexible working", "Hybrid working, part-time, compressed hours.")
    caseload_promise = _text(
        "Caseload promise", "The caseload a worker can expect, e.g. at most 18 children."
    )
    support = _text("Support for staff (optional)", required=False)


class ChannelForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=100, help_text="As candidates will read it.")
    kind = forms.ChoiceField(label="Kind of channel", choices=ChannelKind.choices)
    platform = forms.CharField(
        label="Platform (social media only)",
        max_length=60,
        required=False,
        help_text="For example LinkedIn, Instagram, TikTok.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "govuk-select"


class ChannelChangeForm(ChannelForm):
    active = forms.BooleanField(
        label="Offer this channel to candidates", required=False, initial=True
    )


class ReferralRewardForm(GovukFormMixin, forms.Form):
    effective_from = GovukDateField(label="For referrals made from")
    amount = forms.DecimalField(
        label="Amount (£)", min_value=0, max_digits=8, decimal_places=2, widget=number_input(6)
    )
    due = forms.ChoiceField(
        label="Due",
        choices=RewardDue.choices,
        widget=forms.RadioSelect,
        initial=RewardDue.PROBATION,
    )
    probation_months = forms.IntegerField(
        label="Probation (months)",
        min_value=0,
        max_value=24,
        initial=6,
        required=False,
        help_text="Only when the reward is due on passing probation.",
        widget=number_input(2),
    )
    conditions = _text(
        "Conditions (optional)",
        "For example: not paid to the recruiting manager; paid in the next month's salary.",
        required=False,
        rows=3,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("due") == RewardDue.PROBATION and data.get("probation_months") in (None, 0):
            self.add_error("probation_months", "Enter how many months probation lasts")
        if data.get("probation_months") is None:
            data["probation_months"] = 0
        return data


class StageEmailForm(GovukFormMixin, forms.Form):
    stage = forms.ChoiceField(
        label="The email sent when an application is", choices=EmailedStage.choices
    )
    effective_from = GovukDateField(label="Used from", help_text="Today or later.")
    subject = forms.CharField(label="Subject", max_length=200)
    body = _text(
        "Message",
        "{name}, {job}, {council} and {link} (the candidate's link to their applications) are "
        "filled in.",
        rows=8,
    )
    sent = forms.BooleanField(
        label="Send this email",
        help_text="Untick to stop sending it from that day (the wording is kept for later).",
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].widget.attrs["class"] = "govuk-select"


class SelectionTemplateForm(GovukFormMixin, forms.Form):
    post_kind = forms.ChoiceField(label="Kind of post", choices=PostKind.choices)
    effective_from = GovukDateField(
        label="Used from",
        help_text="Today or later: vacancies already raised keep the steps they were given.",
    )
    steps = _text("Steps, in order", "One step a line, e.g. Sift of applications.", rows=6)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post_kind"].widget.attrs["class"] = "govuk-select"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["steps"] = (data.get("steps") or "").splitlines()
        return data
