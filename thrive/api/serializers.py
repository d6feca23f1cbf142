from __future__ import annotations

from typing import Any

from rest_framework import serializers

from thrive.accounts.models import RoleAssignment, User
from thrive.people.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["code", "name", "ons_code", "region"]


class RoleSerializer(serializers.ModelSerializer[RoleAssignment]):
    organisation = serializers.CharField(source="organisation.code")
    team = serializers.CharField(source="team.name", allow_null=True, default=None)
    service = serializers.CharField(source="service.name", allow_null=True, default=None)

    class Meta:
        model = RoleAssignment
        fields = ["organisation", "role", "team", "service"]


class MeSerializer(serializers.ModelSerializer[User]):
    roles = RoleSerializer(source="role_assignments", many=True)

    class Meta:
        model = User
        fields = ["email", "full_name", "roles"]


class StaffSerializer(serializers.Serializer[Any]):
    staff_id = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    team = serializers.CharField(source="current_team", allow_null=True)
    profession = serializers.CharField(source="current_profession", allow_null=True)
    contract = serializers.CharField(source="current_contract", allow_null=True)
    fte = serializers.DecimalField(
        source="current_fte", max_digits=7, decimal_places=6, allow_null=True
    )
    org_role = serializers.IntegerField(source="current_org_role", allow_null=True)
    in_post = serializers.BooleanField()


def _measures_serializer() -> type[serializers.Serializer[Any]]:
    from analytics.measures import COUNT_MEASURES, MEASURES

    attrs: dict[str, Any] = {
        "organisation": serializers.CharField(),
        "year": serializers.IntegerField(),
        "team": serializers.CharField(allow_null=True),
    }
    for name in MEASURES:
        attrs[name] = (
            serializers.IntegerField(allow_null=True)
            if name in COUNT_MEASURES
            else serializers.FloatField(allow_null=True)
        )
    return type("MeasuresSerializer", (serializers.Serializer,), attrs)


MeasuresSerializer = _measures_serializer()


class WorkerLoadSerializer(serializers.Serializer[Any]):
    staff_id = serializers.CharField(source="spell.person.staff_id")
    name = serializers.CharField(source="spell.person.full_name")
    team = serializers.CharField(source="spell.team.name")
    fte = serializers.DecimalField(source="spell.fte", max_digits=7, decimal_places=6)
    newly_qualified = serializers.BooleanField()
    cases = serializers.IntegerField()
    weighted_load = serializers.FloatField(source="load")
    cap = serializers.FloatField()
    status = serializers.CharField()
