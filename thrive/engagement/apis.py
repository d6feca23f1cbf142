"""Engagement endpoints: the caller's own surveys, and the engagement lead's results (hidden
below the council's minimum group exactly as the page, the Excel export and the CLI hide them)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from thrive.api.changes import CancelSerializer, ChangedSerializer, VersionField, within_reach
from thrive.api.endpoints import OrgAPIView
from thrive.api.http import AuthedApiRequest
from thrive.api.routing import org_path
from thrive.core import clock
from thrive.core.roles import Cap
from thrive.engagement import policy
from thrive.engagement.results import BREAKDOWNS, survey_results, with_region
from thrive.engagement.selectors import latest_survey, survey_by_id, surveys_for_person
from thrive.people.selectors import staff_member_for


class MySurveySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="survey.pk")
    name = serializers.CharField(source="survey.name")
    opens_on = serializers.DateField(source="survey.opens_on")
    closes_on = serializers.DateField(source="survey.closes_on")
    anonymous = serializers.BooleanField(source="survey.anonymous")
    answered = serializers.BooleanField()


class MySurveysSerializer(serializers.Serializer[Any]):
    surveys = MySurveySerializer(many=True)


class MySurveys(OrgAPIView):
    """The surveys open to the caller and whether they have answered each (never their answers)."""

    capability = Cap.ENGAGEMENT_ANSWER
    serializer_class = MySurveysSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        person = staff_member_for(request.user, request.organisation)
        rows = surveys_for_person(request.organisation, person, clock.today())
        return Response(MySurveysSerializer({"surveys": rows}).data)


class SurveyFigureSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    text = serializers.CharField()
    mean = serializers.FloatField(allow_null=True)
    favourable_percent = serializers.IntegerField(allow_null=True)
    enps = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()
    reason = serializers.CharField(allow_null=True)


class SurveyGroupSerializer(serializers.Serializer[Any]):
    group = serializers.CharField()
    kind = serializers.CharField()
    within = serializers.CharField(allow_null=True)
    respondents = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()
    reason = serializers.CharField(allow_null=True)
    questions = SurveyFigureSerializer(many=True)
    comments = serializers.ListField(child=serializers.CharField(), allow_null=True)


class SurveyResultsSerializer(serializers.Serializer[Any]):
    survey = serializers.CharField()
    anonymous = serializers.BooleanField()
    minimum_group = serializers.IntegerField()
    by = serializers.CharField()
    council = SurveyGroupSerializer()
    groups = SurveyGroupSerializer(many=True)
    # The partnership's other councils on the same questions (null figures: too few councils).
    region = SurveyFigureSerializer(many=True, allow_null=True)


class SurveyResults(OrgAPIView):
    """A survey's results (``?survey=ID``, default the latest; ``?by=team|service|profession``):
    a group under the council's minimum, or one that would let a reader subtract their way to
    one, has ``null`` figures and the reason."""

    capability = Cap.ENGAGEMENT_RESULTS
    serializer_class = SurveyResultsSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        if not policy.reads_results(request.access):
            raise PermissionDenied("Results are for the council's engagement leads.")
        org = request.organisation
        by = request.query_params.get("by") or "team"
        if by not in BREAKDOWNS:
            raise ValidationError({"by": f"by must be one of: {', '.join(BREAKDOWNS)}"})
        raw = request.query_params.get("survey")
        if raw:
            if not raw.isdigit():
                raise ValidationError({"survey": "survey must be a survey's number"})
            survey = survey_by_id(org, int(raw))
        else:
            survey = latest_survey(org)
        if survey is None:
            raise ValidationError({"survey": "there is no such survey in this council"})
        data = with_region(survey_results(survey)).as_dict(by)
        return Response(SurveyResultsSerializer(data).data)


class MyFlexibleRequestSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    pattern = serializers.CharField()
    details = serializers.CharField()
    received_on = serializers.DateField()
    decide_by = serializers.DateField()
    status = serializers.CharField()
    consulted_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    refusal_reason = serializers.CharField(allow_blank=True)
    appealed_on = serializers.DateField(allow_null=True)
    appeal_decided_on = serializers.DateField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True)


class MyFlexibleRequestsSerializer(serializers.Serializer[Any]):
    requests = MyFlexibleRequestSerializer(many=True)


class MyFlexibleRequests(OrgAPIView):
    """The caller's own flexible working requests, with the clock (days left to the decision,
    appeal included; negative when overdue; null once decided)."""

    capability = Cap.FLEXIBLE_REQUEST
    serializer_class = MyFlexibleRequestsSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.engagement.flexible import days_left, flexible_mine

        person = staff_member_for(request.user, request.organisation)
        today = clock.today()
        rows = flexible_mine(request.organisation, person)
        for r in rows:
            r.days_left = days_left(r, today) if r.open else None  # type: ignore[attr-defined]
        return Response(MyFlexibleRequestsSerializer({"requests": rows}).data)


class ShoutOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    given_by = serializers.CharField(source="given_by.full_name")
    about = serializers.CharField()
    who = serializers.CharField()
    message = serializers.CharField()
    given_on = serializers.DateField()
    status = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)


class MyShoutOutsSerializer(serializers.Serializer[Any]):
    given = ShoutOutSerializer(many=True)
    received = ShoutOutSerializer(many=True)


class MyShoutOuts(OrgAPIView):
    """The shout-outs the caller gave, and those about them (waiting for their consent,
    published or kept private)."""

    capability = Cap.ENGAGEMENT_ANSWER
    serializer_class = MyShoutOutsSerializer

    def get(self, request: AuthedApiRequest, org_code: str) -> Response:
        from thrive.engagement.recognition import shout_outs_mine

        person = staff_member_for(request.user, request.organisation)
        return Response(MyShoutOutsSerializer(shout_outs_mine(person)).data)


class DropInMoveSerializer(serializers.Serializer[Any]):
    starts_at = serializers.DateTimeField(validators=[within_reach])
    minutes = serializers.IntegerField(
        required=False, min_value=10, max_value=240, help_text="Default: unchanged."
    )
    place = serializers.CharField(required=False, max_length=200, help_text="Default: unchanged.")
    version = VersionField()


def _changeable_slot(request: AuthedApiRequest, pk: int) -> tuple[Any, bool]:
    """The slot, to its host or the council's engagement lead only (as on the page)."""
    from django.http import Http404

    from thrive.engagement import dropins

    slot = dropins.dropin_for(request.organisation, pk)
    if slot is None:
        raise Http404("No such slot")
    runs = policy.runs_surveys(request.access)
    if not runs and slot.host.user_id != request.user.pk:
        raise PermissionDenied("Only the host, or the council's engagement lead, changes a slot.")
    return slot, runs


