"""Recruitment's hiring endpoints: the vacancies the caller may see and a vacancy's kind of
post, campaigns and their yield, the applications and moving one along, and the recruiter's
view (time to hire), each with the pages' permissions."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from thrive.api.changes import (
    VersionField,
)
from thrive.api.endpoints import OrgAPIView, OrgListAPIView
from thrive.api.http import AuthedApiRequest
from thrive.core import clock
from thrive.core.roles import Cap
from thrive.recruitment import policy, services
from thrive.recruitment.models import (
    VacancyRole,
)
from thrive.recruitment.selectors import VacancyFilters, vacancies_visible
from thrive.recruitment.selectors.campaigns import campaign_report
from thrive.recruitment.serializers import (
    ApplicationSerializer,
    CampaignSerializer,
    MoveSerializer,
    RecruiterSerializer,
    VacancySerializer,
)


class Vacancies(OrgListAPIView):
    """The council's vacancies the caller may see (their service's, or the council's), soonest
    closing first; ``?status=open`` narrows to one status."""

    capability = Cap.RECRUITMENT_VIEW
    serializer_class = VacancySerializer

    def get_queryset(self) -> Any:
        status = self.request.query_params.get("status", "")
        return vacancies_visible(self.request.access, VacancyFilters(status=status))


class VacancyKindSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=VacancyRole.choices)
    version = VersionField()


class VacancyKind(OrgAPIView):
    """POST ``{"role", "version"}`` changes the kind of post of a vacancy not yet filled or
    closed, as its page does (those who manage its team's recruitment): between a manager post
    and another kind its selection steps follow the council's template for the new kind, and
    the academy's talent pool follows it."""

    capability = Cap.RECRUITMENT_MANAGE
    serializer_class = VacancyKindSerializer

    @extend_schema(request=VacancyKindSerializer, responses=VacancySerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.recruitment.selectors import vacancy_for

        found = vacancy_for(request.access, pk)
        if found is None:
            raise Http404("No such vacancy")
        if not policy.manages_recruitment_in(request.access, found.team):
            raise PermissionDenied("You do not manage the recruitment of this vacancy's team.")
        d = self.valid(VacancyKindSerializer)
        changed = services.vacancy_kind_change(
            vacancy=found,
            role=d["role"],
            version=d["version"],
            actor=request.user,
        )
        return Response(VacancySerializer(changed).data)


class Campaigns(OrgListAPIView):
    """The council's campaigns with their yield: applications, shortlisted, offered, starters,
    still in post at 12 months, cost per starter (counts under five are null)."""

    capability = Cap.RECRUITMENT_VIEW
    serializer_class = CampaignSerializer

    def get_queryset(self) -> Any:
        return campaign_report(self.request.access)


class Applications(OrgListAPIView):
    """The applications to the vacancies the caller may see (their service's, or the
    council's), earliest first; ``?vacancy=ID`` and ``?stage=`` narrow them."""

    capability = Cap.RECRUITMENT_VIEW
    serializer_class = ApplicationSerializer

    def get_queryset(self) -> Any:
        from thrive.recruitment.selectors.applications import applications_visible

        q = self.request.query_params
        vacancy = q.get("vacancy", "")
        return applications_visible(
            self.request.access,
            vacancy_id=int(vacancy) if vacancy.isdigit() else None,
            stage=q.get("stage", ""),
        )


class ApplicationMove(OrgAPIView):
    """POST moves one application to its next stage (those who manage its vacancy's team):
    ``{"stage", "on": "YYYY-MM-DD" (optional, today), "declined_reason", "declined_note",
    "version"}``; an offer declined says why. Send the application's ``version`` you read: a
    change since is refused (400), nothing overwritten. The candidate is emailed as on the
    page."""

    capability = Cap.RECRUITMENT_MANAGE
    serializer_class = MoveSerializer

    @extend_schema(request=MoveSerializer, responses=ApplicationSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.recruitment.selectors import application_for

        found = application_for(request.access, pk)
        if found is None:
            raise Http404("No such application")
        if not policy.manages_recruitment_in(request.access, found.vacancy.team):
            raise PermissionDenied("You do not manage the recruitment of this vacancy's team.")
        d = self.valid(MoveSerializer)
        moved = services.application_move(application=found, actor=request.user, **d)
        moved = application_for(request.access, pk) or moved
        return Response(ApplicationSerializer(moved).data)


class Recruiter(OrgAPIView):
    """The recruiter's view, as on its page, within the caller's scope: median days from
    application to start, how many reached each stage, offers declined and why, offers waiting
    on safer recruitment checks, the five vacancies open longest, and the time-to-hire trend
    (median days from advert to offer accepted and to start, for the offers accepted in each of
    the last twelve months, or eight quarters with ``?by=quarter``; null where none was)."""

    capability = Cap.RECRUITMENT_VIEW
    serializer_class = RecruiterSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.recruitment.selectors.campaigns import days_open, recruiter_view
        from thrive.recruitment.selectors.time_to_hire import default_window, time_to_hire

        view = recruiter_view(request.access)
        today = clock.today()
        by = "quarter" if request.query_params.get("by") == "quarter" else "month"
        start, end = default_window(today, by)
        trend = time_to_hire(request.access, start=start, end=end, by=by)
        return Response(
            RecruiterSerializer(
                {
                    "median_days_to_hire": view.median_days_to_hire,
                    "starters": view.starters,
                    "conversion": dict(view.conversion),
                    "offers_declined": view.offers_declined,
                    "declined_why": dict(view.declined_why),
                    "offers_waiting_on_checks": view.offers_waiting_on_checks,
                    "open_longest": [
                        {
                            "vacancy": v.pk,
                            "title": v.title,
                            "team": v.team.name,
                            "days_open": days_open(v, today),
                        }
                        for v in view.open_longest
                    ],
                    "time_to_hire_by": by,
                    "time_to_hire": [r.as_dict() for r in trend],
                }
            ).data
        )
