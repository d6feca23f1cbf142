"""Base endpoints: the signed-in person, and the councils they belong to."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from thrive.api.permissions import HasOrgCapability
from thrive.api.serializers import MeasuresSerializer, MeSerializer, OrganisationSerializer
from thrive.core import clock
from thrive.core.roles import Cap
from thrive.people.models import Organisation
from thrive.people.selectors import organisations_for_user


class MeView(generics.GenericAPIView[Any]):
    """The signed-in person and their roles in every council."""

    serializer_class = MeSerializer

    def get(self, request: Request) -> Response:
        from thrive.accounts.models import User

        user = User.objects.prefetch_related(
            "role_assignments__organisation",
            "role_assignments__team",
            "role_assignments__service",
        ).get(pk=request.user.pk)  # type: ignore[misc]
        return Response(MeSerializer(user).data)


class OrganisationList(generics.ListAPIView[Organisation]):
    """The councils in which the caller holds a role."""

    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisations_for_user(self.request.user)


class OrganisationDetail(generics.RetrieveAPIView[Organisation]):
    """One council, if the caller holds a role in it."""

    serializer_class = OrganisationSerializer
    permission_classes = [HasOrgCapability]
    capability = Cap.HOME

    def get_object(self) -> Organisation:
        return self.request.organisation  # type: ignore[attr-defined,no-any-return]


class MeasuresView(generics.GenericAPIView[Any]):
    """The DfE workforce measures for a census year (``?year=2025``), for the whole council or,
    for managers, the teams they may see (``?team=<id>`` for one team)."""

    permission_classes = [HasOrgCapability]
    capability = Cap.MEASURES_VIEW
    serializer_class = MeasuresSerializer

    def get(self, request: Request, org_code: str) -> Response:

        from thrive.core.errors import ThriveError
        from thrive.intelligence.dashboard import latest_census_year
        from thrive.intelligence.policy import measures_team_ids, measures_teams
        from thrive.intelligence.services import measures_for

        access = request.access  # type: ignore[attr-defined]
        today = clock.today()
        latest = latest_census_year(today)
        # Census years run to 30 September; before 2000 or after next year there is nothing to
        # measure (and a date in year -1 or 10000 cannot even be written).
        earliest, last = 2000, today.year + 1
        message = f"year must be a census year from {earliest} to {last}, such as {latest}."
        try:
            year = int(request.query_params.get("year", latest))
        except ValueError as exc:
            raise ThriveError(message) from exc
        if not earliest <= year <= last:
            raise ThriveError(message)
        team_param = request.query_params.get("team")
        if team_param:
            teams = measures_teams(access).filter(
                pk=int(team_param) if team_param.isdigit() else -1
            )
            if not teams.exists():
                return Response({"detail": "Not found."}, status=404)
            team_ids: list[int] | None = list(teams.values_list("pk", flat=True))
        else:
            team_ids = measures_team_ids(access)
        values = measures_for(request.organisation, year, team_ids=team_ids)  # type: ignore[attr-defined]
        return Response({"organisation": org_code, "year": year, "team": team_param, **values})


class StaffList(generics.ListAPIView[Any]):
    """The people in the register the caller may see, with their latest spell."""

    permission_classes = [HasOrgCapability]
    capability = Cap.REGISTER_VIEW

    def get_queryset(self) -> Any:
        from thrive.people.selectors import StaffFilters, staff_list

        status = self.request.query_params.get("status", "current")
        filters = StaffFilters(status=status if status in {"current", "left", "all"} else "current")

        return staff_list(self.request.access, filters, on=clock.today())  # type: ignore[attr-defined]

    def get_serializer_class(self) -> Any:
        from thrive.api.serializers import StaffSerializer

        return StaffSerializer


class TeamCaseloads(generics.ListAPIView[Any]):
    """Each case-holding worker in a team: children held, weighted load, their own cap and status
    (``?on=YYYY-MM-DD``, default today)."""

    permission_classes = [HasOrgCapability]
    capability = Cap.CASELOAD_VIEW
    pagination_class = None

    def get_serializer_class(self) -> Any:
        from thrive.api.serializers import WorkerLoadSerializer

        return WorkerLoadSerializer

    def get_queryset(self) -> Any:
        from django.http import Http404

        from thrive.caseloads.selectors import case_holding_spells, worker_loads
        from thrive.core.params import date_param
        from thrive.core.roles import Scope
        from thrive.people.models import Team

        access = self.request.access  # type: ignore[attr-defined]
        team = Team.objects.visible_to(access, Cap.CASELOAD_VIEW).filter(pk=self.kwargs["pk"])
        found = team.first()
        if found is None or access.scope(Cap.CASELOAD_VIEW) < Scope.TEAM:
            raise Http404
        on = date_param(self.request.query_params)
        org = self.request.organisation  # type: ignore[attr-defined]
        return worker_loads(org, case_holding_spells(org, on, team=found), on)
