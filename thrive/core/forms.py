"""GOV.UK Design System form rendering for Django forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from thrive.core.errors import ThriveError


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
    the ID beside it; with JavaScript a search box above them filters the list (``init.js``)."""

    picker = True


def number_input(width: int = 4) -> forms.NumberInput:
    """A GOV.UK number input as wide as the figures it takes (2, 3, 4, 5, 10 or 20 characters)."""
    return forms.NumberInput(attrs={"class": f"govuk-input--width-{width}"})


class GovukFormMixin:
    """Give widgets GOV.UK classes and accessible attributes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            css = widget_class(field.widget)
            if css:
                existing = field.widget.attrs.get("class", "")
                field.widget.attrs["class"] = f"{css} {existing}".strip()
            # The id its label's ``for`` names: with the form's prefix, if it has one.
            field.widget.attrs.setdefault("id", f"id_{self.add_prefix(name)}")  # type: ignore[attr-defined]


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
        except ValueError:
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
