"""Forms for the learning offer, places, feedback, needs, the exchange and CPD."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from thrive.core import clock
from thrive.core.forms import GovukDateField, GovukFormMixin, PickerCheckboxes, number_input
from thrive.learning.models import (
    CareerStage,
    CpdType,
    ItemType,
    LearningSession,
    ProgrammeKind,
    ProviderKind,
    RegistrationRule,
    Sector,
    Voice,
)
from thrive.people.models import Profession


def _select(field: forms.Field) -> None:
    field.widget.attrs["class"] = "govuk-select"


def _prefixed_ids(form: forms.Form) -> None:
    """Ids that carry the form's prefix, so two forms with the same fields can share a page."""
    if form.prefix:
        for name, field in form.fields.items():
            field.widget.attrs["id"] = f"id_{form.prefix}-{name}"


def _topics(value: str) -> list[str]:
    return [t.strip() for t in value.split(",") if t.strip()]


class ItemForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=160)
    item_type = forms.ChoiceField(label="Type", choices=ItemType.choices)
    provider_kind = forms.ChoiceField(
        label="Provider", choices=ProviderKind.choices, widget=forms.RadioSelect
    )
    provider_name = forms.CharField(
        label="Provider's name (optional)", required=False, max_length=160
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    topics = forms.CharField(
        label="Topics",
        required=False,
        help_text="Separate topics with commas, for example: domestic abuse, neglect.",
    )
    career_stages = forms.MultipleChoiceField(
        label="For which career stages",
        choices=CareerStage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked if it is for everyone.",
    )
    professions = forms.MultipleChoiceField(
        label="For which professions",
        choices=Profession.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked if it is for everyone.",
    )
    mandatory = forms.BooleanField(label="Mandatory for the people it is for", required=False)
    renewal_months = forms.IntegerField(
        label="Renew every (months, for mandatory items)",
        required=False,
        min_value=1,
        max_value=120,
        widget=number_input(4),
    )
    cpd_hours = forms.DecimalField(
        label="CPD hours (optional)",
        required=False,
        min_value=0,
        max_value=500,
        decimal_places=1,
        widget=number_input(4),
    )
    service = forms.ChoiceField(
        label="Mainly for the service (its champions are told)", required=False
    )

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _select(self.fields["item_type"])
        self.fields["service"].choices = [("", "No one service"), *services]  # type: ignore[attr-defined]
        _select(self.fields["service"])

    def values(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["topics"] = _topics(d["topics"])
        d["cpd_hours"] = d["cpd_hours"] or 0
        # "No one service" posts an empty choice: the item then has no service (never "").
        service = d.pop("service", "")
        d["service_id"] = int(service) if service else None
        return d


class SessionForm(GovukFormMixin, forms.Form):
    day = GovukDateField(label="Date")
    start_time = forms.TimeField(
        label="Starts",
        widget=forms.TimeInput(attrs={"class": "govuk-input govuk-input--width-5"}),
        help_text="For example, 09:30",
    )
    end_time = forms.TimeField(
        label="Ends",
        widget=forms.TimeInput(attrs={"class": "govuk-input govuk-input--width-5"}),
        help_text="For example, 16:00",
    )
    venue = forms.CharField(label="Venue (or online link)", required=False, max_length=160)
    online = forms.BooleanField(label="Online", required=False)
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=2000,
        widget=number_input(4),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", "The end must be after the start")
        return data

    def times(self) -> tuple[datetime, datetime]:
        d = self.cleaned_data
        return (
            timezone.make_aware(datetime.combine(d["day"], d["start_time"])),
            timezone.make_aware(datetime.combine(d["day"], d["end_time"])),
        )


class NominateForm(GovukFormMixin, forms.Form):
    person = forms.ChoiceField(label="Person")
    session = forms.ChoiceField(label="Session")

    def __init__(
        self,
        *args: Any,
        people: list[tuple[str, str]],
        sessions: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Choose a person"), *people]  # type: ignore[attr-defined]
        self.fields["session"].choices = sessions  # type: ignore[attr-defined]
        _select(self.fields["person"])
        _select(self.fields["session"])


SCALE = [(str(n), str(n)) for n in range(1, 6)]


class FeedbackForm(GovukFormMixin, forms.Form):
    useful = forms.TypedChoiceField(
        label="How useful was it? (1 not at all, 5 very)",
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    practice = forms.TypedChoiceField(
        label="Will it change your practice? (1 not at all, 5 a lot)",
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Anything else (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NeedForm(GovukFormMixin, forms.Form):
    voice = forms.ChoiceField(
        label="Where the need comes from", choices=Voice.choices, widget=forms.RadioSelect
    )
    source = forms.CharField(
        label="Source",
        max_length=200,
        help_text="For example: staff survey 2026, practice forum, ILACS inspection, "
        "a serious case review, new law.",
    )
    topic = forms.CharField(label="Topic", max_length=120)
    description = forms.CharField(
        label="What the need is (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    weight = forms.TypedChoiceField(
        label="How strong (1 to 5)",
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        initial="3",
    )
    teams = forms.MultipleChoiceField(
        label="Teams it applies to (optional)", required=False, widget=forms.CheckboxSelectMultiple
    )
    items = forms.MultipleChoiceField(
        label="Catalogue items that meet it (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recorded_on = GovukDateField(label="Recorded on")

    def __init__(
        self, *args: Any, teams: list[tuple[str, str]], items: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].choices = teams  # type: ignore[attr-defined]
        self.fields["items"].choices = items  # type: ignore[attr-defined]


class PartnerForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Partner organisation", max_length=160)
    sector = forms.ChoiceField(label="Sector", choices=Sector.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _select(self.fields["sector"])


class PartnerPlaceForm(GovukFormMixin, forms.Form):
    partner = forms.ChoiceField(label="Partner")
    title = forms.CharField(label="Their training", max_length=160)
    on = GovukDateField(label="Date")
    places = forms.IntegerField(
        label="Places our people took",
        min_value=1,
        max_value=500,
        widget=number_input(4),
    )

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = partners  # type: ignore[attr-defined]
        _select(self.fields["partner"])


class PartnerOfferForm(PartnerPlaceForm):
    """A partner's offer of places on their own training to our people: the place form's fields,
    with their own labels and ids (both forms are on the exchange page)."""

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, partners=partners, **kwargs)
        self.fields["partner"].label = "Partner offering"
        self.fields["places"].label = "Places they offer our people"
        _prefixed_ids(self)


class PartnerOfferTakenForm(GovukFormMixin, forms.Form):
    offer = forms.ChoiceField(label="Their offer")
    places = forms.IntegerField(
        label="Places our people took",
        min_value=1,
        max_value=500,
        widget=number_input(4),
    )

    def __init__(self, *args: Any, offers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = [("", "Choose an offer"), *offers]  # type: ignore[attr-defined]
        _select(self.fields["offer"])
        _prefixed_ids(self)


class SeenVersionForm(GovukFormMixin, forms.Form):
    """Carries the record's version as the user first saw it through a check-your-answers flow,
    so a change someone made meanwhile is refused rather than acted on unseen."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WithdrawForm(SeenVersionForm):
    on = GovukDateField(
        label="Withdraw it from",
        help_text="From this day nobody can book it; its sessions from this day are cancelled "
        "and the people booked are told.",
    )
    reason = forms.CharField(
        label="Why it is withdrawn", max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_on(self) -> Any:
        on = self.cleaned_data["on"]
        if on < clock.today():
            raise forms.ValidationError("The date to withdraw it from must be today or later")
        return on


class CancelSessionForm(SeenVersionForm):
    reason = forms.CharField(
        label="Why it is cancelled",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Everyone booked or on the waiting list is emailed this.",
    )


class MoveSessionForm(SessionForm):
    """A session's new date, time and place; everyone booked gets the updated invitation."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["capacity"]

    @staticmethod
    def initial_for(session: LearningSession) -> dict[str, Any]:
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {
            "day": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0),
            "venue": session.venue,
            "online": session.online,
            "version": session.version,
        }


class OfferForm(GovukFormMixin, forms.Form):
    partner = forms.ChoiceField(label="Offer places to")
    places = forms.IntegerField(
        label="Places",
        min_value=0,
        max_value=2000,
        widget=number_input(4),
    )

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = partners  # type: ignore[attr-defined]
        _select(self.fields["partner"])


class ColleagueForm(GovukFormMixin, forms.Form):
    """A partner's user books a place offered to their organisation for a named colleague (one
    form per offer on the page, told apart by the form's prefix)."""

    guest_name = forms.CharField(label="Your colleague's full name", max_length=150)
    guest_email = forms.EmailField(
        label="Their email address",
        help_text="We send them the session's details.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


# What the hint promises: each kind of file, with how such a file starts. The name and the
# contents must agree, so a text file renamed .pdf is refused too.
EVIDENCE_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".docx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def _is_evidence(upload: Any) -> bool:
    name = upload.name.lower()
    kind = next((ext for ext in EVIDENCE_TYPES if name.endswith(ext)), None)
    if kind is None:
        return False
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return head.startswith(EVIDENCE_TYPES[kind])


class CpdForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="What it was", max_length=160)
    cpd_type = forms.ChoiceField(label="Type", choices=CpdType.choices)
    on = GovukDateField(label="Date")
    hours = forms.DecimalField(
        label="Hours",
        min_value=0,
        max_value=500,
        decimal_places=1,
        widget=number_input(4),
    )
    learned = forms.CharField(label="What I learned", widget=forms.Textarea(attrs={"rows": 4}))
    difference = forms.CharField(
        label="The difference it makes to my practice", widget=forms.Textarea(attrs={"rows": 4})
    )
    peer_reflected = forms.BooleanField(label="I reflected on this with a peer", required=False)
    peer_name = forms.CharField(
        label="Who with (if reflected with a peer)", required=False, max_length=120
    )
    evidence = forms.FileField(
        label="Evidence (optional)",
        required=False,
        help_text="A certificate, notes or a reflective log, as a PDF, a Word document or a JPG "
        "or PNG image, up to 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EVIDENCE_TYPES)}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _select(self.fields["cpd_type"])

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data.get("evidence")
        if upload and upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError("The evidence file must be 10 MB or smaller")
        if upload and not _is_evidence(upload):
            raise forms.ValidationError(
                "The selected file must be a PDF, a Word document, or a JPG or PNG image"
            )
        return upload


def _whole_number(label: str, low: int, high: int, initial: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=low, max_value=high, initial=initial, widget=number_input(2)
    )


class RuleForm(GovukFormMixin, forms.Form):
    effective_from = GovukDateField(label="In force from")
    year_start_day = _whole_number("Registration year starts: day", 1, 31, 1)
    year_start_month = _whole_number("Registration year starts: month", 1, 12, 12)
    renewal_window_start_day = _whole_number("Renewal window opens: day", 1, 31, 1)
    renewal_window_start_month = _whole_number("Renewal window opens: month", 1, 12, 9)
    minimum_records = _whole_number("CPD records needed each year", 0, 50, 2)
    minimum_peer_reflected = _whole_number("Of which reflected on with a peer", 0, 50, 1)
    at_risk_days = forms.IntegerField(
        label="At risk when fewer than this many days of the year are left (optional)",
        help_text="Someone short of the rule is also at risk inside the renewal window. "
        "Leave blank for 120 days.",
        min_value=0,
        max_value=366,
        required=False,
        widget=number_input(3),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("minimum_peer_reflected") or 0) > (data.get("minimum_records") or 0):
            self.add_error("minimum_peer_reflected", "This cannot be more than the records needed")
        if data.get("at_risk_days") is None:
            data["at_risk_days"] = RegistrationRule._meta.get_field("at_risk_days").default
        return data


class ProgrammeForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=160)
    kind = forms.ChoiceField(label="Kind", choices=ProgrammeKind.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = GovukDateField(label="Starts")
    ends_on = GovukDateField(label="Ends")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end must be on or after the start")
        return data


class ParticipantsForm(GovukFormMixin, forms.Form):
    people = forms.MultipleChoiceField(
        label="Who joins",
        required=False,
        widget=PickerCheckboxes,
        help_text="People in post who are not in the programme yet; each staff ID is beside the "
        "name.",
    )
    staff_ids = forms.CharField(
        label="Or staff IDs, one per line (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a long list copied from a spreadsheet.",
    )
    joined_on = GovukDateField(label="Joined on")

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("people") and not (data.get("staff_ids") or "").strip():
            self.add_error("people", "Choose who joins the programme, or enter their staff IDs")
        return data

    def chosen_staff_ids(self) -> list[str]:
        """The people ticked and the staff IDs typed, each once, in that order."""
        typed = [line.strip() for line in self.cleaned_data["staff_ids"].splitlines()]
        return list(dict.fromkeys([*self.cleaned_data["people"], *filter(None, typed)]))


class QuestionForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Your own question (answered from 1, disagree, to 5, agree)", max_length=200
    )