def _slot_changed(slot: Any, told: int) -> Response:
    slot.refresh_from_db()
    status = "withdrawn" if slot.withdrawn_at else "booked" if slot.booked_by_id else "free"
    data = {"id": slot.pk, "version": slot.version, "status": status, "told": told}
    return Response(ChangedSerializer(data).data)


class DropInMove(OrgAPIView):
    """POST moves a support drop-in slot still to come (its host or the engagement lead), as its
    *Move* page does: if it is booked, the booker and host are sent the updated invitation."""

    capability = Cap.ENGAGEMENT_ANSWER
    serializer_class = DropInMoveSerializer

    @extend_schema(request=DropInMoveSerializer, responses=ChangedSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.engagement.dropins import dropin_slot_move

        slot, runs = _changeable_slot(request, pk)
        form = DropInMoveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        booked = slot.booked_by_id is not None
        dropin_slot_move(
            slot=slot,
            starts_at=d["starts_at"],
            minutes=d.get("minutes", slot.minutes),
            place=d.get("place", slot.place),
            actor=request.user,
            runs=runs,
            version=d["version"],
        )
        return _slot_changed(slot, 2 if booked else 0)


class DropInWithdraw(OrgAPIView):
    """POST withdraws a slot still to come, as the page does: it is kept, *withdrawn* with who,
    when and ``reason`` (still counted as offered); a booker is sent the cancellation."""

    capability = Cap.ENGAGEMENT_ANSWER
    serializer_class = CancelSerializer

    @extend_schema(request=CancelSerializer, responses=ChangedSerializer)
    def post(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        from thrive.engagement.dropins import dropin_slot_withdraw

        slot, runs = _changeable_slot(request, pk)
        form = CancelSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        booked = dropin_slot_withdraw(
            slot=slot,
            actor=request.user,
            reason=form.validated_data["reason"],
            runs=runs,
            version=form.validated_data["version"],
        )
        return _slot_changed(slot, 2 if booked else 0)


urlpatterns = [
    org_path("engagement/surveys/mine/", MySurveys.as_view(), name="engagement_my_surveys"),
    org_path("engagement/results/", SurveyResults.as_view(), name="engagement_results"),
    org_path(
        "engagement/flexible/mine/", MyFlexibleRequests.as_view(), name="engagement_my_flexible"
    ),
    org_path("engagement/shout-outs/mine/", MyShoutOuts.as_view(), name="engagement_my_shout_outs"),
    org_path(
        "engagement/dropins/<int:pk>/move/", DropInMove.as_view(), name="engagement_dropin_move"
    ),
    org_path(
        "engagement/dropins/<int:pk>/withdraw/",
        DropInWithdraw.as_view(),
        name="engagement_dropin_withdraw",
    ),
]
