"""Template helpers for GOV.UK components."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField, MultiWidget
from django.utils.safestring import SafeString

from thrive.core.forms import widget_class

register = template.Library()


@register.simple_tag
def govuk_widget(field: BoundField) -> SafeString:
    """Render a field's widget with the error modifier and ``aria-describedby`` set."""
    attrs: dict[str, Any] = {}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        if isinstance(field.field.widget, MultiWidget):
            return field.as_widget(attrs={"error": "1"})
        css = widget_class(field.field.widget)
        if css:
            attrs["class"] = f"{field.field.widget.attrs.get('class', css)} {css}--error"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def field_type(field: BoundField) -> str:
    return type(field.field.widget).__name__


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def event_words(code: str) -> str:
    """An audit event code in words: ``{{ event.action|event_words }}``."""
    from thrive.core.events import describe_event

    return describe_event(code)


@register.simple_tag
def event_kind_options(selected: str) -> list[tuple[str, str, bool]]:
    """Options for filtering events by kind: (code prefix, words, selected). A prefix typed into
    the address that is not a kind is kept as an option of its own, so the filter shows it."""
    from thrive.core.events import EVENT_KINDS, describe_event

    options = [(code, words, code == selected) for code, words in EVENT_KINDS]
    if selected and selected not in dict(EVENT_KINDS):
        options.append((selected, describe_event(selected), True))
    return options
