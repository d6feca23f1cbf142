"""Academy endpoints: a worker's own assessed year, and the academy lead's cohorts with each
member's progress and the academy report. Read through the same selectors as the pages.

This module is long because the API's routing test wants every academy endpoint in the app's
``apis.py`` (the ASYE, progression, mentoring, champions and the talent pool)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from thrive.academy import selectors
from thrive.academy.serializers import (
    AcademyReportSerializer,
    ChooseInSerializer,
    CloseInSerializer,
    CohortSerializer,
    ConversationInSerializer,
    ConversationOutSerializer,
    CreatedSerializer,
    DeclineInSerializer,
    ManagerVacancySerializer,
    MeetingInSerializer,
    MyMentoringSerializer,
    NetworkSerializer,
    OfferInSerializer,
    PairSerializer,
    PlanSerializer,
    ProgressSerializer,
    RankedSerializer,
    ReopenInSerializer,
    RequestInSerializer,
    SuggestionSerializer,
)
from thrive.api.endpoints import OrgAPIView, OrgListAPIView
from thrive.api.http import AuthedApiRequest
from thrive.api.routing import org_paths
from thrive.core import clock
from thrive.core.params import date_param
from thrive.core.roles import Cap


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


class Cohorts(OrgListAPIView):
    """The council's academy cohorts (the academy lead)."""

    capability = Cap.ACADEMY_MANAGE
    serializer_class = CohortSerializer

    def get_queryset(self) -> Any:
        return selectors.cohorts(self.request.organisation)


class AcademyReport(OrgAPIView):
    """The academy report (the academy lead; ``?on=YYYY-MM-DD``, default today): as
    ``thrive academy report --format json``."""

    capability = Cap.ACADEMY_MANAGE
    serializer_class = AcademyReportSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.academy.report import academy_report

        data = academy_report(request.organisation, date_param(request.query_params))
        return Response(AcademyReportSerializer(data).data)


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


def _plan(request: AuthedApiRequest, pk: int) -> Any:
    """A plan the caller may decline or re-open: their own, or as their line manager or the
    academy lead recording it on their behalf (404 for a plan they cannot see)."""
    from thrive.academy import policy

    found = selectors.plan_for(request.access, pk)
    if found is None:
        raise NotFound("No such progression plan.")
    if not policy.declines_for(request.access, found):
        raise PermissionDenied("Declining progression is the person's own choice.")
    return found


