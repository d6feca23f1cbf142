from __future__ import annotations

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
