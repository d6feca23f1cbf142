"""The allocation assistant's page: a new or returning family, or a transfer of some of a family's
children; the ranked suggestions with their reasons; the manager's choice (or override, with a
reason)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.caseloads.forms import CHILD_ROWS, AllocateForm, AllocationChoiceForm
from thrive.caseloads.models import Family
from thrive.caseloads.selectors import allocating_teams, allocation_worker, children_to_allocate
from thrive.caseloads.services import (
    ChildToAllocate,
    allocation_advice,
    family_allocate,
    refuse_allocation,
)
from thrive.caseloads.views_families import visible_family_or_404
from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap


@org_view(Cap.ALLOCATE)
def allocate_new(request: AuthedRequest) -> HttpResponse:
    """Allocate a new family, or one known before (the same family ID)."""
    return _allocate(request, None)


@org_view(Cap.ALLOCATE)
def allocate_family(request: AuthedRequest, pk: int) -> HttpResponse:
    """Transfer some or all of a family's children to another worker."""
    return _allocate(request, visible_family_or_404(request, pk))


def _allocate(request: AuthedRequest, family: Family | None) -> HttpResponse:
    access = request.access
    org = request.organisation
    today = clock.today()
    teams = allocating_teams(access)
    children_rows = children_to_allocate(family) if family else None
    initial: dict[str, Any] = {"start_date": today}
    if mine := access.teams_for(Cap.ALLOCATE):
        initial["team"] = min(mine)
    form = AllocateForm(
        request.POST if request.method == "POST" else None,
        teams=teams,
        family_children=[(c, label) for c, label, _ in children_rows]
        if children_rows is not None
        else None,
        initial={**initial, "children": [c for c, _, _ in children_rows or []]},
    )
    advice = choice = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if children_rows is not None:
            statuses = {c: s for c, _, s in children_rows}
            children = [ChildToAllocate(c, statuses.get(c, "")) for c in d["children"]]
            family_id = family.family_id if family else ""
        else:
            children = [
                ChildToAllocate(d[f"child_{n}"].strip(), d[f"status_{n}"])
                for n in range(1, CHILD_ROWS + 1)
                if d.get(f"child_{n}", "").strip()
            ]
            family_id = d["family_id"].strip()
        team = d["team"]
        try:
            refuse_allocation(
                access,
                family_id,
                [c.child_id for c in children],
                d["start_date"],
                request=request,
            )
        except ThriveError as exc:
            form.add_error(None, exc.message)
            return _page(request, form, family, None, None)
        advice = allocation_advice(
            organisation=org,
            team=team,
            on=d["start_date"],
            family_id=family_id,
            children=children,
        )
        choices = [(str(s.candidate.worker_id), s.candidate.name) for s in advice.suggestions]
        choices += [(str(n.candidate.worker_id), n.candidate.name) for n in advice.not_suggested]
        deciding = request.POST.get("action") == "allocate"
        choice = AllocationChoiceForm(request.POST if deciding else None, choices=choices)
        if deciding and choice.is_valid():
            worker = allocation_worker(org, int(choice.cleaned_data["worker"]))
            if worker is None:  # the form only offers the team's workers
                raise Http404
            try:
                decision = family_allocate(
                    access=access,
                    team=team,
                    worker=worker,
                    family_id=family_id,
                    family_name=d.get("family_name", ""),
                    children=children,
                    start_date=d["start_date"],
                    override_reason=choice.cleaned_data["override_reason"],
                )
            except ThriveError as exc:
                target = exc.field if exc.field in choice.fields else None
                choice.add_error(target, exc.message)
            else:
                messages.success(
                    request,
                    f"{len(children)} child{'ren' if len(children) != 1 else ''} allocated to "
                    f"{worker.full_name} from {decision.start_date:%-d %B %Y}.",
                )
                return redirect("caseloads:family", org_code=org.code, pk=decision.family_id)
    return _page(request, form, family, advice, choice)


def _page(
    request: AuthedRequest, form: AllocateForm, family: Family | None, advice: Any, choice: Any
) -> HttpResponse:
    return render(
        request,
        "caseloads/allocate.html",
        {
            "form": form,
            "family": family,
            "advice": advice,
            "choice": choice,
            "selected": request.POST.get("worker", ""),
        },
    )
