"""The accounts endpoint: the signed-in person and their roles in every council."""

from __future__ import annotations

from typing import Any

from django.urls import path
from rest_framework import generics, serializers
from rest_framework.response import Response

from thrive.accounts.models import RoleAssignment, User
from thrive.accounts.selectors import user_with_roles
from thrive.api.http import ApiRequest


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


class MeView(generics.GenericAPIView[Any]):
    """The signed-in person and their roles in every council."""

    serializer_class = MeSerializer

    def get(self, request: ApiRequest) -> Response:
        return Response(MeSerializer(user_with_roles(request.user)).data)


urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
]
