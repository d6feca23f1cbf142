"""GOV.UK Design System form rendering for Django forms."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core import validators
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest


class GovukFormRenderer(TemplatesSetting):
    """Render every form field as a GOV.UK form group (label, hint, error message, input)."""

    field_template_name = "govuk/field.html"
    form_template_name = "govuk/form.html"


def widget_class(widget: forms.Widget) -> str:
    """The GOV.UK class for a widget."""
    if isinstance(widget, forms.Textarea):
        return "govuk-textarea"
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):
        return "govuk-select"
    if isinstance(widget, forms.FileInput):
        return "govuk-file-upload"
    if isinstance(widget, forms.CheckboxInput):
        return "govuk-checkboxes__input"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.MultiWidget):
        return ""
    return "govuk-input"


class PickerSelect(forms.Select):
    """One choice from a long list of named things (a family, a person): a GOV.UK select whose
    labels give the name with the ID beside it, so the browser's own type-to-find works by name.
    With JavaScript a search box above it filters the list by any part of the name or ID
    (``init.js``). Every form that picks a family or a person uses it."""

    picker = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"data-thrive-picker": "", **(attrs or {})})


class PickerCheckboxes(forms.CheckboxSelectMultiple):
    """Several from a long list of named things: GOV.UK checkboxes labelled with the name and
    the ID beside it; with JavaScript a search box above them filters the list (``init.js``).

    *reveals* maps a choice's value to the names of the form's fields that belong to it: they are
    drawn under that box and shown while it is ticked (a GOV.UK conditional reveal; without
    JavaScript they are always shown), not in the form's own order."""

    picker = True

    def __init__(
        self, attrs: dict[str, Any] | None = None, reveals: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(attrs)
        self.reveals = reveals or {}


def number_input(width: int = 4) -> forms.NumberInput:
    """A GOV.UK number input as wide as the figures it takes (2, 3, 4, 5, 10 or 20 characters)."""
    return forms.NumberInput(attrs={"class": f"govuk-input--width-{width}"})


class GovukFormMixin:
    """Give widgets GOV.UK classes and accessible attributes, and every error message its field's
    name (``name_the_field``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            css = widget_class(field.widget)
            if css:
                existing = field.widget.attrs.get("class", "")
                field.widget.attrs["class"] = f"{css} {existing}".strip()
            # The id its label's ``for`` names: with the form's prefix, if it has one.
            field.widget.attrs.setdefault("id", f"id_{self.add_prefix(name)}")  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        # Here, not in __init__: many forms add fields after it (a row per child, per family).
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            name_the_field(field, name)
        super().full_clean()  # type: ignore[misc]
        # A choice of a record rejects a null character in the database lookup, past the
        # field's own validators: name the field there too.
        for name, errors in (self._errors or {}).items():  # type: ignore[attr-defined]
            if name in self.fields and NULL_CHARACTERS in errors:  # type: ignore[attr-defined]
                what = _words(self.fields[name], name)  # type: ignore[attr-defined]
                errors.data = [
                    f"{what[0].upper()}{what[1:]} must not contain a null character"
                    if str(message) == NULL_CHARACTERS
                    else message
                    for message in errors
                ]


NULL_CHARACTERS = str(validators.ProhibitNullCharactersValidator.message)


def _defaults(field: forms.Field) -> dict[str, Any]:
    """Django's own messages for *field*'s class, as ``Field.__init__`` gathers them."""
    messages: dict[str, Any] = {}
    for cls in reversed(type(field).__mro__):
        messages.update(getattr(cls, "default_error_messages", {}))
    return messages


def _words(field: forms.Field, name: str) -> str:
    """The field's label as words inside a sentence: "(optional)" and a closing colon or question
    mark dropped, the first letter lower-cased unless the word is an abbreviation (FTE, SWE)."""
    label = str(field.label or pretty_name(name))
    label = re.sub(r"\s*\((optional|if any)\)\s*$", "", label).rstrip(":?. ")
    # Django fills a message's %(…)s parameters, so a % of the label's own is written out.
    label = re.sub(r"\s*%", " per cent", label).replace("( per cent", "(per cent")
    if len(label) > 1 and label[1].islower():
        label = label[0].lower() + label[1:]
    return label


def name_the_field(field: forms.Field, name: str) -> None:
    """Replace Django's generic messages ("This field is required.", "Enter a whole number.",
    "Ensure this value is less than or equal to 600.") with GOV.UK-style ones that name the field
    ("Enter how long it lasted (minutes)", "How long it lasted (minutes) must be 600 or less").
    A message a form set itself is kept. Dates (``GovukDateField``) have their own."""
    if isinstance(field, GovukDateField):
        return
    what = _words(field, name)
    what_cap = what[0].upper() + what[1:]
    choose = isinstance(
        field,
        forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField | forms.FileField,
    )
    ours = {
        "required": f"Choose {what}" if choose else f"Enter {what}",
        "invalid_choice": f"Choose {what} from the list",
        "invalid_list": f"Choose {what} from the list",
        "invalid_pk_value": f"Choose {what} from the list",
        "empty": f"The file for {what} is empty",
        "missing": f"Choose a file for {what}",
    }
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        whole = not isinstance(field, forms.DecimalField | forms.FloatField)
        ours["invalid"] = f"{what_cap} must be a {'whole ' if whole else ''}number"
    elif isinstance(field, forms.EmailField):
        ours["invalid"] = f"Enter {what} in the correct format, like name@example.org"
    elif isinstance(field, forms.URLField):
        ours["invalid"] = f"Enter {what} as a full web address, like https://www.example.org"
    elif isinstance(field, forms.TimeField):
        ours["invalid"] = f"Enter {what} as a time, like 14:30"
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        ours["invalid"] = f"Enter {what} as a real date, like 27 3 2026"
    else:
        ours["invalid"] = f"Enter {what} in the correct format"
    defaults = _defaults(field)
    for key, message in ours.items():
        if key in field.error_messages and field.error_messages[key] == defaults.get(key):
            field.error_messages[key] = message
    limits: dict[type[validators.BaseValidator], str] = {
        validators.MinValueValidator: "{what} must be {limit} or more",
        validators.MaxValueValidator: "{what} must be {limit} or less",
        validators.MinLengthValidator: "{what} must be {limit} characters or more",
        validators.MaxLengthValidator: "{what} must be {limit} characters or fewer",
    }
    for i, validator in enumerate(field.validators):
        if isinstance(validator, validators.EmailValidator | validators.URLValidator):
            if validator.message == type(validator).message:
                named = copy.copy(validator)
                named.message = ours["invalid"]
                field.validators[i] = named
        elif isinstance(validator, validators.DecimalValidator):
            decimal = copy.copy(validator)
            decimal.messages = {
                "invalid": f"{what_cap} must be a number",
                "max_digits": f"{what_cap} must have no more than %(max)s digits",
                "max_decimal_places": f"{what_cap} must have no more than %(max)s decimal places",
                "max_whole_digits": f"{what_cap} must have no more than %(max)s digits before "
                "the decimal point",
            }
            field.validators[i] = decimal
        elif isinstance(validator, validators.ProhibitNullCharactersValidator):
            nulls = copy.copy(validator)
            nulls.message = f"{what_cap} must not contain a null character"
            field.validators[i] = nulls
        elif isinstance(validator, validators.BaseValidator) and type(validator) in limits:
            limit = validator.limit_value
            if validator.message == type(validator).message and not callable(limit):
                words = limits[type(validator)].format(what=what_cap, limit=limit)
                field.validators[i] = type(validator)(limit, message=words)


_DATE_PART = "govuk-input govuk-date-input__input govuk-input--width-"


class GovukDateInput(forms.MultiWidget):
    """A GOV.UK date input: day, month and year boxes in a fieldset."""

    template_name = "govuk/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [
            forms.TextInput(attrs={"inputmode": "numeric", "class": _DATE_PART + "2"}),
            forms.TextInput(attrs={"inputmode": "numeric", "class": _DATE_PART + "2"}),
            forms.TextInput(attrs={"inputmode": "numeric", "class": _DATE_PART + "4"}),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if value:
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with GOV.UK's error messages."""

    widget = GovukDateInput

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1900, max_value=2100),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def clean(self, value: Any) -> Any:
        label = (self.label or "The date").lower()
        parts = [str(v).strip() if v is not None else "" for v in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(f"Enter the {label}")
            return None
        names = ["day", "month", "year"]
        missing = [n for n, p in zip(names, parts, strict=True) if not p]
        if missing:
            raise forms.ValidationError(f"The {label} must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1900:
                raise ValueError
            return date(year, month, day)
        except (ValueError, OverflowError):  # not a date; or a number past what a date holds
            raise forms.ValidationError(f"The {label} must be a real date") from None

    def compress(self, data_list: Any) -> Any:
        return data_list


def form_submit(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    done: str | Callable[[Any], str],
    then: str | Callable[[Any], str],
    refused_at: str | None = None,
) -> HttpResponse | None:
    """The one shape of a form page's post. When *form* is posted and valid, *save* its cleaned
    data (a service call). A refusal (:class:`ThriveError`) is shown on the field it names (else
    on *refused_at*, else at the top) with each problem it lists, what was typed kept, and None
    is returned so the page is shown again. Once saved: the message *done* and a redirect to
    *then* (each may be a function of what *save* returned)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except ThriveError as exc:
        field = exc.field if exc.field in form.fields else refused_at
        for message in [exc.message, *exc.problems]:
            form.add_error(field, message)
        return None
    messages.success(request, done(saved) if callable(done) else done)
    return redirect(then(saved) if callable(then) else then)


def settings_submit(
    request: AuthedRequest,
    form_class: Any,
    current: Any,
    configure: Callable[..., Any],
    *,
    done: str,
    page: str,
) -> tuple[Any, HttpResponse | None]:
    """A council's settings page (single sign-on, GOV.UK Notify): the form filled from the
    *current* settings (``form_class.initial_for``) and, posted and valid, its ``settings()``
    saved through *configure* with the version the user saw, then back to the page (URL name
    *page*). Returns the form and, once saved, the redirect (see :func:`form_submit`)."""
    org = request.organisation
    form = form_class(request.POST or None, initial=form_class.initial_for(current))
    saved = form_submit(
        request,
        form,
        lambda data: configure(
            organisation=org,
            settings=form.settings(),
            actor=request.user,
            version=data["version"],
            request=request,
        ),
        done=done,
        then=reverse(page, args=[org.code]),
    )
    return form, saved
