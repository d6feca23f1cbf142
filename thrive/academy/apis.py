"""Academy endpoints: a worker's own assessed year, and the academy lead's cohorts with each
member's progress. Read through the same selectors as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
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


class RankedSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class SuggestionSerializer(RankedSerializer):
    offer = serializers.IntegerField(source="person_id")


class PairSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    skill = serializers.CharField(source="skill.name")
    mentor = serializers.CharField(source="mentor.full_name")
    mentee = serializers.CharField(source="mentee.full_name")
    reasons = serializers.CharField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    meetings = serializers.SerializerMethodField()
    outcome = serializers.CharField()

    def get_meetings(self, obj: Any) -> list[str]:
        return [m.held_on.isoformat() for m in obj.meetings.all()]


class OfferOutSerializer(serializers.Serializer[Any]):
    skill = serializers.CharField()
    capacity = serializers.IntegerField()
    offered_on = serializers.DateField()


class RequestOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    skill = serializers.CharField()
    status = serializers.CharField()
    asked_on = serializers.DateField()
    suggestions = SuggestionSerializer(many=True)


class SuggestedOfferSerializer(serializers.Serializer[Any]):
    skill = serializers.CharField()
    seen_in_supervision = serializers.IntegerField()


class MyMentoringSerializer(serializers.Serializer[Any]):
    offers = OfferOutSerializer(many=True)
    requests = RequestOutSerializer(many=True)
    as_mentee = PairSerializer(many=True)
    as_mentor = PairSerializer(many=True)
    suggested_offers = SuggestedOfferSerializer(many=True)


class ChampionSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    since = serializers.DateField(allow_null=True)


class NetworkSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    topic = serializers.CharField()
    skill = serializers.CharField(allow_null=True)
    champions = ChampionSerializer(many=True)


class MyMentoringView(OrgAPIView):
    """The caller's own mentoring: skills offered, skills asked for (each open request with its
    suggested mentors and the reasons), and their pairs as mentee and as mentor."""

    capability = Cap.ACADEMY_VIEW
    serializer_class = MyMentoringSerializer

    @extend_schema(responses=MyMentoringSerializer)
    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.academy import selectors_mentoring

        person = selectors.staff_of(request.access)
        if person is None:
            raise NotFound("You are not in this council's register.")
        m = selectors_mentoring.own_mentoring(person, clock.today())
        return Response(
            {
                "offers": [
                    {"skill": o.skill.name, "capacity": o.capacity, "offered_on": o.offered_on}
                    for o in m.offers
                ],
                "requests": [
                    {
                        "id": r.pk,
                        "skill": r.skill.name,
                        "status": r.status,
                        "asked_on": r.asked_on,
                        "suggestions": SuggestionSerializer(suggested, many=True).data,
                    }
                    for r, suggested in m.requests
                ],
                "as_mentee": PairSerializer(m.as_mentee, many=True).data,
                "as_mentor": PairSerializer(m.as_mentor, many=True).data,
                "suggested_offers": [
                    {"skill": skill.name, "seen_in_supervision": n}
                    for skill, n in m.suggested_offers
                ],
            }
        )


class MentoringCoverage(OrgAPIView):
    """Mentoring coverage and outcomes by skill (the workforce lead); outcomes of fewer than
    five closed pairs are null."""

    capability = Cap.ACADEMY_MANAGE
    serializer_class = PairSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from dataclasses import asdict

        from thrive.academy import selectors_mentoring

        c = selectors_mentoring.coverage(request.organisation, clock.today())
        return Response(
            {
                "requests": c.requests,
                "matched": c.matched,
                "matched_share": c.matched_share,
                "meetings": c.meetings,
                "outcomes": c.outcomes,
                "skills": [asdict(r) for r in c.rows],
            }
        )


class Champions(OrgAPIView):
    """Practice champion networks by topic with their current members."""

    capability = Cap.ACADEMY_VIEW
    serializer_class = NetworkSerializer
    pagination_class = None

    @extend_schema(responses=NetworkSerializer(many=True))
    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.academy import selectors_mentoring

        return Response(
            [
                {
                    "id": n.pk,
                    "topic": n.topic,
                    "skill": n.skill.name if n.skill else None,
                    "champions": [
                        {"name": c.person.full_name, "since": c.joined_on}
                        for c in n.current_members  # type: ignore[attr-defined]
                    ],
                }
                for n in selectors_mentoring.networks(request.organisation)
            ]
        )


def _talent_access(request: AuthedApiRequest) -> None:
    from rest_framework.exceptions import PermissionDenied

    from thrive.academy import policy

    if not policy.sees_talent_pool(request.access):
        raise PermissionDenied("The talent pool is for the academy lead and recruiters.")


class TalentPool(OrgAPIView):
    """The talent pool by readiness and what became of each person, the pipeline's figures
    (the share from the pool null under five appointments) and the manager vacancies in reach."""

    capability = Cap.RECRUITMENT_VIEW
    serializer_class = RankedSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from dataclasses import asdict

        from thrive.academy import selectors_pipeline as sel

        _talent_access(request)
        today = clock.today()
        figures = sel.figures(request.organisation, today)
        return Response(
            {
                "figures": {**asdict(figures), "share_from_pool": figures.share},
                "pool": [
                    {
                        "id": m.pk,
                        "person": m.person.full_name,
                        "readiness": m.readiness,
                        "interest": m.interest,
                        "joined_on": m.joined_on,
                        "status": m.status,
                        "outcome_on": m.outcome_on,
                        "appointed_to": m.appointed_to.title if m.appointed_to else None,
                    }
                    for m in sel.pool(request.organisation)
                ],
                "manager_vacancies": [
                    {"id": v.pk, "title": v.title, "team": v.team.name, "status": v.status}
                    for v in sel.manager_vacancies(request.access)
                ],
            }
        )


class Shortlist(OrgAPIView):
    """A vacant manager post's ranked shortlist from the talent pool, with reasons in words."""

    capability = Cap.RECRUITMENT_VIEW
    serializer_class = RankedSerializer

    def get(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.academy import selectors_pipeline as sel

        _talent_access(request)
        vacancy = sel.manager_vacancy_for(request.access, pk)
        if vacancy is None:
            raise NotFound("No such manager vacancy.")
        offer = sel.offers_for([pk]).get(pk)
        return Response(
            {
                "vacancy": {"id": pk, "title": vacancy.title},
                "offered_on": offer.offered_on if offer else None,
                "shortlist": RankedSerializer(
                    sel.shortlist(vacancy, clock.today()), many=True
                ).data,
            }
        )


urlpatterns = [
    org_path("academy/progression/mine/", MyProgression.as_view(), name="academy_my_progression"),
    org_path("academy/progression/plans/", ProgressionPlans.as_view(), name="academy_plans"),
    org_path("academy/asye/mine/", MyAsye.as_view(), name="academy_my_asye"),
    org_path("academy/cohorts/", Cohorts.as_view(), name="academy_cohorts"),
    org_path("academy/cohorts/<int:pk>/", CohortProgress.as_view(), name="academy_cohort"),
    org_path("academy/mentoring/mine/", MyMentoringView.as_view(), name="academy_my_mentoring"),
    org_path(
        "academy/mentoring/coverage/",
        MentoringCoverage.as_view(),
        name="academy_mentoring_coverage",
    ),
    org_path("academy/champions/", Champions.as_view(), name="academy_champions"),
    org_path("academy/talent/pool/", TalentPool.as_view(), name="academy_talent_pool"),
    org_path(
        "academy/talent/vacancies/<int:pk>/shortlist/",
        Shortlist.as_view(),
        name="academy_talent_shortlist",
    ),
]
