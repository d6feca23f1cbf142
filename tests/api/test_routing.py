"""Each app owns its endpoints (its ``apis.py``); ``thrive/api`` only collects them. The move
into the apps kept every path, name and capability, and every council endpoint asks
``api.use`` and its capability through the same permission class."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse

from thrive.api.endpoints import OrgAPIView
from thrive.api.permissions import HasOrgCapability
from thrive.api.routing import api_modules, collect


def _api_routes() -> dict[str, tuple[str, Any]]:
    """``{url name: (route, view class)}`` for everything under ``/api/``."""
    found: dict[str, tuple[str, Any]] = {}

    def walk(patterns: Any, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and (prefix + str(p.pattern)).startswith("api/"):
                view = getattr(p.callback, "view_class", None)
                found[str(p.name)] = (prefix + str(p.pattern), view)

    walk(get_resolver().url_patterns, "")
    return found


ORG = "api/organisations/<str:org_code>/"

EXPECTED = {
    "schema": ("api/schema/", None),
    "docs": ("api/docs/", None),
    "me": ("api/me/", "thrive.accounts.apis"),
    "notifications": ("api/notifications/", "thrive.notifications.apis"),
    "notifications_read": ("api/notifications/read/", "thrive.notifications.apis"),
    "organisations": ("api/organisations/", "thrive.people.apis"),
    "organisation": (ORG, "thrive.people.apis"),
    "staff": (ORG + "staff/", "thrive.people.apis"),
    "measures": (ORG + "measures/", "thrive.intelligence.apis"),
    "retention": (ORG + "retention/", "thrive.intelligence.apis"),
    "projection": (ORG + "projection/", "thrive.intelligence.apis"),
    "drivers": (ORG + "drivers/", "thrive.intelligence.apis"),
    "ofsted_packs": (ORG + "ofsted-pack/", "thrive.intelligence.apis"),
    "ofsted_pack": (ORG + "ofsted-pack/<int:pk>/", "thrive.intelligence.apis"),
    "ofsted_pack_file": (ORG + "ofsted-pack/<int:pk>/file/", "thrive.intelligence.apis"),
    "caseloads": (ORG + "caseloads/", "thrive.caseloads.apis"),
    "my_caseload": (ORG + "caseloads/mine/", "thrive.caseloads.apis"),
    "team_caseloads": (ORG + "caseloads/teams/<int:pk>/", "thrive.caseloads.apis"),
    "families": (ORG + "families/", "thrive.caseloads.apis"),
    "workbook_summaries": (
        ORG + "families/<int:pk>/workbook/summaries/",
        "thrive.workbook.apis",
    ),
    "supervision_schedule": (ORG + "supervision/schedule/", "thrive.supervision.apis"),
    "supervision_compliance": (ORG + "supervision/compliance/", "thrive.supervision.apis"),
    "recruitment_vacancies": (ORG + "recruitment/vacancies/", "thrive.recruitment.apis.hiring"),
    "recruitment_vacancy_kind": (
        ORG + "recruitment/vacancies/<int:pk>/kind/",
        "thrive.recruitment.apis.hiring",
    ),
    "recruitment_campaigns": (ORG + "recruitment/campaigns/", "thrive.recruitment.apis.hiring"),
    "recruitment_my_panels": (ORG + "recruitment/panels/mine/", "thrive.recruitment.apis.panels"),
    "recruitment_scores": (
        ORG + "recruitment/panels/<int:pk>/scores/",
        "thrive.recruitment.apis.panels",
    ),
    "recruitment_applications": (
        ORG + "recruitment/applications/",
        "thrive.recruitment.apis.hiring",
    ),
    "recruitment_application_move": (
        ORG + "recruitment/applications/<int:pk>/move/",
        "thrive.recruitment.apis.hiring",
    ),
    "recruitment_safer_checks": (
        ORG + "recruitment/applications/<int:pk>/safer-checks/",
        "thrive.recruitment.apis.safer",
    ),
    "recruitment_safer_record": (
        ORG + "recruitment/applications/<int:pk>/safer-checks/<str:what>/",
        "thrive.recruitment.apis.safer",
    ),
    "recruitment_recruiter": (ORG + "recruitment/recruiter/", "thrive.recruitment.apis.hiring"),
    "jobs": ("api/jobs/", "thrive.recruitment.apis.sourcing"),
    "recruitment_channels": (ORG + "recruitment/channels/", "thrive.recruitment.apis.sourcing"),
    "recruitment_channel_change": (
        ORG + "recruitment/channels/<int:pk>/",
        "thrive.recruitment.apis.sourcing",
    ),
    "recruitment_channel_yield": (
        ORG + "recruitment/channels/yield/",
        "thrive.recruitment.apis.sourcing",
    ),
    "recruitment_referrals": (ORG + "recruitment/referrals/", "thrive.recruitment.apis.sourcing"),
    "recruitment_referral_pay": (
        ORG + "recruitment/referrals/<int:pk>/pay/",
        "thrive.recruitment.apis.sourcing",
    ),
    "recruitment_referral_rewards": (
        ORG + "recruitment/referral-rewards/",
        "thrive.recruitment.apis.sourcing",
    ),
    "recruitment_interest": (ORG + "recruitment/interest/", "thrive.recruitment.apis.sourcing"),
    "recruitment_interest_invite": (
        ORG + "recruitment/interest/<int:pk>/invite/",
        "thrive.recruitment.apis.sourcing",
    ),
    "academy_my_asye": (ORG + "academy/asye/mine/", "thrive.academy.apis"),
    "academy_cohorts": (ORG + "academy/cohorts/", "thrive.academy.apis"),
    "academy_cohort": (ORG + "academy/cohorts/<int:pk>/", "thrive.academy.apis"),
    "academy_report": (ORG + "academy/report/", "thrive.academy.apis"),
    "academy_my_progression": (ORG + "academy/progression/mine/", "thrive.academy.apis"),
    "academy_plans": (ORG + "academy/progression/plans/", "thrive.academy.apis"),
    "academy_plan_decline": (
        ORG + "academy/progression/plans/<int:pk>/decline/",
        "thrive.academy.apis",
    ),
    "academy_plan_reopen": (
        ORG + "academy/progression/plans/<int:pk>/reopen/",
        "thrive.academy.apis",
    ),
    "academy_my_mentoring": (ORG + "academy/mentoring/mine/", "thrive.academy.apis"),
    "academy_mentoring_coverage": (ORG + "academy/mentoring/coverage/", "thrive.academy.apis"),
    "academy_champions": (ORG + "academy/champions/", "thrive.academy.apis"),
    "academy_talent_pool": (ORG + "academy/talent/pool/", "thrive.academy.apis"),
    "academy_talent_shortlist": (
        ORG + "academy/talent/vacancies/<int:pk>/shortlist/",
        "thrive.academy.apis",
    ),
    "academy_mentoring_offer": (ORG + "academy/mentoring/offers/", "thrive.academy.apis"),
    "academy_mentoring_request": (ORG + "academy/mentoring/requests/", "thrive.academy.apis"),
    "academy_mentoring_choose": (
        ORG + "academy/mentoring/requests/<int:pk>/choose/",
        "thrive.academy.apis",
    ),
    "academy_mentoring_meeting": (
        ORG + "academy/mentoring/pairs/<int:pk>/meetings/",
        "thrive.academy.apis",
    ),
    "academy_mentoring_close": (
        ORG + "academy/mentoring/pairs/<int:pk>/close/",
        "thrive.academy.apis",
    ),
    "academy_career_conversation": (ORG + "academy/talent/conversations/", "thrive.academy.apis"),
    "agency_placements": (ORG + "agency/placements/", "thrive.agency.apis.placements"),
    "agency_check": (ORG + "agency/check/", "thrive.agency.apis.placements"),
    "engagement_my_surveys": (ORG + "engagement/surveys/mine/", "thrive.engagement.apis"),
    "engagement_results": (ORG + "engagement/results/", "thrive.engagement.apis"),
    "engagement_my_flexible": (ORG + "engagement/flexible/mine/", "thrive.engagement.apis"),
    "engagement_my_shout_outs": (ORG + "engagement/shout-outs/mine/", "thrive.engagement.apis"),
    "agency_exit_strategies": (ORG + "agency/exit-strategies/", "thrive.agency.apis.placements"),
    "agency_home_rota": (ORG + "agency/rota/", "thrive.agency.apis.rotas"),
    "agency_my_shifts": (ORG + "agency/my-shifts/", "thrive.agency.apis.rotas"),
    "agency_rota_workers": (ORG + "agency/rota/workers/", "thrive.agency.apis.rota_workers"),
    "agency_rota_swaps": (ORG + "agency/rota/swaps/", "thrive.agency.apis.rotas"),
    "agency_rota_worker_hours": (
        ORG + "agency/rota/workers/hours/",
        "thrive.agency.apis.rota_workers",
    ),
    "agency_rota_worker_pattern": (
        ORG + "agency/rota/workers/pattern/",
        "thrive.agency.apis.rota_workers",
    ),
    "agency_rota_publish": (ORG + "agency/rota/publish/", "thrive.agency.apis.rotas"),
    "agency_rota_hours": (ORG + "agency/rota/hours-worked/", "thrive.agency.apis.rota_workers"),
    "agency_rota_working_time": (
        ORG + "agency/rota/working-time/",
        "thrive.agency.apis.rota_workers",
    ),
    "agency_against_region": (ORG + "agency/against-region/", "thrive.agency.apis.placements"),
    "agency_rules": (ORG + "agency/rules/", "thrive.agency.apis.rules"),
    "agency_caps": (ORG + "agency/caps/", "thrive.agency.apis.rules"),
    "learning_catalogue": (ORG + "learning/catalogue/", "thrive.learning.apis"),
    "learning_bookings": (ORG + "learning/bookings/", "thrive.learning.apis"),
    "learning_booking_cancel": (
        ORG + "learning/bookings/<int:pk>/cancel/",
        "thrive.learning.apis",
    ),
    "learning_gaps": (ORG + "learning/gaps/", "thrive.learning.apis"),
    "cpd": (ORG + "cpd/", "thrive.learning.apis"),
    "cpd_teams": (ORG + "cpd/teams/", "thrive.learning.apis"),
    # Moving and cancelling through the pages' services (issue 21).
    "learning_session_move": (
        ORG + "learning/sessions/<int:pk>/move/",
        "thrive.learning.apis",
    ),
    "learning_session_cancel": (
        ORG + "learning/sessions/<int:pk>/cancel/",
        "thrive.learning.apis",
    ),
    "supervision_session_move": (
        ORG + "supervision/sessions/<int:pk>/move/",
        "thrive.supervision.apis",
    ),
    "supervision_session_cancel": (
        ORG + "supervision/sessions/<int:pk>/cancel/",
        "thrive.supervision.apis",
    ),
    "recruitment_panel_move": (
        ORG + "recruitment/panels/<int:pk>/move/",
        "thrive.recruitment.apis.panels",
    ),
    "recruitment_panel_call_off": (
        ORG + "recruitment/panels/<int:pk>/call-off/",
        "thrive.recruitment.apis.panels",
    ),
    "recruitment_moderation": (
        ORG + "recruitment/panels/<int:pk>/moderation/",
        "thrive.recruitment.apis.moderation",
    ),
    "engagement_dropin_move": (
        ORG + "engagement/dropins/<int:pk>/move/",
        "thrive.engagement.apis",
    ),
    "engagement_dropin_withdraw": (
        ORG + "engagement/dropins/<int:pk>/withdraw/",
        "thrive.engagement.apis",
    ),
}


def test_every_endpoint_kept_its_path_and_name_and_lives_in_its_app() -> None:
    routes = _api_routes()
    assert {name: route for name, (route, _) in routes.items()} == {
        name: route for name, (route, _) in EXPECTED.items()
    }
    for name, (_, view) in routes.items():
        owner = EXPECTED[name][1]
        if owner is not None:
            assert view.__module__ == owner, name
    assert reverse("api:cpd_teams", kwargs={"org_code": "331"}) == (
        "/api/organisations/331/cpd/teams/"
    )


def test_every_council_endpoint_asks_api_use_and_its_capability() -> None:
    for name, (route, view) in _api_routes().items():
        if "<str:org_code>" not in route:
            continue
        assert issubclass(view, OrgAPIView), name
        assert HasOrgCapability in view.permission_classes, name
        assert isinstance(view.capability, str) and view.capability, name


def test_the_api_finds_each_apps_apis_module_without_being_told() -> None:
    names = [m.__name__ for m in api_modules()]
    assert len(names) == len(set(names))
    # An app's ``apis`` may be a package of modules by concept (recruitment's).
    assert {owner.partition(".apis")[0] + ".apis" for _, owner in EXPECTED.values() if owner} <= (
        set(names)
    )


def _routes(*url_names: str) -> list[URLPattern | URLResolver]:
    return [path(f"{n}/", lambda request: HttpResponse(), name=n) for n in url_names]


def test_two_apps_giving_one_url_name_is_refused() -> None:
    assert len(collect([("a.apis", _routes("one", "two")), ("b.apis", _routes("three"))])) == 3
    with pytest.raises(ImproperlyConfigured, match="'two' is given by both a.apis and b.apis"):
        collect([("a.apis", _routes("one", "two")), ("b.apis", _routes("two"))])


def test_docs_say_where_each_endpoint_lives() -> None:
    """docs/api.md's table names every endpoint and the ``apis.py`` that holds it."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    documented = {
        m.group(1): m.group(2)
        for m in re.finditer(
            r"^\| `[A-Z, ]+ (/api/[^`?]*)[^`]*` \|.*\| `(\w+/apis(?:/\w+)?\.py)` \|$", text, re.M
        )
    }
    expected = {}
    for route, view in _api_routes().values():
        if view is not None and ".apis" in view.__module__:
            url = "/" + route.replace("<str:org_code>", "{code}").replace("<int:pk>", "{id}")
            url = re.sub(r"<\w+:(\w+)>", r"{\1}", url)  # any other part by its name
            expected[url] = view.__module__.removeprefix("thrive.").replace(".", "/") + ".py"
    assert documented == expected
