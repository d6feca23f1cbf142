"""The URL conf walked, and a URL filled in from the seeded council (tests/security/conftest.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

FAMILY_RECORD = re.compile(r"families/<int:pk>/")
SUPERVISION_RECORD = re.compile(r"supervision/sessions/<int:pk>/")


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    route: str  # the pattern, e.g. o/<str:org_code>/families/<int:pk>/
    view: Any = field(compare=False, repr=False, default=None)


def routes() -> list[Route]:
    """Every URL pattern of the URL conf, with its namespaced name and its view."""
    found: list[Route] = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern):
                found.append(Route(f"{namespace}:{p.name}", prefix + str(p.pattern), p.callback))

    walk(get_resolver().url_patterns, "", "")
    return found


def url_for(route: Route, council: Any) -> str | None:
    values = {
        "org_code": council.crew.org.code,
        "member_pk": council.child.pk,
        "assignment_pk": council.assignment.pk,
        "entry_pk": council.entry.pk,
        "summary_pk": council.summary.pk,
        "spell_pk": council.crew.senior.spells.order_by("pk")[0].pk,
        "person_pk": council.crew.senior.pk,
    }
    if FAMILY_RECORD.search(route.route):
        values["pk"] = council.family.pk
    elif SUPERVISION_RECORD.search(route.route):
        values["pk"] = (
            council.group.pk if route.name.endswith("group_record") else (council.session.pk)
        )
    elif "teams/<int:pk>" in route.route:
        values["pk"] = council.crew.team.pk
    elif "people/<int:pk>" in route.route:
        values["pk"] = council.crew.senior.pk
    elif "learning/items/<int:pk>" in route.route:
        values["pk"] = council.learning_item.pk
    elif "learning/sessions/<int:pk>" in route.route:
        values["pk"] = council.learning_session.pk
    elif "learning/bookings/<int:pk>" in route.route:
        values["pk"] = council.booking.pk
    elif "learning/programmes/<int:pk>" in route.route:
        values["pk"] = council.programme.pk
    elif "learning/questionnaires/<int:pk>" in route.route:
        values["pk"] = council.invitation.pk
    elif "cpd/<int:pk>" in route.route:
        values["pk"] = council.cpd.pk
    elif "engagement/surveys/<int:pk>" in route.route:
        values["pk"] = council.survey.pk
    elif "engagement/themes/<int:pk>" in route.route:
        values["pk"] = council.theme.pk
    elif "engagement/actions/<int:pk>" in route.route:
        values["pk"] = council.action.pk
    elif "engagement/flexible/<int:pk>" in route.route:
        values["pk"] = council.flexible_request.pk
    elif "engagement/newsletters/<int:pk>" in route.route:
        values["pk"] = council.newsletter.pk

    def fill(m: re.Match[str]) -> str:
        kind, name = m.group(1), m.group(2)
        if name in values:
            return str(values[name])
        if kind == "int":
            return "999999"  # a record that does not exist: the answer is "not found"
        raise LookupError(name)

    try:
        return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route.route)
    except LookupError:
        return None
