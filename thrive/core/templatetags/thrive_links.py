"""``{% may_open "learning:cpd" as can_cpd %}``: ask before linking to a council page."""

from __future__ import annotations

from typing import Any

from django import template

from thrive.core.links import may_open as _may_open

register = template.Library()


@register.simple_tag(takes_context=True)
def may_open(context: Any, url_name: str, *args: object) -> bool:
    organisation = context.get("organisation")
    if organisation is None:
        return False
    return _may_open(context.get("access"), url_name, organisation.code, *args)
