"""Academy endpoints: a worker's own assessed year, and the academy lead's cohorts with each
member's progress. Read through the same selectors as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from thrive.academy import selectors
from thrive.academy.selectors import Progress
from thrive.api.endpoints import OrgAPIView, OrgListAPIView
from thrive.api.http import AuthedApiRequest
from thrive.api.routing import org_path
from thrive.core import clock
from thrive.core.roles import Cap


class ReviewSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    month = serializers.IntegerField()
    due_on = serializers.DateField()
    reflection_needed = serializers.BooleanField()
    held_on = serializers.DateField(allow_null=True)
    signed_off_on = serializers.DateField(allow_null=True)


class EvidenceLineSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    have = serializers.IntegerField()
    need = serializers.IntegerField()


class ProgressSerializer(serializers.Serializer[Any]):
    enrolment = serializers.IntegerField(source="enrolment.pk")
    person = serializers.CharField(source="enrolment.person.full_name")
    cohort = serializers.CharField(source="enrolment.cohort.name")
    programme = serializers.CharField(source="enrolment.programme.name")
    started_on = serializers.DateField(source="enrolment.started_on")
    outcome = serializers.CharField(source="enrolment.outcome")
    extended_to = serializers.DateField(source="enrolment.extended_to", allow_null=True)
    transitioned_on = serializers.DateField(source="enrolment.transitioned_on", allow_null=True)
    evidence = EvidenceLineSerializer(many=True)
    evidence_have = serializers.IntegerField()
    evidence_need = serializers.IntegerField()
    reviews = ReviewSerializer(many=True)
    reviews_signed = serializers.IntegerField()
    reviews_overdue = serializers.SerializerMethodField()
    development_hours = serializers.DecimalField(max_digits=7, decimal_places=1)
    development_due = serializers.DecimalField(max_digits=7, decimal_places=1)

    def get_reviews_overdue(self, obj: Progress) -> int:
        return len(obj.overdue)


class MyAsye(OrgAPIView):
    """The caller's own assessed year: evidence against the programme, reviews and due dates,
    development time; 404 if they are not enrolled."""

    capability = Cap.ACADEMY_VIEW
    serializer_class = ProgressSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        enrolment = selectors.own_enrolment(request.access)
        if enrolment is None:
            raise NotFound("You are not enrolled in the academy.")
        (glance,) = selectors.progress(request.organisation, [enrolment], clock.today())
        return Response({"enrolled": True, **ProgressSerializer(glance).data})


class CohortSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    starts_on = serializers.DateField()
    team = serializers.CharField(source="team.name", allow_null=True, default=None)
    enrolled = serializers.IntegerField()
    in_progress = serializers.IntegerField()


class Cohorts(OrgListAPIView):
    """The council's academy cohorts (the academy lead)."""

    capability = Cap.ACADEMY_MANAGE
    serializer_class = CohortSerializer

    def get_queryset(self) -> Any:
        return selectors.cohorts(self.request.organisation)


class CohortProgress(OrgAPIView):
    """One cohort: each member's progress at a glance (the academy lead)."""

    capability = Cap.ACADEMY_MANAGE
    serializer_class = ProgressSerializer

    def get(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        cohort = selectors.cohort_for(request.organisation, pk)
        if cohort is None:
            raise Http404("No such cohort")
        rows = selectors.progress(
            request.organisation, selectors.cohort_enrolments(cohort), clock.today()
        )
        return Response(
            {
                "cohort": CohortSerializer(
                    {
                        "id": cohort.pk,
                        "name": cohort.name,
                        "starts_on": cohort.starts_on,
                        "team": cohort.team,
                        "enrolled": len(rows),
                        "in_progress": sum(1 for r in rows if r.enrolment.outcome == "in_progress"),
                    }
                ).data,
                "members": ProgressSerializer(rows, many=True).data,
            }
        )


class PlanEvidenceSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    label = serializers.CharField(source="kind_label")  # type: ignore[assignment]
    title = serializers.CharField()
    on = serializers.DateField()


class PlanSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    person = serializers.CharField(source="person.full_name")
    level = serializers.CharField(source="level.name")
    goals = serializers.CharField()
    manager_view = serializers.CharField()
    status = serializers.CharField()
    applied_on = serializers.DateField(allow_null=True)
    panel_on = serializers.DateField(allow_null=True)
    scores = serializers.JSONField()
    feedback = serializers.CharField()
    role_from = serializers.DateField(allow_null=True)
    evidence = PlanEvidenceSerializer(many=True)


class MyProgression(OrgListAPIView):
    """The caller's own progression plans: goals, evidence, the manager's view and any panel's
    scores, decision and feedback."""

    capability = Cap.ACADEMY_VIEW
    serializer_class = PlanSerializer

    def get_queryset(self) -> Any:
        return selectors.progression_plans(self.request.organisation).filter(
            person__user=self.request.user
        )


class ProgressionPlans(OrgListAPIView):
    """Every progression plan in the council (the academy lead)."""

    capability = Cap.ACADEMY_MANAGE
    serializer_class = PlanSerializer

    def get_queryset(self) -> Any:
        return selectors.progression_plans(self.request.organisation)


urlpatterns = [
    org_path("academy/progression/mine/", MyProgression.as_view(), name="academy_my_progression"),
    org_path("academy/progression/plans/", ProgressionPlans.as_view(), name="academy_plans"),
    org_path("academy/asye/mine/", MyAsye.as_view(), name="academy_my_asye"),
    org_path("academy/cohorts/", Cohorts.as_view(), name="academy_cohorts"),
    org_path("academy/cohorts/<int:pk>/", CohortProgress.as_view(), name="academy_cohort"),
]
