"""Families: the list a worker may see, a family's record (every read logged), the access log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thrive.caseloads.forms import (
    AdultForm,
    AssignSpecialistForm,
    ChildDetailsForm,
    ChildStatusForm,
    EndAssignmentForm,
)
from thrive.caseloads.models import CaseStatus, Family, FamilyMember
from thrive.caseloads.selectors import (
    children_allocations,
    families_list,
    family_access_log,
    family_assignment,
    family_assignments,
    family_child,
    family_connection,
    family_decisions,
    family_members,
    family_ref,
    family_rows,
    specialists_in_post,
    visible_family,
)
from thrive.caseloads.services import (
    child_details_change,
    child_status_change,
    family_adult_add,
    family_assign,
    family_assignment_end,
)
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import date_param, posted_version
from thrive.core.roles import Cap
from thrive.people.exports import cell, write_csv


def log_family_list(request: Any, count: int, where: str, *, children: bool = False) -> None:
    """A list naming families or children (the families list, my caseload) goes to the access
    log too, with how many it showed."""
    noun = ("child", "children") if children else ("family", "families")
    audit_log(
        action="family.list",
        user=request.user,
        organisation=request.organisation,
        summary=f"Listed {count} {noun[0] if count == 1 else noun[1]} ({where})",
        request=request,
    )


@org_view(Cap.FAMILIES_VIEW)
def families(request: AuthedRequest) -> HttpResponse:
    """The families the person works with today (always today: a past date would show families
    they were once connected to)."""
    access = request.access
    on = clock.today()
    page = Paginator(families_list(access, on), 50).get_page(request.GET.get("page"))
    log_family_list(request, len(page.object_list), "the families list")
    details = family_rows(page.object_list, on)
    rows = [(f, details[f.pk]) for f in page.object_list]
    return render(request, "caseloads/families.html", {"page": page, "rows": rows, "on": on})


def visible_family_or_404(
    request: AuthedRequest,
    pk: int,
    *,
    action: str = "family.read",
    what: str = "the record of",
    log_read: bool = True,
) -> Family:
    """The family, when the person may see it today, with the read in the access log; anyone
    not connected to it is told it is not found (and the refusal is logged too).

    Without *log_read* the caller logs the read itself, once it knows what it will show (a page of
    one record in the family's file: :func:`log_family_read`, or a refusal against the family)."""
    access = request.access
    org = request.organisation
    found = visible_family(access, pk, clock.today())
    if found is None:
        asked = family_ref(org, pk)
        audit_log(
            action="family.refused",
            user=request.user,
            organisation=org,
            object_type="caseloads.family",
            object_id=str(pk),
            summary=f"Asked for family {asked}, which they are not connected to"
            if asked is not None
            else "Asked for a family record that does not exist",
            request=request,
        )
        raise Http404
    if log_read:
        log_family_read(request, found, action=action, what=what)
    return found


def log_family_read(
    request: AuthedRequest,
    family: Family,
    *,
    action: str = "family.read",
    what: str = "the record of",
) -> None:
    """A read of *family*'s record (or part of it) in its access log."""
    audit_log(
        action=action,
        user=request.user,
        organisation=request.organisation,
        object_type="caseloads.family",
        object_id=str(family.pk),
        summary=f"Read {what} {family}",
        request=request,
    )


def log_family_refused(request: AuthedRequest, family: Family, why: str) -> None:
    """A refusal of part of a family's record to someone connected to the family (a draft that is
    not theirs, a record that is not the family's), in the family's access log."""
    audit_log(
        action="family.refused",
        user=request.user,
        organisation=request.organisation,
        object_type="caseloads.family",
        object_id=str(family.pk),
        summary=f"{why} ({family})",
        request=request,
    )


@org_view(Cap.HOME)
def family(request: AuthedRequest, pk: int) -> HttpResponse:
    """A family's record. Anyone not connected to the family is told it is not found."""
    org = request.organisation
    on = date_param(request.GET)
    found = visible_family_or_404(request, pk)
    connection = family_connection(request.access, found, clock.today())
    members = family_members(found)
    allocations = children_allocations(org, [m.member_id for m in members if m.is_child])
    return render(
        request,
        "caseloads/family.html",
        {
            "family": found,
            "members": members,
            "allocations": allocations,
            "on": on,
            "assignments": family_assignments(found),
            "statuses": dict(CaseStatus.choices),
            "adults": [m for m in members if not m.is_child],
            "decisions": family_decisions(found),
            "can_change": connection.allocated or connection.manages,
            "can_allocate": request.access.can(Cap.ALLOCATE) and connection.manages,
        },
    )


@org_view(Cap.ACCESS_LOG_VIEW)
def access_log(request: AuthedRequest) -> HttpResponse:
    """Every read and write of families' records, searchable and exportable."""
    org = request.organisation
    who = request.GET.get("who", "").strip()
    asked_family = request.GET.get("family", "").strip()
    dates = {n: date_param(request.GET, n) if request.GET.get(n) else None for n in ("from", "to")}
    events = family_access_log(
        org, who=who, family=asked_family, date_from=dates["from"], date_to=dates["to"]
    )
    if request.GET.get("format") == "csv":
        header = ["when", "who", "action", "family_record", "summary", "ip_address"]
        rows = (
            [
                cell(v)
                for v in (
                    e.at.isoformat(timespec="seconds"),
                    e.user.email if e.user else "",
                    e.action,
                    e.object_id,
                    e.summary,
                    e.ip_address,
                )
            ]
            for e in events.iterator()
        )
        response = HttpResponse(write_csv(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="family-access-log.csv"'
        audit_log(
            action="audit.export",
            user=request.user,
            organisation=org,
            summary="Exported the family access log",
            request=request,
        )
        return response
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    # The log names each entry's family: reading it is itself an entry (as its export is).
    named = {e.object_id for e in page.object_list if e.object_id}
    log_family_list(request, len(named), "the family access log")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "caseloads/access_log.html",
        {"page": page, "who": who, "family": asked_family, "query": query.urlencode()},
    )


def _record_form(
    request: AuthedRequest,
    *,
    family: Family,
    form_class: type[forms.Form],
    title: str,
    save: Callable[[dict[str, Any]], str],
    initial: dict[str, Any] | None = None,
    intro: str = "",
    version: int | None = None,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """A one-page form that changes the family's record, keeping what was typed on error."""
    org = request.organisation
    back = reverse("caseloads:family", args=[org.code, family.pk])
    form = form_class(
        request.POST if request.method == "POST" else None, initial=initial, **(form_kwargs or {})
    )
    if request.method == "POST" and form.is_valid():
        try:
            message = save(form.cleaned_data)
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, message)
            return redirect(back)
    return render(
        request,
        "caseloads/record_form.html",
        {
            "form": form,
            "title": title,
            "caption": str(family),
            "back_url": back,
            "intro": intro,
            # The version the user saw, so a change someone made meanwhile is not overwritten.
            "version": request.POST.get("version", version) if version is not None else None,
        },
    )


@org_view(Cap.HOME)
def adult_add(request: AuthedRequest, pk: int) -> HttpResponse:
    family = visible_family_or_404(request, pk)
    access = request.access

    def save(d: dict[str, Any]) -> str:
        adult = family_adult_add(
            access=access,
            family=family,
            first_name=d["first_name"],
            relationship=d["relationship"],
            member_id=d["member_id"],
            date_of_birth=d["date_of_birth"],
        )
        return f"{adult} is recorded as a member of the family."

    return _record_form(
        request,
        family=family,
        form_class=AdultForm,
        title="Add an adult",
        save=save,
        intro="A parent, carer, partner or another adult in the household.",
    )


def _seen_version(request: AuthedRequest) -> int:
    """The version of the record the form was drawn from: a post without one (a page kept from
    before versions, or a hand-made request) is refused like a stale page, never saved over
    whatever the record holds now."""
    version = posted_version(request)
    if version is None:
        raise ThriveError(
            "This page is out of date: nothing was saved. Open the family's record again and "
            "make your change once more."
        )
    return version


def _child_or_404(family: Family, member_pk: int) -> FamilyMember:
    child = family_child(family, member_pk)
    if child is None:
        raise Http404
    return child


@org_view(Cap.HOME)
def child_status(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    family = visible_family_or_404(request, pk)
    access = request.access
    child = _child_or_404(family, member_pk)

    def save(d: dict[str, Any]) -> str:
        new = child_status_change(
            access=access,
            child=child,
            status=d["status"],
            from_date=d["from_date"],
            version=_seen_version(request),
        )
        return f"{child} is {new.get_status_display().lower()} from {new.start_date:%-d %B %Y}."

    return _record_form(
        request,
        family=family,
        form_class=ChildStatusForm,
        title=f"Change {child}'s case status",
        save=save,
        initial={"from_date": clock.today()},
        intro="The history is kept: the current status ends on the date you give.",
        version=child.version,
    )


@org_view(Cap.HOME)
def child_details(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    family = visible_family_or_404(request, pk)
    access = request.access
    child = _child_or_404(family, member_pk)

    def save(d: dict[str, Any]) -> str:
        changed = child_details_change(
            access=access,
            child=child,
            first_name=d["first_name"],
            date_of_birth=d["date_of_birth"],
            version=_seen_version(request),
        )
        return f"The details of {changed} are saved."

    return _record_form(
        request,
        family=family,
        form_class=ChildDetailsForm,
        title=f"Change the details of {child}",
        save=save,
        initial={"first_name": child.first_name, "date_of_birth": child.date_of_birth},
        intro=f"Case system ID {child.member_id}.",
        version=child.version,
    )


@org_view(Cap.HOME)
def specialist_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    """Assign an adult specialist (domestic abuse, substance misuse, mental health, probation …)
    to the family: they then read its record and write their own chapter of the workbook."""
    family = visible_family_or_404(request, pk)
    access = request.access
    org = request.organisation
    today = clock.today()
    people = specialists_in_post(org, today)

    def save(d: dict[str, Any]) -> str:
        assignment = family_assign(
            access=access,
            family=family,
            person=d["person"],
            role=d["role"],
            start_date=d["start_date"],
        )
        return (
            f"{assignment.person.full_name} is assigned to the family as "
            f"{assignment.get_role_display().lower()}."
        )

    return _record_form(
        request,
        family=family,
        form_class=AssignSpecialistForm,
        title="Assign a specialist",
        save=save,
        initial={"start_date": today},
        intro="They will see the family's record and write their own chapter of the workbook.",
        form_kwargs={"people": people},
    )


@org_view(Cap.HOME)
def specialist_end(request: AuthedRequest, pk: int, assignment_pk: int) -> HttpResponse:
    family = visible_family_or_404(request, pk)
    access = request.access
    assignment = family_assignment(family, assignment_pk)
    if assignment is None:
        raise Http404

    def save(d: dict[str, Any]) -> str:
        family_assignment_end(
            access=access,
            assignment=assignment,
            end_date=d["end_date"],
            version=_seen_version(request),
        )
        name = assignment.person.full_name
        return f"{name}'s work with the family ends on {d['end_date']:%-d %B %Y}."

    return _record_form(
        request,
        family=family,
        form_class=EndAssignmentForm,
        title=f"End {assignment.person.full_name}'s work with the family",
        save=save,
        initial={"end_date": clock.today()},
        intro=f"{assignment.get_role_display()} since {assignment.start_date:%-d %B %Y}.",
        version=assignment.version,
    )
