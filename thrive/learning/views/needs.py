"""The training needs analysis: needs from three voices, ranked, with a CSV for commissioning."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.learning.exports import needs_csv
from thrive.learning.forms import NeedForm
from thrive.learning.selectors import items_of, needs_analysis, teams_of
from thrive.learning.services import need_add


@org_view(Cap.LEARNING_MANAGE)
def needs(request: AuthedRequest) -> HttpResponse:
    """The training needs analysis: needs from three voices, grouped by topic and ranked by how
    strongly and how many sources agree; unmet needs flagged for commissioning."""
    org = request.organisation
    form = NeedForm(
        request.POST or None,
        teams=[(str(t.pk), t.name) for t in teams_of(org)],
        items=[(str(i.pk), i.title) for i in items_of(org)],
        initial={"recorded_on": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        team_ids, item_ids = d.pop("teams"), d.pop("items")
        need_add(
            organisation=org,
            actor=request.user,
            teams=teams_of(org, team_ids),
            items=items_of(org, item_ids),
            **d,
        )
        messages.success(request, "The need is recorded.")
        return redirect("learning:needs", org_code=org.code)
    priorities = needs_analysis(org)
    if request.GET.get("format") == "csv":
        response = HttpResponse(needs_csv(priorities), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="training-needs.csv"'
        return response
    return render(
        request,
        "learning/needs.html",
        {"priorities": priorities, "form": form, "unmet": sum(1 for p in priorities if p.unmet)},
    )
