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


def _recruitment_values(route: Route, council: Any) -> dict[str, int]:
    if "<int:" not in route.route:
        return {}
    made = council.recruitment()
    if "applications/<int:pk>" in route.route:
        return {"pk": made.application.pk}
    if "panels/<int:pk>" in route.route:
        return {"pk": made.panel.pk, "application_pk": made.application.pk}
    if "channels/<int:pk>" in route.route:
        return {"pk": made.channel.pk}
    return {"pk": made.vacancy.pk}  # the vacancy's pages and the public job pages


def _academy_values(route: Route, council: Any) -> dict[str, int]:
    if "<int:" not in route.route:
        return {}
    made = council.academy()
    for part, record in (
        ("cohorts/", made.cohort),
        ("enrolments/", made.enrolment),
        ("academy/evidence/", made.evidence),
        ("reviews/", made.review),
        ("plans/", made.plan),
        ("progression/evidence/", made.plan_evidence),
        ("talent/pool/", made.pool_member),
        ("mentoring/pairs/", made.pair),
        ("mentoring/requests/", made.request),
        ("talent/programmes/", made.leadership),
    ):
        if f"{part}<int:pk>" in route.route:
            return {"pk": record.pk}
    return {}


def _agency_values(route: Route, council: Any) -> dict[str, int]:
    if "<int:" not in route.route:
        return {}
    made = council.agency()
    if "placements/<int:pk>" in route.route:
        return {"pk": made.placement.pk}
    return {"home_pk": made.home.pk}  # a home's pages (its rota to publish: none made)


AREAS = ("recruitment", "academy", "agency")


def area_values(route: Route, council: Any) -> dict[str, int]:
    """The IDs in a recruitment, academy or agency URL: the council's records (built on first
    use), or nothing for another area's URL."""
    if route.name.startswith(("recruitment:", "api:recruitment")):
        return _recruitment_values(route, council)
    if route.name.startswith(("academy:", "api:academy")):
        return _academy_values(route, council)
    if route.name.startswith(("agency:", "api:agency")):
        return _agency_values(route, council)
    return {}


def url_for(route: Route, council: Any, instead: dict[str, int] | None = None) -> str | None:
    """*route* for the council's records (the IDs in *instead* in place of theirs)."""
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
    elif "engagement/drop-ins/<int:pk>" in route.route:
        values["pk"] = council.dropin.pk
    else:
        values.update(area_values(route, council))
    values.update(instead or {})

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
