"""Service navigation: what each role may use, grouped into areas so every role's menu fits on one
row. The top row shows an area when the person may use at least one page in it; the area's pages
are a sub-navigation under the header.

Core holds the areas, the registry and the rendering; each app lists its own pages in its
``navigation.py`` (``NAV_ITEMS``), found in the installed apps."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from thrive.core.areas import area_modules
from thrive.core.roles import Cap, Scope

if TYPE_CHECKING:
    from thrive.core.permissions import Access


@dataclass(frozen=True)
class NavArea:
    key: str
    label: str


# The top row, in order. Seven at most, so every role's menu fits one row at desktop width.
AREAS: list[NavArea] = [
    NavArea("home", "Home"),
    NavArea("caseloads", "Caseloads"),
    NavArea("supervision", "Supervision"),
    NavArea("learning", "Learning"),
    NavArea("people", "People"),
    NavArea("workforce", "Workforce"),
    NavArea("council", "Council"),
]


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: str
    description: str
    min_scope: Scope = Scope.SELF
    area: str = "home"
    #: Its place among its area's items (the first is where the area's link goes).
    order: int = 0


# Core's own pages. Every other app lists its pages in its own ``navigation.py`` as
# ``NAV_ITEMS``; :func:`nav_items` gathers them all.
NAV_ITEMS: list[NavItem] = [
    NavItem(
        "Audit trail",
        "core:audit",
        Cap.AUDIT_VIEW,
        "Sign-ins, role changes and every read of sensitive records.",
        area="council",
        order=30,
    ),
]


@cache
def nav_items() -> tuple[NavItem, ...]:
    """Every installed app's menu items (each app's ``navigation.NAV_ITEMS``), area by area in
    the order of :data:`AREAS`, and within an area by their ``order``."""
    areas = [a.key for a in AREAS]
    found = [item for _, module in area_modules("navigation") for item in module.NAV_ITEMS]
    unknown = {item.area for item in found} - set(areas)
    if unknown:
        raise ImproperlyConfigured(f"Menu items name areas that do not exist: {sorted(unknown)}")
    return tuple(sorted(found, key=lambda item: (areas.index(item.area), item.order)))


@cache
def nav_item(url_name: str) -> NavItem | None:
    """The menu item for the page *url_name*, if the menu has one."""
    return next((item for item in nav_items() if item.url_name == url_name), None)


@dataclass
class NavLink:
    label: str
    url: str
    description: str = ""
    current: bool = False
    #: "page" when the link is to this very page, "true" when the page is inside it.
    aria_current: str = ""


@dataclass
class NavGroup:
    key: str
    label: str
    url: str
    links: list[NavLink] = field(default_factory=list)
    current: bool = False
    aria_current: str = ""


@dataclass
class Navigation:
    """The menu one person sees on one page: the areas on the top row, and the current area's
    pages. At most one area and one page are current."""

    areas: list[NavGroup]

    @property
    def current_area(self) -> NavGroup | None:
        return next((a for a in self.areas if a.current), None)

    @property
    def sub_links(self) -> list[NavLink]:
        area = self.current_area
        return area.links if area is not None and len(area.links) > 1 else []


def navigation_for(access: Access, org_code: str, path: str) -> Navigation:
    """The menu for someone with *access* in the council *org_code*, viewing *path*."""
    groups: dict[str, NavGroup] = {}
    for item in nav_items():
        if access.scope(item.capability) < item.min_scope:
            continue
        url = reverse(item.url_name, kwargs={"org_code": org_code})
        group = groups.get(item.area)
        if group is None:
            label = next(a.label for a in AREAS if a.key == item.area)
            group = groups[item.area] = NavGroup(item.area, label, url)
        group.links.append(NavLink(item.label, url, item.description))
    # The current page is the link whose address is the longest start of this one; home only
    # when it is this very page (every other address starts with it).
    best: tuple[NavGroup, NavLink] | None = None
    for group in groups.values():
        for link in group.links:
            matches = path == link.url if group.key == "home" else path.startswith(link.url)
            if matches and (best is None or len(link.url) > len(best[1].url)):
                best = (group, link)
    if best is not None:
        group, link = best
        link.current, group.current = True, True
        link.aria_current = "page" if path == link.url else "true"
        group.aria_current = "page" if path == group.url else "true"
    return Navigation([groups[a.key] for a in AREAS if a.key in groups])
