"""Recruitment endpoints, with the pages' permissions: the council's vacancies and campaigns;
the panels the caller sits on, and a panel's score sheets (a panellist's own always, the others'
only once every panellist has sent theirs for that candidate, as on the pages); moving and
calling off a panel. It is long because recruitment's endpoints share its serializers and its
panel and vacancy checks, and splitting them would scatter those."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from thrive.api.changes import (
    CancelSerializer,
    ChangedSerializer,
    VersionField,
    day_within_reach,
)
from thrive.api.endpoints import OrgAPIView, OrgListAPIView
from thrive.api.http import AuthedApiRequest
from thrive.api.routing import org_path
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap
from thrive.recruitment import policy, services
from thrive.recruitment.models import (
    Panel,
    Panellist,
    VacancyRole,
)
from thrive.recruitment.selectors import VacancyFilters, vacancies_visible
from thrive.recruitment.selectors.campaigns import campaign_report
from thrive.recruitment.selectors.panels import (
    Board,
    my_seat,
    my_seats,
    panel_board,
    panel_candidate,
    panel_for,
)
from thrive.recruitment.serializers import (
    ApplicationSerializer,
    CampaignSerializer,
    ChannelSerializer,
    ChannelYieldSerializer,
    InterestSerializer,
    InviteSerializer,
    JobSerializer,
    MoveSerializer,
    PanelQuestionSerializer,
    PaySerializer,
    RecruiterSerializer,
    ReferralSerializer,
    RewardSerializer,
    SeatSerializer,
    SheetSerializer,
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
        form = VacancyKindSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        changed = services.vacancy_kind_change(
            vacancy=found,
            role=form.validated_data["role"],
            version=form.validated_data.get("version"),
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


class MyPanels(OrgListAPIView):
    """The open panels the caller sits on, soonest first (a panel drops off once decided)."""

    capability = Cap.RECRUITMENT_PANEL
    serializer_class = SeatSerializer

    def get_queryset(self) -> Any:
        return my_seats(self.request.user, self.request.organisation)


def _board_json(board: Board, *, viewer: Panellist | None) -> dict[str, Any]:
    return {
        "panel": board.panel.pk,
        "name": board.panel.name,
        "vacancy": board.panel.vacancy.title,
        "sits_on": board.panel.sits_on,
        "status": board.panel.status,
        "your_seat": viewer.pk if viewer is not None else None,
        "questions": PanelQuestionSerializer(board.questions, many=True).data,
        "candidates": [
            {
                "application": c.application.pk,
                "name": c.application.candidate_name,
                "revealed": c.revealed,
                "sheets": [
                    {
                        "panellist": s.panellist.pk,
                        "kind": s.panellist.kind,
                        "sent": s.sent,
                        "scores": [
                            None
                            if cell is None
                            else {"question": cell.question_id, "score": cell.score}
                            for cell in s.cells
                        ]
                        if s.scores
                        else None,
                    }
                    for s in c.sheets
                ],
            }
            for c in board.candidates
        ],
    }


class PanelScores(OrgAPIView):
    """A panel's questions, candidates and score sheets: a panellist on an open panel sees their
    own scores and the others' once every sheet for that candidate is in; a recruiter who may
    see the vacancy sees who has sent, and the scores once revealed. POST (the panellist
    themselves) sends a whole sheet for one candidate:
    ``{"application": id, "scores": [{"question": id, "score": 1-5, "note": ""}]}``."""

    capability = Cap.RECRUITMENT_PANEL
    serializer_class = SheetSerializer

    def _seat(self, request: AuthedApiRequest, pk: int) -> Panellist | None:
        return my_seat(request.user, request.organisation, pk)

    def get(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        seat = self._seat(request, pk)
        panel: Panel | None = seat.panel if seat is not None else None
        if panel is None and request.access.can(Cap.RECRUITMENT_VIEW):
            panel = panel_for(request.access, pk)
        if panel is None:
            raise Http404("No such panel")
        return Response(_board_json(panel_board(panel, viewer=seat), viewer=seat))

    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        seat = self._seat(request, pk)
        if seat is None:
            raise Http404("You do not sit on that open panel")
        form = SheetSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        application = panel_candidate(seat.panel, form.validated_data["application"])
        if application is None:
            raise ThriveError("That candidate is not before this panel.")
        lines = form.validated_data["scores"]
        if len({line["question"] for line in lines}) != len(lines):
            raise ThriveError("Give each question one score.")
        services.scores_submit(
            panellist=seat,
            application=application,
            actor=request.user,
            scores={line["question"]: (line["score"], line["note"]) for line in lines},
        )
        board = panel_board(seat.panel, viewer=seat)
        return Response(_board_json(board, viewer=seat), status=201)


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
        form = MoveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        moved = services.application_move(
            application=found, actor=request.user, **form.validated_data
        )
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


# --- The jobs portal (public), the council's channels, referrals and registrations of interest ---


class Jobs(generics.ListAPIView[Any]):
    """The jobs portal, with no sign-in: every vacancy open now (approved, closing today or
    later) across councils, soonest closing first; ``?q=`` words in the title, grade or team,
    ``?region=``, ``?council=`` (its code), ``?pay=`` (the top of the range at least)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    serializer_class = JobSerializer

    def get_queryset(self) -> Any:
        from thrive.recruitment.selectors import PortalFilters, open_vacancies

        q = self.request.query_params
        pay = q.get("pay", "")
        return open_vacancies(
            PortalFilters(
                text=q.get("q", ""),
                region=q.get("region", ""),
                council=q.get("council", ""),
                pay=int(pay) if pay.isdigit() else None,
            )
        )


