"""Campaigns with their cost and yield, and the recruiter's view (with its Excel export)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from thrive.core import clock
from thrive.core.charts import Series, line_chart
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.recruitment import policy, services
from thrive.recruitment.panel_forms import CampaignForm
from thrive.recruitment.selectors import channels_of
from thrive.recruitment.selectors.campaigns import (
    campaign_report,
    days_open,
    recruiter_view,
    workbook,
)
from thrive.recruitment.selectors.time_to_hire import default_window, time_to_hire
from thrive.recruitment.time_to_hire import PeriodRow


def time_to_hire_chart(rows: list[PeriodRow], by: str) -> str:
    """The trend as a line chart (a gap where a period had no accepted offer)."""
    return line_chart(
        chart_id="time-to-hire",
        title=f"Median days from advert to offer accepted and to start, by {by}",
        categories=[r.label for r in rows],
        series=[
            Series("Advert to offer accepted", [r.median_to_accept for r in rows]),
            Series("Advert to start", [r.median_to_start for r in rows]),
        ],
        description=f"For the offers accepted in each {by}, the median days from the vacancy's "
        "advert to the offer accepted, and to the confirmed start; a gap where no offer was "
        "accepted",
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@org_view(Cap.RECRUITMENT_VIEW)
def campaigns(request: AuthedRequest) -> HttpResponse:
    """Each campaign's cost, applications, shortlists, offers, starters, still in post a year
    on, and cost per starter; those who manage recruitment add one."""
    may_add = policy.raises_vacancies(request.access)
    channels = {str(c.pk): c for c in channels_of(request.organisation)}
    form = CampaignForm(request.POST or None, channels=[(k, c.name) for k, c in channels.items()])
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied(Cap.RECRUITMENT_MANAGE)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.campaign_add(
                    channel=channels[d["channel"]],
                    actor=request.user,
                    name=d["name"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                    cost=d["cost"],
                )
            except ThriveError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "The campaign is recorded.")
                return redirect("recruitment:campaigns", org_code=request.organisation.code)
    return render(
        request,
        "recruitment/campaigns.html",
        {"rows": campaign_report(request.access), "form": form, "may_add": may_add},
    )


@org_view(Cap.RECRUITMENT_VIEW)
def recruiter(request: AuthedRequest) -> HttpResponse:
    """Time to hire, stage conversion, offers declined, offers waiting on checks, vacancies open
    longest; ?format=xlsx downloads it with the campaigns."""
    view = recruiter_view(request.access)
    today = clock.today()
    by = "quarter" if request.GET.get("by") == "quarter" else "month"
    start, end = default_window(today, by)
    trend = time_to_hire(request.access, start=start, end=end, by=by)
    if request.GET.get("format") == "xlsx":
        body = workbook(view, campaign_report(request.access), today)
        response = HttpResponse(body, content_type=XLSX)
        name = f"recruitment-{request.organisation.code}-{today.isoformat()}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "recruitment/recruiter.html",
        {
            "view": view,
            "open_longest": [(v, days_open(v, today)) for v in view.open_longest],
            "trend": trend,
            "trend_chart": time_to_hire_chart(trend, by),
            "by": by,
            # The registrations of interest are for the whole council's recruiters only.
            "sees_interest": policy.sees_whole_council(request.access),
        },
    )
