"""Register pages: the staff list, a person, teams, a team, the establishment."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from analytics.codes import ORG_ROLE
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.params import date_param
from thrive.core.roles import Cap
from thrive.people import selectors
from thrive.people.exports import cell, write_csv
from thrive.people.models import AbsenceReason, CaseType, Contract, Profession


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


@org_view(Cap.REGISTER_VIEW)
def staff_list(request: AuthedRequest) -> HttpResponse:
    access = request.access
    on = date_param(request.GET)
    g = request.GET
    filters = selectors.StaffFilters(
        q=g.get("q", "").strip(),
        team=_int(g.get("team")),
        profession=g.get("profession", "") if g.get("profession") in Profession.values else "",
        contract=g.get("contract", "") if g.get("contract") in Contract.values else "",
        org_role=_int(g.get("org_role")),
        status=g.get("status", "current")
        if g.get("status") in {"current", "left", "all"}
        else "current",
        sort=g.get("sort", "name") if g.get("sort") in selectors.SORTS else "name",
    )
    if g.get("format") == "csv":
        header = [
            "staff_id",
            "first_name",
            "last_name",
            "team",
            "profession",
            "contract",
            "fte",
            "org_role",
            "start_date",
            "in_post",
        ]
        fields = [
            "staff_id",
            "first_name",
            "last_name",
            "current_team",
            "current_profession",
            "current_contract",
            "current_fte",
            "current_org_role",
            "current_start",
            "in_post",
        ]
        rows = (
            [cell(v) for v in values]
            for values in selectors.staff_list_values(access, filters, fields, on=on)
        )
        response = HttpResponse(write_csv(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="staff-{on}.csv"'
        return response
    people = selectors.staff_list(access, filters, on=on)
    page = Paginator(people, 50).get_page(g.get("page"))
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        "people/staff_list.html",
        {
            "page": page,
            "filters": filters,
            "teams": selectors.visible_teams(access),
            "professions": Profession.choices,
            "profession_labels": dict(Profession.choices),
            "contract_labels": dict(Contract.choices),
            "contracts": Contract.choices,
            "org_roles": list(ORG_ROLE.items()),
            "sorts": [
                ("name", "Name (A to Z)"),
                ("-name", "Name (Z to A)"),
                ("team", "Team"),
                ("-start", "Most recent start"),
                ("start", "Earliest start"),
                ("-fte", "FTE (highest)"),
                ("fte", "FTE (lowest)"),
            ],
            "query": query.urlencode(),
            "can_add": access.can(Cap.REGISTER_EDIT),
            "on": on,
        },
    )


@org_view(Cap.REGISTER_VIEW)
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = request.access
    person = selectors.person_detail(access, pk)
    if person is None:
        raise Http404
    on = date_param(request.GET)
    record = selectors.person_record(person, on=on)
    from thrive.people.picture import person_picture

    if record.allocations:
        # The caseload table names each allocation's child and family: the access log hears of it.
        from thrive.caseloads.views_families import log_family_list

        log_family_list(
            request,
            len(record.allocations),
            f"{person.full_name}'s register page",
            children=True,
        )

    return render(
        request,
        "people/person.html",
        {
            "record": record,
            "picture": person_picture(access, person, on),
            "person": person,
            "on": on,
            "org_roles": ORG_ROLE,
            "can_edit": access.can(Cap.REGISTER_EDIT),
            "can_record_absence": access.can(Cap.ABSENCE_RECORD),
            "absence_reasons": dict(AbsenceReason.choices),
            "case_types": dict(CaseType.choices),
        },
    )


@org_view(Cap.REGISTER_VIEW)
def teams(request: AuthedRequest) -> HttpResponse:
    access = request.access
    on = date_param(request.GET)
    return render(
        request, "people/teams.html", {"teams": selectors.team_summaries(access, on=on), "on": on}
    )


@org_view(Cap.REGISTER_VIEW)
def team_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = request.access
    team = selectors.visible_team(access, pk)
    if team is None:
        raise Http404
    on = date_param(request.GET)
    from thrive.people.picture import team_development

    return render(
        request,
        "people/team.html",
        {
            "picture": selectors.team_picture(team, on=on),
            "on": on,
            "development": team_development(access, team, on),
        },
    )


@org_view(Cap.REGISTER_VIEW)
def establishment(request: AuthedRequest) -> HttpResponse:
    access = request.access
    on = date_param(request.GET)
    posts = list(selectors.establishment(access, on=on))
    vacant = [p for p in posts if not getattr(p, "filled", False)]
    context: dict[str, Any] = {
        "posts": posts,
        "on": on,
        "funded_fte": sum(float(p.fte) for p in posts),
        "vacant_fte": sum(float(p.fte) for p in vacant),
        "covered_fte": sum(float(p.fte) for p in vacant if getattr(p, "agency_cover", False)),
        "vacant_count": len(vacant),
    }
    return render(request, "people/establishment.html", context)