def _keeper(request: AuthedApiRequest) -> None:
    if not policy.keeps_council_lists(request.access):
        raise PermissionDenied("Only the council's whole-council recruiters keep this.")


def _whole_council(request: AuthedApiRequest) -> None:
    if not policy.sees_whole_council(request.access):
        raise PermissionDenied("Only those who see the whole council's recruitment see this.")


class Channels(OrgAPIView):
    """The council's channels, offered or not, with how many applications name each. POST
    (whole-council recruiters) adds one: ``{"name", "kind", "platform"}`` (a social media
    channel needs its platform; a name the council has, in any case, is refused)."""

    capability = Cap.RECRUITMENT_VIEW
    serializer_class = ChannelSerializer
    pagination_class = None

    @extend_schema(responses=ChannelSerializer(many=True))
    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.recruitment.selectors.applications import channels_all_of

        rows = channels_all_of(request.organisation)
        return Response(ChannelSerializer(rows, many=True).data)

    def post(self, request: AuthedApiRequest, org_code: str) -> Response:
        _keeper(request)
        form = ChannelSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        channel = services.channel_add(
            organisation=request.organisation,
            actor=request.user,
            name=d["name"],
            kind=d["kind"],
            platform=d["platform"],
        )
        return Response(ChannelSerializer(channel).data, status=201)


class ChannelChange(OrgAPIView):
    """POST (whole-council recruiters) renames one channel, changes its kind or platform, or
    stops offering it (``"active": false``); send the ``version`` you read: a channel changed
    since is refused, nothing overwritten."""

    capability = Cap.RECRUITMENT_MANAGE
    serializer_class = ChannelSerializer

    @extend_schema(operation_id="recruitment_channel_change")
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.recruitment.selectors.applications import channel_of

        _keeper(request)
        channel = channel_of(request.organisation, pk)
        if channel is None:
            raise Http404("No such channel")
        form = ChannelSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        changed = services.channel_change(
            channel=channel,
            actor=request.user,
            version=d["version"],
            name=d["name"],
            kind=d["kind"],
            platform=d["platform"],
            active=d["active"],
        )
        return Response(ChannelSerializer(changed).data)


def _count(n: int) -> int | None:
    return None if 0 < n < 5 else n


class ChannelYield(OrgAPIView):
    """Per channel, within the caller's scope: applications (``?from=``, ``?to=`` the days
    applied), shortlisted, offered, starters and starters who left before the end of their
    probation; the last row is every channel together. Counts of 1 to 4 are ``null``."""

    capability = Cap.RECRUITMENT_VIEW
    serializer_class = ChannelYieldSerializer
    pagination_class = None

    @extend_schema(responses=ChannelYieldSerializer(many=True))
    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.recruitment.selectors import channel_report

        def day(name: str) -> date | None:
            value = request.query_params.get(name, "")
            try:
                return date.fromisoformat(value) if value else None
            except ValueError:
                raise ThriveError(f"'{value}' is not a date like 2026-04-01.", field=name) from None

        rows = channel_report(request.access, start=day("from"), end=day("to"))
        return Response(
            [
                {
                    "channel": r.channel,
                    "kind": r.kind,
                    "applications": _count(r.applications),
                    "shortlisted": _count(r.shortlisted),
                    "offered": _count(r.offered),
                    "starters": _count(r.starters),
                    "left_in_probation": _count(r.left_in_probation),
                }
                for r in rows
            ]
        )


