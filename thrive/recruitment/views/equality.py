"""Equality by stage for the whole council: counts only, small groups hidden."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.recruitment import policy
from thrive.recruitment.forms import PeriodForm
from thrive.recruitment.selectors.equality import equality_tables, workforce_tables


@org_view(Cap.RECRUITMENT_VIEW)
def equality(request: AuthedRequest) -> HttpResponse:
    """Each ethnic group (against the local population), gender, age band and disability at each
    stage, with the four-fifths rule."""
    if not policy.sees_whole_council(request.access):
        raise PermissionDenied(Cap.RECRUITMENT_VIEW)
    form = PeriodForm(request.GET or None)
    start = end = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return render(
        request,
        "recruitment/equality.html",
        {
            "form": form,
            "tables": equality_tables(request.access, start=start, end=end),
            "has_population": bool(request.organisation.ons_code),
            "workforce": workforce_tables(request.organisation, clock.today()),
        },
    )
