"""Families: the list a worker may see, a family's record (every read logged), the access log."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thrive.caseloads.models import CaseStatus, Family, FamilyMember
from thrive.caseloads.selectors import families_visible_to
from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.models import AuditEvent
from thrive.core.params import date_param
from thrive.core.roles import Cap
from thrive.people.exports import cell, write_csv
from thrive.people.models import Allocation


@org_view(Cap.FAMILIES_VIEW)
def families(request: HttpRequest) -> HttpResponse:
    access = request.access  # type: ignore[attr-defined]
    on = date_param(request.GET)
    visible = (
        families_visible_to(access, on)
        .annotate(children=Count("members", filter=Q(members__is_child=True)))
        .order_by("family_id")
    )
    page = Paginator(visible, 50).get_page(request.GET.get("page"))
    return render(request, "caseloads/families.html", {"page": page, "on": on})


def visible_family_or_404(
    request: HttpRequest, pk: int, *, action: str = "family.read", what: str = "the record of"
) -> Family:
    """The family, when the person may see it today, with the read in the access log; anyone
    not connected to it is told it is not found (and the refusal is logged too)."""
    access = request.access  # type: ignore[attr-defined]
    org = request.organisation  # type: ignore[attr-defined]
    found = families_visible_to(access, timezone.localdate()).filter(pk=pk).first()
    if found is None:
        audit_log(
            action="family.refused",
            user=request.user,
            organisation=org,
            object_type="caseloads.family",
            object_id=str(pk),
            summary="Asked for a family they are not connected to",
            request=request,
        )
        raise Http404
    audit_log(
        action=action,
        user=request.user,
        organisation=org,
        object_type="caseloads.family",
        object_id=str(found.pk),
        summary=f"Read {what} {found}",
        request=request,
    )
    return found


@org_view(Cap.HOME)
def family(request: HttpRequest, pk: int) -> HttpResponse:
    """A family's record. Anyone not connected to the family is told it is not found."""
    org = request.organisation  # type: ignore[attr-defined]
    on = date_param(request.GET)
    found = visible_family_or_404(request, pk)
    members = list(FamilyMember.objects.filter(family=found).prefetch_related("statuses"))
    child_ids = [m.member_id for m in members if m.is_child]
    allocations = list(
        Allocation.objects.for_org(org)
        .filter(child_id__in=child_ids)
        .select_related("worker")
        .order_by("-start_date")
    )
    return render(
        request,
        "caseloads/family.html",
        {
            "family": found,
            "members": members,
            "allocations": allocations,
            "on": on,
            "assignments": found.assignments.select_related("person"),
            "statuses": dict(CaseStatus.choices),
        },
    )


@org_view(Cap.ACCESS_LOG_VIEW)
def access_log(request: HttpRequest) -> HttpResponse:
    """Every read and write of families' records, searchable and exportable."""
    org = request.organisation  # type: ignore[attr-defined]
    events = AuditEvent.objects.filter(organisation=org, action__startswith="family.")
    who = request.GET.get("who", "").strip()
    family_ref = request.GET.get("family", "").strip()
    if who:
        events = events.filter(Q(user__email__icontains=who) | Q(user__full_name__icontains=who))
    if family_ref:
        events = events.filter(Q(object_id=family_ref) | Q(summary__icontains=family_ref))
    for name, lookup in (("from", "at__date__gte"), ("to", "at__date__lte")):
        if request.GET.get(name):
            events = events.filter(**{lookup: date_param(request.GET, name)})
    events = events.select_related("user")
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
        )
        return response
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "caseloads/access_log.html",
        {"page": page, "who": who, "family": family_ref, "query": query.urlencode()},
    )