def _referral_json(row: Any) -> dict[str, Any]:
    a = row.application
    return {
        "application": a.pk,
        "candidate": a.candidate_name,
        "vacancy": a.vacancy.title,
        "applied_on": a.applied_on,
        "referred_by": row.referrer,
        "reward": str(row.reward.amount) if row.reward is not None else None,
        "due_on": row.due_on,
        "status": str(row.status),
        "why": row.why,
    }


class Referrals(OrgAPIView):
    """Every refer-a-friend application (whole-council recruiters) with the member of staff who
    referred, the reward in force on the day the friend applied and its status: in_progress,
    no_reward, not_hired, waiting, left (left before it fell due), due or paid."""

    capability = Cap.RECRUITMENT_MANAGE
    serializer_class = ReferralSerializer
    pagination_class = None

    @extend_schema(responses=ReferralSerializer(many=True))
    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.recruitment.selectors.referrals import referral_rows

        _keeper(request)
        rows = referral_rows(request.organisation, on=clock.today())
        return Response([_referral_json(r) for r in rows])


class ReferralPay(OrgAPIView):
    """POST records the reward for one referral paid (once, only when it is due), at the
    amount in force; ``{"paid_on": "YYYY-MM-DD"}`` optional, today if left out."""

    capability = Cap.RECRUITMENT_MANAGE
    serializer_class = PaySerializer

    @extend_schema(request=PaySerializer, responses=ReferralSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.recruitment.selectors.referrals import referral_application, referral_row

        _keeper(request)
        found = referral_application(request.organisation, pk)
        if found is None:
            raise Http404("No such referral")
        form = PaySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.referral_reward_pay(
            application=found, actor=request.user, paid_on=form.validated_data["paid_on"]
        )
        paid = referral_application(request.organisation, pk) or found
        return Response(_referral_json(referral_row(paid, on=clock.today())), status=201)


class ReferralRewards(OrgAPIView):
    """The council's referral rewards, latest first. POST sets the reward for referrals made
    from a date: ``{"effective_from", "amount", "due": "start"|"probation",
    "probation_months", "conditions"}`` (a date already used is refused)."""

    capability = Cap.RECRUITMENT_MANAGE
    serializer_class = RewardSerializer
    pagination_class = None

    @extend_schema(responses=RewardSerializer(many=True))
    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.recruitment.selectors.referrals import rewards_of

        _keeper(request)
        return Response(RewardSerializer(rewards_of(request.organisation), many=True).data)

    def post(self, request: AuthedApiRequest, org_code: str) -> Response:
        _keeper(request)
        form = RewardSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        reward = services.referral_reward_set(
            organisation=request.organisation, actor=request.user, **form.validated_data
        )
        return Response(RewardSerializer(reward).data, status=201)


class InterestList(OrgListAPIView):
    """The confirmed, current registrations of interest from the council's portal page,
    newest first (whole-council recruitment readers; each read audited)."""

    capability = Cap.RECRUITMENT_VIEW
    serializer_class = InterestSerializer

    def get_queryset(self) -> Any:
        from thrive.recruitment.selectors.interest import current_interest

        _whole_council(self.request)
        return current_interest(self.request.organisation)

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        from thrive.core.audit import audit_log

        response = super().list(request, *args, **kwargs)
        audit_log(
            action="recruitment.interest_read",
            user=request.user,
            organisation=request.organisation,
            summary="Registrations of interest through the API",
            request=request,
            moves_data=False,
        )
        return response


class InterestInvite(OrgAPIView):
    """POST invites one registration to apply for an open vacancy of the council:
    ``{"vacancy": id}`` (whole-council recruiters who manage recruitment); emails them."""

    capability = Cap.RECRUITMENT_MANAGE
    serializer_class = InviteSerializer

    @extend_schema(request=InviteSerializer, responses=InterestSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.recruitment.selectors.interest import current_interest, open_vacancies_of

        _whole_council(request)
        interest = current_interest(request.organisation).filter(pk=pk).first()
        if interest is None:
            raise Http404("No such registration of interest")
        form = InviteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        wanted = form.validated_data["vacancy"]
        vacancies = open_vacancies_of(request.organisation)
        vacancy = next((v for v in vacancies if v.pk == wanted), None)
        if vacancy is None:
            raise ThriveError(
                "Choose an open vacancy of the council to invite them to.", field="vacancy"
            )
        invited = services.interest_invite(interest=interest, vacancy=vacancy, actor=request.user)
        return Response(InterestSerializer(invited).data, status=201)


class PanelMoveSerializer(serializers.Serializer[Any]):
    sits_on = serializers.DateField(validators=[day_within_reach])
    version = VersionField()


def _managed_panel(request: AuthedApiRequest, pk: int) -> Panel:
    found = panel_for(request.access, pk)
    if found is None:
        raise Http404("No such panel")
    if not policy.manages_recruitment_in(request.access, found.vacancy.team):
        raise PermissionDenied("You do not manage the recruitment of this vacancy's team.")
    return found


def _panel_changed(panel: Panel, told: int) -> Response:
    panel.refresh_from_db()
    data = {"id": panel.pk, "version": panel.version, "status": panel.status, "told": told}
    return Response(ChangedSerializer(data).data)


class PanelMove(OrgAPIView):
    """POST moves an open panel that has not sat to ``sits_on``, as the panel's page does
    (those who manage its vacancy's team): every panellist and candidate is sent the updated
    calendar invitation (same event, higher SEQUENCE)."""

    capability = Cap.RECRUITMENT_MANAGE
    serializer_class = PanelMoveSerializer

    @extend_schema(request=PanelMoveSerializer, responses=ChangedSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        panel = _managed_panel(request, pk)
        form = PanelMoveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        told = services.panel_move(
            panel=panel,
            sits_on=form.validated_data["sits_on"],
            actor=request.user,
            version=form.validated_data.get("version"),
        )
        return _panel_changed(panel, told)


class PanelCallOff(OrgAPIView):
    """POST calls off an open panel before anyone has scored, as the panel's page does: it is
    kept, *called off* with who, when and ``reason``; everyone on it is sent the cancellation
    (METHOD:CANCEL)."""

    capability = Cap.RECRUITMENT_MANAGE
    serializer_class = CancelSerializer

    @extend_schema(request=CancelSerializer, responses=ChangedSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        panel = _managed_panel(request, pk)
        form = CancelSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        told = services.panel_call_off(
            panel=panel,
            actor=request.user,
            reason=form.validated_data["reason"],
            version=form.validated_data.get("version"),
        )
        return _panel_changed(panel, told)


urlpatterns = [
    org_path("recruitment/vacancies/", Vacancies.as_view(), name="recruitment_vacancies"),
    org_path(
        "recruitment/vacancies/<int:pk>/kind/",
        VacancyKind.as_view(),
        name="recruitment_vacancy_kind",
    ),
    org_path("recruitment/campaigns/", Campaigns.as_view(), name="recruitment_campaigns"),
    org_path("recruitment/panels/mine/", MyPanels.as_view(), name="recruitment_my_panels"),
    org_path(
        "recruitment/panels/<int:pk>/scores/", PanelScores.as_view(), name="recruitment_scores"
    ),
    org_path(
        "recruitment/panels/<int:pk>/move/", PanelMove.as_view(), name="recruitment_panel_move"
    ),
    org_path(
        "recruitment/panels/<int:pk>/call-off/",
        PanelCallOff.as_view(),
        name="recruitment_panel_call_off",
    ),
    org_path("recruitment/applications/", Applications.as_view(), name="recruitment_applications"),
    org_path(
        "recruitment/applications/<int:pk>/move/",
        ApplicationMove.as_view(),
        name="recruitment_application_move",
    ),
    org_path("recruitment/recruiter/", Recruiter.as_view(), name="recruitment_recruiter"),
    path("jobs/", Jobs.as_view(), name="jobs"),
    org_path("recruitment/channels/", Channels.as_view(), name="recruitment_channels"),
    org_path(
        "recruitment/channels/<int:pk>/",
        ChannelChange.as_view(),
        name="recruitment_channel_change",
    ),
    org_path(
        "recruitment/channels/yield/", ChannelYield.as_view(), name="recruitment_channel_yield"
    ),
    org_path("recruitment/referrals/", Referrals.as_view(), name="recruitment_referrals"),
    org_path(
        "recruitment/referrals/<int:pk>/pay/",
        ReferralPay.as_view(),
        name="recruitment_referral_pay",
    ),
    org_path(
        "recruitment/referral-rewards/",
        ReferralRewards.as_view(),
        name="recruitment_referral_rewards",
    ),
    org_path("recruitment/interest/", InterestList.as_view(), name="recruitment_interest"),
    org_path(
        "recruitment/interest/<int:pk>/invite/",
        InterestInvite.as_view(),
        name="recruitment_interest_invite",
    ),
]
