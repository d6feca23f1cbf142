"""Each app lists its own menu items in its ``navigation.py``; core gathers them, in area order
and then each item's ``order``, into the one menu every page shows."""

from __future__ import annotations

from django.urls import reverse

from thrive.core.areas import area_modules
from thrive.core.navigation import AREAS, nav_item, nav_items

# The menu, top to bottom, as it was when it was one list in core: moving each app's items into
# the app must not move a single one.
MENU = [
    ("home", "core:org_home"),
    ("caseloads", "caseloads:mine"),
    ("caseloads", "caseloads:overview"),
    ("caseloads", "caseloads:families"),
    ("caseloads", "workbook:capture"),
    ("caseloads", "workbook:tools"),
    ("caseloads", "caseloads:access_log"),
    ("supervision", "supervision:home"),
    ("supervision", "supervision:compliance"),
    ("learning", "learning:catalogue"),
    ("learning", "learning:cpd"),
    ("learning", "learning:team"),
    ("learning", "learning:cpd_team"),
    ("learning", "learning:needs"),
    ("learning", "learning:programmes"),
    ("learning", "learning:exchange"),
    ("learning", "academy:mine"),
    ("learning", "academy:cohorts"),
    ("learning", "academy:progression"),
    ("learning", "academy:progression_plans"),
    ("learning", "academy:mentoring"),
    ("learning", "academy:champions"),
    ("learning", "academy:mentoring_coverage"),
    ("people", "people:staff_list"),
    ("people", "people:teams"),
    ("people", "people:establishment"),
    ("people", "people:imports"),
    ("people", "engagement:surveys"),
    ("people", "engagement:you_said"),
    ("people", "engagement:recognition"),
    ("people", "engagement:newsletters"),
    ("people", "engagement:dropins"),
    ("people", "engagement:flexible_list"),
    ("people", "engagement:conversations"),
    ("people", "jobs:jobs"),
    ("workforce", "intelligence:workforce"),
    ("workforce", "intelligence:retention"),
    ("workforce", "intelligence:projection"),
    ("workforce", "intelligence:drivers"),
    ("workforce", "intelligence:ofsted_pack"),
    ("workforce", "intelligence:region"),
    ("workforce", "intelligence:census"),
    ("workforce", "recruitment:vacancies"),
    ("workforce", "recruitment:recruiter"),
    ("workforce", "recruitment:channels"),
    ("workforce", "recruitment:campaigns"),
    ("workforce", "recruitment:equality"),
    ("workforce", "recruitment:questions"),
    ("workforce", "recruitment:portal_page"),
    ("workforce", "recruitment:referrals"),
    ("workforce", "recruitment:stage_emails"),
    ("workforce", "recruitment:selection_templates"),
    ("workforce", "academy:talent"),
    ("workforce", "recruitment:my_panels"),
    ("workforce", "agency:placements"),
    ("workforce", "agency:region_rules"),
    ("workforce", "engagement:results"),
    ("workforce", "agency:homes"),
    ("workforce", "agency:my_shifts"),
    ("workforce", "engagement:long_service"),
    ("council", "core:organisation"),
    ("council", "core:users"),
    ("council", "core:grant_approvals"),
    ("council", "core:break_glass"),
    ("council", "core:break_glass_uses"),
    ("council", "accounts:sign_in_security"),
    ("council", "core:audit"),
    ("council", "privacy:sar"),
    ("council", "privacy:retention"),
    ("council", "accounts:sso_settings"),
    ("council", "notifications:notify_settings"),
    ("council", "notifications:outbox"),
]


def test_the_menu_is_gathered_from_the_apps_in_its_order() -> None:
    assert [(i.area, i.url_name) for i in nav_items()] == MENU
    owners = {
        item.url_name: app.label
        for app, module in area_modules("navigation")
        for item in module.NAV_ITEMS
    }
    # Each page is listed by the app it belongs to, not by core.
    assert owners["core:users"] == "accounts"
    assert owners["core:organisation"] == owners["core:org_home"] == "people"
    assert owners["workbook:capture"] == "workbook"
    assert owners["core:audit"] == "core"


def test_every_item_names_a_known_area_and_a_council_page() -> None:
    areas = {a.key for a in AREAS}
    for item in nav_items():
        assert item.area in areas
        assert reverse(item.url_name, kwargs={"org_code": "331"}).startswith("/o/331/")
    assert len({i.url_name for i in nav_items()}) == len(nav_items())


def test_an_item_is_found_by_its_page() -> None:
    item = nav_item("core:users")
    assert item is not None and item.label == "Users and roles"
    assert nav_item("people:person") is None