class ProgressionDecline(OrgAPIView):
    """POST ``{"reason", "note", "on", "version"}``: decline progression on an open plan (the
    person, or their line manager or the academy lead on their behalf); send the plan's
    ``version`` you read (changed since: refused, nothing overwritten)."""

    capability = Cap.ACADEMY_VIEW
    serializer_class = DeclineInSerializer

    @extend_schema(responses=PlanSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.academy.services import plan_decline

        found = _plan(request, pk)
        d = self.valid(DeclineInSerializer)
        done = plan_decline(
            plan=found,
            on=d.get("on") or clock.today(),
            reason=d["reason"],
            note=d["note"],
            version=d["version"],
            actor=request.user,
        )
        return Response(PlanSerializer(done).data)


class ProgressionReopen(OrgAPIView):
    """POST ``{"version"}``: re-open a declined plan (back to being prepared)."""

    capability = Cap.ACADEMY_VIEW
    serializer_class = ReopenInSerializer

    @extend_schema(responses=PlanSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.academy.services import plan_reopen

        found = _plan(request, pk)
        d = self.valid(ReopenInSerializer)
        done = plan_reopen(plan=found, version=d["version"], actor=request.user)
        return Response(PlanSerializer(done).data)


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
                    {
                        "id": o.pk,
                        "skill": o.skill.name,
                        "capacity": o.capacity,
                        "offered_on": o.offered_on,
                    }
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
                "manager_vacancies": ManagerVacancySerializer(
                    sel.manager_vacancies(request.access), many=True
                ).data,
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


# --- Writes: mentoring and career conversations, through the pages' services and policy ---------


def _me(request: AuthedApiRequest) -> Any:
    person = selectors.staff_of(request.access)
    if person is None:
        raise PermissionDenied("You are not in this council's register.")
    return person


def _skill(request: AuthedApiRequest, pk: int) -> Any:
    from thrive.academy import selectors_mentoring

    skill = selectors_mentoring.skill_of(request.organisation, pk, clock.today())
    if skill is None:
        raise NotFound("No such practice skill.")
    return skill


def _created(obj: Any) -> Response:
    return Response({"id": obj.pk, "version": obj.version}, status=status.HTTP_201_CREATED)


class MentoringOffer(OrgAPIView):
    """POST ``{"skill", "capacity", "note"}``: offer to mentor colleagues in a practice skill."""

    capability = Cap.ACADEMY_VIEW
    serializer_class = OfferInSerializer

    @extend_schema(responses={201: CreatedSerializer})
    def post(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.academy.services.mentoring import skill_offer_add

        d = self.valid(OfferInSerializer)
        me = _me(request)
        offer = skill_offer_add(
            person=me,
            skill=_skill(request, d["skill"]),
            capacity=d["capacity"],
            note=d["note"],
            actor=request.user,
        )
        return _created(offer)


class MentoringRequest(OrgAPIView):
    """POST ``{"skill", "note"}``: ask for a mentor in a practice skill (the suggestions are then
    in ``academy/mentoring/mine/``)."""

    capability = Cap.ACADEMY_VIEW
    serializer_class = RequestInSerializer

    @extend_schema(responses={201: CreatedSerializer})
    def post(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.academy.services.mentoring import skill_request_add

        d = self.valid(RequestInSerializer)
        me = _me(request)
        asked = skill_request_add(
            person=me, skill=_skill(request, d["skill"]), note=d["note"], actor=request.user
        )
        return _created(asked)


class MentoringChoose(OrgAPIView):
    """POST ``{"offer"}``: the mentee chooses a mentor for their own open request."""

    capability = Cap.ACADEMY_VIEW
    serializer_class = ChooseInSerializer

    @extend_schema(responses={201: PairSerializer})
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.academy import selectors_mentoring as sel
        from thrive.academy.services.mentoring import mentoring_pair_start

        d = self.valid(ChooseInSerializer)
        asked = sel.own_request(_me(request), pk)
        offer = sel.offer_of(request.organisation, d["offer"])
        if asked is None or offer is None:
            raise NotFound("No such request or offer.")
        pair = mentoring_pair_start(request=asked, offer=offer, actor=request.user)
        return Response(PairSerializer(pair).data, status=status.HTTP_201_CREATED)


def _pair(request: AuthedApiRequest, pk: int) -> Any:
    from thrive.academy import policy
    from thrive.academy import selectors_mentoring as sel

    pair = sel.pair_of(request.organisation, pk)
    if pair is None or not policy.sees_pair(request.access, pair):
        raise NotFound("No such mentoring.")
    return pair


class MentoringMeetingAdd(OrgAPIView):
    """POST ``{"held_on", "note"}``: a meeting of a mentoring pair (its mentee or mentor)."""

    capability = Cap.ACADEMY_VIEW
    serializer_class = MeetingInSerializer

    @extend_schema(responses={201: PairSerializer})
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.academy import policy
        from thrive.academy.services.mentoring import mentoring_meeting_add

        pair = _pair(request, pk)
        if not policy.keeps_pair(request.access, pair):
            raise PermissionDenied("Meetings are recorded by the mentee or the mentor.")
        d = self.valid(MeetingInSerializer)
        mentoring_meeting_add(pair=pair, held_on=d["held_on"], note=d["note"], actor=request.user)
        return Response(PairSerializer(_pair(request, pk)).data, status=status.HTTP_201_CREATED)


class MentoringClose(OrgAPIView):
    """POST ``{"on", "reflection", "outcome", "version"}``: the mentee closes the pair with a
    reflection; send the pair's ``version`` you read (changed since: refused, nothing
    overwritten)."""

    capability = Cap.ACADEMY_VIEW
    serializer_class = CloseInSerializer

    @extend_schema(responses=PairSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.academy import policy
        from thrive.academy.services.mentoring import mentoring_close

        pair = _pair(request, pk)
        if not policy.closes_pair(request.access, pair):
            raise PermissionDenied("The closing reflection is the mentee's.")
        d = self.valid(CloseInSerializer)
        closed = mentoring_close(
            pair=pair,
            on=d["on"],
            reflection=d["reflection"],
            outcome=d["outcome"],
            version=d["version"],
            actor=request.user,
        )
        return Response(PairSerializer(closed).data)


class CareerConversationAdd(OrgAPIView):
    """POST a career conversation: the academy lead for anyone, a line manager for their own
    staff, never for oneself. Ready now or in 12 months puts the person in the talent pool."""

    capability = Cap.ACADEMY_VIEW
    serializer_class = ConversationInSerializer

    @extend_schema(responses={201: ConversationOutSerializer})
    def post(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.academy import policy
        from thrive.academy import selectors_pipeline as sel
        from thrive.academy.services.pipeline import career_conversation_record

        d = self.valid(ConversationInSerializer)
        runs = policy.runs_pipeline(request.access)
        person = next(
            (p for p in sel.conversation_people(request.access) if p.pk == d["person"]), None
        )
        if person is None:
            if not runs and not sel.conversation_people(request.access).exists():
                raise PermissionDenied("Career conversations are the academy lead's.")
            raise NotFound("No such person among those you may hold a conversation with.")
        programme = None
        if d["programme"] is not None:
            programme = next(
                (
                    p
                    for p in sel.leadership_programmes(request.organisation)
                    if p.pk == d["programme"]
                ),
                None,
            )
            if programme is None:
                raise NotFound("No such leadership programme.")
        talk = career_conversation_record(
            person=person,
            held_on=d["held_on"],
            readiness=d["readiness"],
            interest=d["interest"],
            other_path=d["other_path"],
            notes=d["notes"],
            programme=programme,
            actor=request.user,
        )
        return Response(ConversationOutSerializer(talk).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    *org_paths(
        "academy/",
        ("progression/mine/", MyProgression, "academy_my_progression"),
        ("progression/plans/", ProgressionPlans, "academy_plans"),
        ("progression/plans/<int:pk>/decline/", ProgressionDecline, "academy_plan_decline"),
        ("progression/plans/<int:pk>/reopen/", ProgressionReopen, "academy_plan_reopen"),
        ("asye/mine/", MyAsye, "academy_my_asye"),
        ("cohorts/", Cohorts, "academy_cohorts"),
        ("cohorts/<int:pk>/", CohortProgress, "academy_cohort"),
        ("report/", AcademyReport, "academy_report"),
        ("mentoring/mine/", MyMentoringView, "academy_my_mentoring"),
        ("mentoring/coverage/", MentoringCoverage, "academy_mentoring_coverage"),
        ("champions/", Champions, "academy_champions"),
        ("talent/pool/", TalentPool, "academy_talent_pool"),
        ("talent/vacancies/<int:pk>/shortlist/", Shortlist, "academy_talent_shortlist"),
        ("mentoring/offers/", MentoringOffer, "academy_mentoring_offer"),
        ("mentoring/requests/", MentoringRequest, "academy_mentoring_request"),
        ("mentoring/requests/<int:pk>/choose/", MentoringChoose, "academy_mentoring_choose"),
        ("mentoring/pairs/<int:pk>/meetings/", MentoringMeetingAdd, "academy_mentoring_meeting"),
        ("mentoring/pairs/<int:pk>/close/", MentoringClose, "academy_mentoring_close"),
        ("talent/conversations/", CareerConversationAdd, "academy_career_conversation"),
    ),
]
