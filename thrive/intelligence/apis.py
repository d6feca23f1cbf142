"""The intelligence endpoint: the DfE workforce measures for a census year."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from analytics.measures import COUNT_MEASURES, MEASURES
from thrive.api.endpoints import OrgAPIView
from thrive.api.http import AuthedApiRequest
from thrive.api.routing import org_path
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap
from thrive.intelligence.dashboard import latest_census_year
from thrive.intelligence.policy import measures_team_ids, measures_teams
from thrive.intelligence.services import measures_for_year


def _measures_serializer() -> type[serializers.Serializer[Any]]:
    attrs: dict[str, Any] = {
        "organisation": serializers.CharField(),
        "year": serializers.IntegerField(),
        "team": serializers.CharField(allow_null=True),
        "note": serializers.CharField(allow_null=True),
        "year_to_date": serializers.BooleanField(),
    }
    for name in MEASURES:
        attrs[name] = (
            serializers.IntegerField(allow_null=True)
            if name in COUNT_MEASURES
            else serializers.FloatField(allow_null=True)
        )
    return type("MeasuresSerializer", (serializers.Serializer,), attrs)


MeasuresSerializer = _measures_serializer()


class MeasuresView(OrgAPIView):
    """The DfE workforce measures for a census year (``?year=2025``), for the whole council or,
    for managers, the teams they may see (``?team=<id>`` for one team). ``note`` says why a
    year has no figures (``"No register data before 2021"``: every measure null) or that it is
    still running (``"2026: year to date"``); it is null otherwise."""

    capability = Cap.MEASURES_VIEW
    serializer_class = MeasuresSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        access = request.access
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
        # A year the register holds no data for is null with the reason, never zeros.
        found = measures_for_year(request.organisation, year, team_ids=team_ids)
        return Response(
            {
                "organisation": org_code,
                "year": year,
                "team": team_param,
                "note": found.note,
                "year_to_date": found.year_to_date,
                **found.measures,
            }
        )


class RetentionSerializer(serializers.Serializer[Any]):
    organisation = serializers.CharField()
    by = serializers.CharField()
    on = serializers.DateField()
    observed_from = serializers.DateField(allow_null=True)
    groups = serializers.ListField(child=serializers.DictField())
    destinations = serializers.ListField(child=serializers.DictField())
    reasons = serializers.ListField(child=serializers.DictField())


class RetentionView(OrgAPIView):
    """Kaplan–Meier retention of the council's permanent social workers (managers: their
    teams) by ``?by=all|cohort|team|start_origin|academy|grade|route`` on ``?on=YYYY-MM-DD``
    (default today; ``academy``: through the council's academy or not): per group the people
    at risk, leavers, survival at 1, 2, 3 and 5 years with 95%
    limits (null past the follow-up, with the reason), median tenure and early leavers; where
    leavers went and why. Groups under five are null with ``suppressed`` saying so."""

    capability = Cap.MEASURES_VIEW
    serializer_class = RetentionSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from datetime import date

        from analytics.retention import BY_FIELDS
        from thrive.intelligence.retention import retention_for

        by = request.query_params.get("by", "all")
        if by not in BY_FIELDS:
            raise ThriveError(f"by must be one of {', '.join(BY_FIELDS)}.")
        try:
            on = date.fromisoformat(request.query_params.get("on") or clock.today().isoformat())
        except ValueError as exc:
            raise ThriveError("on must be a date such as 2026-03-31.") from exc
        result = retention_for(
            request.organisation, by=by, on=on, team_ids=measures_team_ids(request.access)
        )
        return Response({"organisation": org_code, **result.as_dict()})


def _on_param(request: AuthedApiRequest) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(request.query_params.get("on") or clock.today().isoformat())
    except ValueError as exc:
        raise ThriveError("on must be a date such as 2026-03-31.") from exc


def _int_param(request: AuthedApiRequest, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    try:
        value = default if raw in (None, "") else int(raw)
    except ValueError as exc:
        raise ThriveError(f"{name} must be a whole number from {low} to {high:,}.") from exc
    if not low <= value <= high:
        raise ThriveError(f"{name} must be a whole number from {low} to {high:,}.")
    return value


class ProjectionSerializer(serializers.Serializer[Any]):
    organisation = serializers.CharField()
    on = serializers.DateField()
    scenario = serializers.DictField()
    runs = serializers.IntegerField()
    seed = serializers.IntegerField()
    years = serializers.ListField(child=serializers.DictField())
    inputs = serializers.DictField()
    backtest = serializers.DictField(allow_null=True, required=False)


CUSTOM_SETTINGS = ("academy_intake_delta", "agency_cap_share", "caseload_cap", "turnover_rate")


class ProjectionView(OrgAPIView):
    """The workforce projection (Monte Carlo) for the council, or a manager's teams, from
    ``?on=`` (default today): ``?years=1..5`` (5), ``?runs=1..10000`` (10,000), ``?seed=`` (0;
    the same seed gives the same answer), and either ``?scenario=`` one of the page's scenarios
    ("As now", "Academy intake +10 a year", "Agency capped at 10%", "Caseload cap of 15",
    "Turnover at the region's median" where the region's published figures are loaded) or a
    custom scenario from any of ``?academy_intake_delta=``, ``?agency_cap_share=`` (0.1 for
    10%), ``?caseload_cap=``, ``?turnover_rate=`` (% a year) and ``?name=``, as the CLI's
    scenario file. ``?backtest=YEAR`` adds the backtest: fitted at the end of census YEAR,
    projected a year on, compared with what was in post (the error). Per year the 10th, 50th
    and 90th percentiles of each quantity; year 0 is the register; ``inputs`` are the fitted
    rates (with where the academy intake and agency cost came from)."""

    capability = Cap.MEASURES_VIEW
    serializer_class = ProjectionSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from analytics.projection import Scenario
        from thrive.intelligence.projection import projection_result, scenario_named

        params = request.query_params
        on = _on_param(request)
        years = _int_param(request, "years", 5, 1, 5)
        runs = _int_param(request, "runs", 10_000, 1, 10_000)
        seed = _int_param(request, "seed", 0, 0, 2**31 - 1)
        custom = {k: params[k] for k in CUSTOM_SETTINGS if params.get(k) not in (None, "")}
        try:
            if custom:
                if params.get("scenario"):
                    raise ValueError(
                        "give either scenario or a custom scenario's settings, not both."
                    )
                scenario = Scenario.from_dict({"name": params.get("name") or "Custom", **custom})
            else:
                scenario = scenario_named(request.organisation, params.get("scenario") or "As now")
        except ValueError as exc:
            raise ThriveError(str(exc)) from exc
        fitted_year = None
        if params.get("backtest"):
            fitted_year = _int_param(request, "backtest", 0, 2000, on.year - 1)
        out = projection_result(
            request.organisation,
            on=on,
            years=years,
            runs=runs,
            seed=seed,
            scenario=scenario,
            team_ids=measures_team_ids(request.access),
            backtest_year=fitted_year,
        )
        return Response({"organisation": org_code, **out})


class DriversSerializer(serializers.Serializer[Any]):
    organisation = serializers.CharField()
    on = serializers.DateField()
    status = serializers.CharField()
    job = serializers.IntegerField(allow_null=True)
    job_url = serializers.CharField(allow_null=True)
    computed_at = serializers.DateTimeField(allow_null=True)
    detail = serializers.CharField(allow_null=True)
    people = serializers.IntegerField(required=False)
    leavers = serializers.IntegerField(required=False)
    factors = serializers.ListField(child=serializers.DictField(), required=False)
    teams = serializers.ListField(child=serializers.DictField(), required=False)


class DriversView(OrgAPIView):
    """What drives leaving (a Cox model over the council's own records) on ``?on=`` (default
    today), as the drivers page shows it: never fitted in the request (many seconds for a large
    council) but by the ``drivers_page`` background job, kept per day, data version and the
    teams the caller may see (the page's job for the same scope is the same job).

    ``GET`` answers 200 with the kept result (``status`` "ready", ``computed_at``, each factor's
    hazard ratio, 95% interval, status and sentence; the stability of the caller's teams) or 202
    with ``status`` "not computed", "queued", "running" or "failed" and how to ask. ``POST``
    queues the job (once, however often it is sent) and answers 202 with the job, or 200 with
    the kept result when it is already worked out. About factors, never about a person."""

    capability = Cap.MEASURES_VIEW
    serializer_class = DriversSerializer

    def _scope(self, request: AuthedApiRequest) -> tuple[Any, list[int] | None, dict[str, Any]]:
        from thrive.jobs.pages import page_params

        on = _on_param(request)
        team_ids = measures_team_ids(request.access)
        return on, team_ids, page_params(request.organisation, on, team_ids)

    def _answer(self, request: AuthedApiRequest, on: Any, job: Any) -> Response:
        import json

        from django.urls import reverse

        org = request.organisation
        head: dict[str, Any] = {
            "organisation": org.code,
            "on": on.isoformat(),
            "job": job.pk if job is not None else None,
            "job_url": (
                request.build_absolute_uri(reverse("jobs:job", args=[org.code, job.pk]))
                if job is not None
                else None
            ),
            "computed_at": job.finished_at if job is not None else None,
        }
        if job is not None and job.status == "succeeded" and job.output:
            kept = json.loads(bytes(job.output))
            return Response({**head, "status": "ready", "detail": None, **kept})
        status = "not computed" if job is None else job.status
        if job is not None and job.status == "failed":
            detail = f"The last try failed ({job.error or 'no reason given'}); POST to try again."
        elif job is not None:
            detail = "Being worked out in the background: GET this address again shortly."
        else:
            detail = (
                "Not worked out yet for this day and the council's records: POST to this "
                "address (same ?on=) to ask for it, then GET it again."
            )
        return Response({**head, "status": status, "detail": detail}, status=202)

    @extend_schema(responses={200: DriversSerializer, 202: DriversSerializer})
    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.jobs.selectors import page_job

        on, _, params = self._scope(request)
        return self._answer(request, on, page_job(request.organisation, "drivers_page", params))

    @extend_schema(request=None, responses={200: DriversSerializer, 202: DriversSerializer})
    def post(self, request: AuthedApiRequest, org_code: str) -> Response:
        from rest_framework.exceptions import PermissionDenied

        from thrive.intelligence.drivers_page import DRIVERS_PAGE
        from thrive.jobs.selectors import page_job
        from thrive.jobs.services import job_prepare

        on, team_ids, params = self._scope(request)
        if team_ids is not None and not team_ids:
            raise PermissionDenied("You see no team's figures in this council.")
        org = request.organisation
        kept = page_job(org, "drivers_page", params)
        if kept is not None and kept.status == "succeeded" and kept.output:
            return self._answer(request, on, kept)
        job = job_prepare(
            kind="drivers_page",
            title=DRIVERS_PAGE.job_title(on, team_ids),
            organisation=org,
            params=params,
            user=request.user,
        )
        return self._answer(request, on, job)


urlpatterns = [
    org_path("measures/", MeasuresView.as_view(), name="measures"),
    org_path("retention/", RetentionView.as_view(), name="retention"),
    org_path("projection/", ProjectionView.as_view(), name="projection"),
    org_path("drivers/", DriversView.as_view(), name="drivers"),
]


# ---- The Ofsted workforce evidence pack: started, followed and downloaded -------------------


class PackJobSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.CharField()
    format = serializers.CharField()
    on = serializers.DateField()
    title = serializers.CharField()
    stage = serializers.CharField()
    percent = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(allow_null=True)
    queued_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField()
    file_url = serializers.CharField(allow_null=True)
    file_name = serializers.CharField(allow_null=True)


class PackRequestSerializer(serializers.Serializer[Any]):
    format = serializers.ChoiceField(choices=["pdf", "xlsx"])
    on = serializers.DateField(required=False)
    commentary = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=True), required=False
    )

    def validate_on(self, value: Any) -> Any:
        from thrive.intelligence.pack_views import pack_date_problem

        problem = pack_date_problem(value, clock.today())
        if problem:
            raise serializers.ValidationError(problem)
        return value

    def validate_commentary(self, value: dict[str, str]) -> dict[str, str]:
        from thrive.intelligence.pack import SECTION_KEYS
        from thrive.intelligence.services import COMMENTARY_LIMIT

        unknown = sorted(set(value) - set(SECTION_KEYS))
        if unknown:
            raise serializers.ValidationError(
                f"No section is called {', '.join(unknown)}: the sections are "
                f"{', '.join(SECTION_KEYS)}."
            )
        long = [k for k, v in value.items() if len(v) > COMMENTARY_LIMIT]
        if long:
            raise serializers.ValidationError(
                f"The commentary for {', '.join(long)} is longer than {COMMENTARY_LIMIT} "
                "characters."
            )
        return {k: v for k, v in value.items() if v}


def _pack_job(request: AuthedApiRequest, job: Any) -> dict[str, Any]:
    from django.urls import reverse

    code = request.organisation.code
    ready = job.status == "succeeded" and bool(job.output_name)
    return {
        "id": job.pk,
        "status": job.status,
        "format": job.params.get("format"),
        "on": job.params.get("on"),
        "title": job.title,
        "stage": job.stage,
        "percent": job.percent,
        "error": job.error or None,
        "queued_at": job.queued_at,
        "finished_at": job.finished_at,
        "url": request.build_absolute_uri(reverse("api:ofsted_pack", args=[code, job.pk])),
        "file_url": (
            request.build_absolute_uri(reverse("api:ofsted_pack_file", args=[code, job.pk]))
            if ready
            else None
        ),
        "file_name": job.output_name if ready else None,
    }


def _pack_of(request: AuthedApiRequest, pk: int) -> Any:
    """The council's pack job numbered *pk* (404 for another council's, or another kind)."""
    from django.http import Http404

    from thrive.jobs.selectors import job_for

    job = job_for(request.organisation, pk)
    if job is None or job.kind != "ofsted_pack":
        raise Http404
    return job


class PacksView(OrgAPIView):
    """The Ofsted workforce evidence pack, as the pack's page makes it (the same permission:
    the whole council's evidence pack). ``GET``: the last 20 packs prepared, newest first.
    ``POST`` ``{"format": "pdf"|"xlsx", "on": "YYYY-MM-DD" (default today), "commentary":
    {section: text}}`` (this pack's own words for some sections, not saved) queues the
    background job and answers 202 with it (the same job while it waits, however often sent);
    ``GET`` its ``url`` until ``status`` is "succeeded", then its ``file_url``."""

    capability = Cap.EVIDENCE_PACK
    serializer_class = PackJobSerializer

    @extend_schema(responses={200: PackJobSerializer(many=True)})
    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.jobs.selectors import latest_jobs

        found = latest_jobs(request.organisation, "ofsted_pack")
        return Response([_pack_job(request, j) for j in found])

    @extend_schema(request=PackRequestSerializer, responses={202: PackJobSerializer})
    def post(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.intelligence.pack_views import pack_job_prepare

        given = self.valid(PackRequestSerializer)
        job = pack_job_prepare(
            request.organisation,
            on=given.get("on") or clock.today(),
            fmt=given["format"],
            once=given.get("commentary") or {},
            user=request.user,
        )
        return Response(_pack_job(request, job), status=202)


class PackView(OrgAPIView):
    """One pack's job: its status and progress, and, once made, the address of its file."""

    capability = Cap.EVIDENCE_PACK
    serializer_class = PackJobSerializer

    def get(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        return Response(_pack_job(request, _pack_of(request, pk)))


class PackFileView(OrgAPIView):
    """The pack's file (PDF or Excel workbook), audited as the job page's download is; 409 with
    the job's status while it is still being made (or if it failed)."""

    capability = Cap.EVIDENCE_PACK
    serializer_class = PackJobSerializer

    @extend_schema(
        responses={
            (200, "application/pdf"): bytes,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes,
            409: PackJobSerializer,
        }
    )
    def get(self, request: AuthedApiRequest, org_code: str, pk: int) -> Any:
        from django.http import HttpResponse

        from thrive.core.audit import audit_log
        from thrive.jobs.selectors import job_output_of

        job = _pack_of(request, pk)
        found = job_output_of(request.organisation, job.pk)
        if found is None:
            return Response(
                {
                    **_pack_job(request, job),
                    "detail": f"The pack is not ready: it is {job.status}.",
                },
                status=409,
            )
        audit_log(
            action="jobs.downloaded",
            user=request.user,
            organisation=request.organisation,
            obj=found,
            summary=f"Downloaded {found.output_name} ({found.title}) through the API",
            request=request,
        )
        response = HttpResponse(bytes(found.output or b""), content_type=found.output_type)
        response["Content-Disposition"] = f'attachment; filename="{found.output_name}"'
        return response


urlpatterns += [
    org_path("ofsted-pack/", PacksView.as_view(), name="ofsted_packs"),
    org_path("ofsted-pack/<int:pk>/", PackView.as_view(), name="ofsted_pack"),
    org_path("ofsted-pack/<int:pk>/file/", PackFileView.as_view(), name="ofsted_pack_file"),
]
