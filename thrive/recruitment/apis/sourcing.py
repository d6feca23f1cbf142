"""Where candidates come from: the public jobs portal, the council's channels and their yield,
refer-a-friend referrals and rewards, and registrations of interest (inviting one to apply)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from thrive.api.endpoints import OrgAPIView, OrgListAPIView
from thrive.api.http import AuthedApiRequest
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap
from thrive.recruitment import policy, services
from thrive.recruitment.serializers import (
    ChannelChangeSerializer,
    ChannelSerializer,
    ChannelYieldSerializer,
    InterestSerializer,
    InviteSerializer,
    JobSerializer,
    PaySerializer,
    ReferralSerializer,
    RewardSerializer,
)


class Jobs(generics.ListAPIView[Any]):
    """The jobs portal, with no sign-in: every vacancy open now (approved, closing today or
    later) across councils, soonest closing first; ``?q=`` words in the title, grade or team,
    ``?region=``, ``?council=`` (its code), ``?pay=`` (the top of the range at least),
    ``?role=`` (the kind of post: ``practitioner``, ``team_manager`` ...)."""

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
                role=q.get("role", ""),
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
        d = self.valid(ChannelSerializer)
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
    serializer_class = ChannelChangeSerializer

    @extend_schema(
        operation_id="recruitment_channel_change",
        request=ChannelChangeSerializer,
        responses=ChannelSerializer,
    )
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.recruitment.selectors.applications import channel_of

        _keeper(request)
        channel = channel_of(request.organisation, pk)
        if channel is None:
            raise Http404("No such channel")
        d = self.valid(ChannelChangeSerializer)
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
        d = self.valid(PaySerializer)
        services.referral_reward_pay(application=found, actor=request.user, paid_on=d["paid_on"])
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
        d = self.valid(RewardSerializer)
        reward = services.referral_reward_set(
            organisation=request.organisation, actor=request.user, **d
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
        d = self.valid(InviteSerializer)
        wanted = d["vacancy"]
        vacancies = open_vacancies_of(request.organisation)
        vacancy = next((v for v in vacancies if v.pk == wanted), None)
        if vacancy is None:
            raise ThriveError(
                "Choose an open vacancy of the council to invite them to.", field="vacancy"
            )
        invited = services.interest_invite(interest=interest, vacancy=vacancy, actor=request.user)
        return Response(InterestSerializer(invited).data, status=201)
