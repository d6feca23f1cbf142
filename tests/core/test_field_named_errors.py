"""Every message on a Thrive form names its field, GOV.UK style, instead of Django's generic words
(issue 13, item 8): "Enter how long it lasted (minutes)", not "This field is required."."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms

from thrive.core.forms import GovukFormMixin

DJANGO_WORDS = (
    "This field is required",
    "Enter a whole number",
    "Enter a number",
    "Enter a valid",
    "Ensure this value",
    "Select a valid choice",
)


class Example(GovukFormMixin, forms.Form):
    minutes = forms.IntegerField(label="How long it lasted (minutes)", min_value=1, max_value=600)
    fte = forms.DecimalField(label="FTE", min_value=Decimal("0.1"), max_value=Decimal(1))
    where = forms.CharField(label="Where (optional)", max_length=5)
    email = forms.EmailField(label="Their email address")
    start = forms.TimeField(label="Start time")
    kind = forms.ChoiceField(label="Type", choices=[("a", "A"), ("b", "B")])
    own = forms.CharField(label="Notes", error_messages={"required": "Say what was agreed"})


def errors(data: dict[str, str]) -> dict[str, str]:
    form = Example(data)
    assert not form.is_valid()
    return {name: " ".join(str(m) for m in messages) for name, messages in form.errors.items()}


def test_empty_fields_are_named() -> None:
    found = errors({})
    assert found == {
        "minutes": "Enter how long it lasted (minutes)",
        "fte": "Enter FTE",
        "where": "Enter where",
        "email": "Enter their email address",
        "start": "Enter start time",
        "kind": "Choose type",
        "own": "Say what was agreed",  # a form's own message is kept
    }


@pytest.mark.parametrize(
    "data,expected",
    [
        ({"minutes": "601"}, "How long it lasted (minutes) must be 600 or less"),
        ({"minutes": "0"}, "How long it lasted (minutes) must be 1 or more"),
        ({"minutes": "1.5"}, "How long it lasted (minutes) must be a whole number"),
        ({"fte": "2"}, "FTE must be 1 or less"),
        ({"fte": "abc"}, "FTE must be a number"),
        ({"where": "Room 101"}, "Where must be 5 characters or fewer"),
        ({"email": "not an address"}, "Enter their email address in the correct format"),
        ({"start": "25:00"}, "Enter start time as a time, like 14:30"),
        ({"kind": "z"}, "Choose type from the list"),
    ],
)
def test_out_of_range_values_are_named(data: dict[str, str], expected: str) -> None:
    [name] = data
    message = errors(data)[name]
    assert message.startswith(expected)
    assert not any(words in message for words in DJANGO_WORDS)


def test_the_class_fields_keep_djangos_defaults_for_forms_outside_thrive() -> None:
    """The messages are set on each form's own copy of its fields, never on the class's."""
    Example({})
    assert Example.base_fields["minutes"].error_messages["required"] == "This field is required."
    plain = forms.IntegerField(max_value=3)
    with pytest.raises(forms.ValidationError, match="Ensure this value"):
        plain.clean("4")


def test_a_percent_sign_in_a_label_is_written_out() -> None:
    """Django fills %(…)s parameters into a message: a label's own % must not break it."""

    class Percent(GovukFormMixin, forms.Form):
        share = forms.IntegerField(label="Development time (%)", max_value=100)

    form = Percent({"share": "101"})
    assert not form.is_valid()
    assert form.errors["share"] == ["Development time (per cent) must be 100 or less"]
