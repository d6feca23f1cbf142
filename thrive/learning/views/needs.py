"""The training needs analysis: needs from three voices, ranked, with a CSV for commissioning."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.learning.forms import NeedForm
from thrive.learning.selectors import Priority, items_of, needs_analysis, teams_of
from thrive.learning.services import need_add
from thrive.people.exports import cell, write_csv

NEEDS_HEADER = [
    "rank",
    "topic",
    "score",
    "agreement",
    "voices",
    "sources",
    "teams",
    "items",
    "unmet",
]


def _csv(priorities: list[Priority]) -> HttpResponse:
    body = (
        [
            cell(v)
            for v in (
                rank,
                p.topic,
                p.score,
                p.agreement,
                "; ".join(p.voices),
                "; ".join(n.source for n in p.needs),
                "; ".join(sorted({t.name for n in p.needs for t in n.teams.all()})),
                "; ".join(i.title for i in p.items),
                "yes" if p.unmet else "no",
            )
        ]
        for rank, p in enumerate(priorities, start=1)
    )
    response = HttpResponse(write_csv(NEEDS_HEADER, body), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="training-needs.csv"'
    return response


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
        return _csv(priorities)
    return render(
        request,
        "learning/needs.html",
        {"priorities": priorities, "form": form, "unmet": sum(1 for p in priorities if p.unmet)},
    )
