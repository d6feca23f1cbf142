"""Feeds of the jobs open now, for job boards, aggregators and anyone following a council: RSS
and Atom through Django's syndication framework, and a CSV, for every council and for one; and a
sitemap of the portal's pages for search engines. The same open vacancies as the portal
(approved, closing today or later); no sign-in."""

from __future__ import annotations

import csv
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from thrive.people.models import Organisation
from thrive.recruitment.models import Vacancy
from thrive.recruitment.selectors import PortalFilters, council_by_code, open_vacancies

# A feed lists at most this many jobs, soonest closing first (the portal's own order).
FEED_LIMIT = 500

CSV_COLUMNS = [
    "council_code",
    "council",
    "region",
    "title",
    "team",
    "grade",
    "salary_min",
    "salary_max",
    "fte",
    "social_work_post",
    "closing_date",
    "posted",
    "url",
]


def _jobs(council: Organisation | None) -> list[Vacancy]:
    filters = PortalFilters(council=council.code) if council is not None else PortalFilters()
    return list(open_vacancies(filters)[:FEED_LIMIT])


def _council(org_code: str | None) -> Organisation | None:
    if org_code is None:
        return None
    found = council_by_code(org_code)
    if found is None:
        raise Http404("No such council")
    return found


class OpenJobsRss(Feed):  # type: ignore[type-arg]
    """RSS 2.0 of the open jobs, every council's or one council's (``org_code`` in the URL)."""

    def get_object(self, request: HttpRequest, org_code: str | None = None) -> Any:
        return _council(org_code)

    def title(self, council: Organisation | None) -> str:
        return f"Jobs at {council.name}" if council else "Social work jobs in councils"

    def link(self, council: Organisation | None) -> str:
        if council is None:
            return reverse("recruitment:jobs")
        return reverse("recruitment:council_jobs", kwargs={"org_code": council.code})

    def description(self, council: Organisation | None) -> str:
        where = council.name if council else "the councils' children's services"
        return f"Every job open now in {where}, soonest closing first."

    def items(self, council: Organisation | None) -> list[Vacancy]:
        return _jobs(council)

    def item_title(self, item: Vacancy) -> str:
        return f"{item.title}, {item.organisation.name}"

    def item_description(self, item: Vacancy) -> str:
        return (
            f"{item.team.name}. Grade {item.grade}, £{item.salary_min:,} to "
            f"£{item.salary_max:,} a year. Closes {item.closing_date:%-d %B %Y}."
        )

    def item_link(self, item: Vacancy) -> str:
        return reverse(
            "recruitment:job", kwargs={"org_code": item.organisation.code, "pk": item.pk}
        )

    def item_pubdate(self, item: Vacancy) -> datetime:
        return item.approved_at or item.created_at

    def item_updateddate(self, item: Vacancy) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Vacancy) -> str:
        return item.organisation.name

    def item_categories(self, item: Vacancy) -> list[str]:
        return [item.organisation.region, item.grade]


class OpenJobsAtom(OpenJobsRss):
    """The same as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self, council: Organisation | None) -> str:
        return self.description(council)


def jobs_csv(request: HttpRequest, org_code: str | None = None) -> HttpResponse:
    """The open jobs as CSV, one row a job, with the link to each job's page."""
    council = _council(org_code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"jobs-{council.code}.csv" if council else "jobs.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for v in _jobs(council):
        path = reverse("recruitment:job", kwargs={"org_code": v.organisation.code, "pk": v.pk})
        writer.writerow(
            [
                v.organisation.code,
                v.organisation.name,
                v.organisation.region,
                v.title,
                v.team.name,
                v.grade,
                v.salary_min,
                v.salary_max,
                f"{v.fte:.2f}",
                "yes" if v.social_work_post else "no",
                v.closing_date.isoformat(),
                (v.approved_at or v.created_at).date().isoformat(),
                request.build_absolute_uri(path),
            ]
        )
    return response


def sitemap(request: HttpRequest) -> HttpResponse:
    """The portal's pages for search engines (sitemaps.org 0.9): the portal, each council's page
    with a job open now, and each open job (at most ``FEED_LIMIT``), each job with the day it
    last changed. One query however many jobs."""
    jobs = _jobs(None)
    pages: list[tuple[str, str]] = [(reverse("recruitment:jobs"), "")]
    councils: dict[str, str] = {}
    for v in jobs:
        day = timezone.localdate(v.updated_at).isoformat()  # the council's day
        code = v.organisation.code
        councils[code] = max(councils.get(code, ""), day)
        pages.append((reverse("recruitment:job", kwargs={"org_code": code, "pk": v.pk}), day))
    pages[1:1] = [
        (reverse("recruitment:council_jobs", kwargs={"org_code": code}), day)
        for code, day in sorted(councils.items())
    ]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for path, day in pages:
        lastmod = f"<lastmod>{day}</lastmod>" if day else ""
        lines.append(f"<url><loc>{escape(request.build_absolute_uri(path))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return HttpResponse("\n".join(lines) + "\n", content_type="application/xml; charset=utf-8")
