"""Template filters for statistics: p-values written as statisticians write them."""

from __future__ import annotations

from django import template

from analytics.programmes import format_p_value

register = template.Library()


@register.filter
def p_value(p: float | None, style: str = "") -> str:
    """``{{ p|p_value }}`` gives "< 0.001" or "0.0123"; ``{{ p|p_value:"p" }}`` gives the
    statement for a sentence, "p < 0.001" or "p = 0.0123" (:func:`format_p_value`)."""
    return format_p_value(p, with_p=style == "p")
