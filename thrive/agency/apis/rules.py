"""The agency rule sets and price caps reaching a council, each with whether the caller may
change it (``policy.changes_rule_set``, ``policy.enters_caps``), and a change of either: the
same services as the rules page, which refuse anyone the policy does not name (403)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied as Refused
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from thrive.agency import policy
from thrive.agency.models import JobType, Rule, RuleKind
from thrive.api.endpoints import OrgAPIView
from thrive.api.http import AuthedApiRequest
from thrive.core.roles import Cap

_KINDS = [k for k in RuleKind.values if k != RuleKind.PRICE_CAP]


class RuleRowSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    value = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(allow_null=True)


class RuleSetSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    region = serializers.CharField(help_text="Blank: every region.")
    own = serializers.BooleanField(help_text="The council's own set.")
    may_change = serializers.BooleanField()
    rules = RuleRowSerializer(many=True)


class RuleChangeInSerializer(serializers.Serializer[Any]):
    rule_set = serializers.CharField(max_length=40)
    # A string checked against the rule kinds (the schema's enum names collide on "kind").
    kind = serializers.CharField(help_text="One of: " + ", ".join(_KINDS) + ".")
    value = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=Decimal(0), allow_null=True, default=None
    )
    effective_from = serializers.DateField()

    def validate_kind(self, value: str) -> str:
        if value not in _KINDS:
            raise serializers.ValidationError(f"'{value}' is not one of: {', '.join(_KINDS)}.")
        return value


class PriceCapRowSerializer(serializers.Serializer[Any]):
    job_type = serializers.CharField()
    max_hourly = serializers.DecimalField(max_digits=8, decimal_places=2)
    effective_from = serializers.DateField()


class PriceCapsSerializer(serializers.Serializer[Any]):
    region = serializers.CharField()
    may_enter = serializers.BooleanField()
    caps = PriceCapRowSerializer(many=True)


class PriceCapInSerializer(serializers.Serializer[Any]):
    job_type = serializers.ChoiceField(choices=JobType.values)
    max_hourly = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=Decimal("0.01"))
    effective_from = serializers.DateField()


def _refused_as_403(change: Callable[[], Any]) -> Any:
    """The service's refusal as the API's 403, with its words."""
    try:
        return change()
    except Refused as exc:
        raise PermissionDenied(str(exc)) from exc


class AgencyRuleSets(OrgAPIView):
    """The rule sets reaching the council (national, its region's, its own), every dated rule
    of each, and whether the caller may change the set. POST ``{"rule_set", "kind", "value",
    "effective_from"}`` gives a rule a new value from a date, as the rules page: the national
    set only by the operator's command, a region's by its partnership lead, the council's own
    by its agency managers (anyone else 403; a date already set 400)."""

    capability = Cap.AGENCY_VIEW
    serializer_class = RuleSetSerializer
    pagination_class = None

    @extend_schema(responses=RuleSetSerializer(many=True))
    def get(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.selectors import rule_sets_reaching

        sets = rule_sets_reaching(request.organisation)
        by_set: dict[int, list[Rule]] = {}
        for rule in Rule.objects.filter(rule_set__in=sets).order_by("kind", "effective_from"):
            by_set.setdefault(rule.rule_set_id, []).append(rule)
        rows = [
            {
                "code": rs.code,
                "name": rs.name,
                "source": rs.source,
                "region": rs.region,
                "own": rs.organisation_id is not None,
                "may_change": policy.changes_rule_set(request.access, rs),
                "rules": by_set.get(rs.pk, []),
            }
            for rs in sets
        ]
        return Response(RuleSetSerializer(rows, many=True).data)

    @extend_schema(request=RuleChangeInSerializer, responses={201: RuleRowSerializer})
    def post(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.services import rule_change

        d = self.valid(RuleChangeInSerializer)
        rule = _refused_as_403(
            lambda: rule_change(
                organisation=request.organisation,
                set_code=d["rule_set"],
                kind=d["kind"],
                value=d["value"],
                effective_from=d["effective_from"],
                actor=request.user,
                access=request.access,
            )
        )
        return Response(RuleRowSerializer(rule).data, status=status.HTTP_201_CREATED)


class AgencyPriceCaps(OrgAPIView):
    """The price caps of the council's region (every date), and whether the caller may enter
    one. POST ``{"job_type", "max_hourly", "effective_from"}`` enters a cap from a date, as the
    rules page: only the region's partnership lead (anyone else 403; a date already entered
    400)."""

    capability = Cap.AGENCY_VIEW
    serializer_class = PriceCapsSerializer
    pagination_class = None

    @extend_schema(responses=PriceCapsSerializer)
    def get(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.selectors import caps_for

        region = request.organisation.region
        body = {
            "region": region,
            "may_enter": policy.enters_caps(request.access, region),
            "caps": caps_for(region),
        }
        return Response(PriceCapsSerializer(body).data)

    @extend_schema(request=PriceCapInSerializer, responses={201: PriceCapRowSerializer})
    def post(self, request: AuthedApiRequest, **kwargs: Any) -> Response:
        from thrive.agency.services import price_cap_add

        d = self.valid(PriceCapInSerializer)
        cap = _refused_as_403(
            lambda: price_cap_add(
                organisation=request.organisation,
                job_type=d["job_type"],
                max_hourly=d["max_hourly"],
                effective_from=d["effective_from"],
                actor=request.user,
                access=request.access,
            )
        )
        return Response(PriceCapRowSerializer(cap).data, status=status.HTTP_201_CREATED)
