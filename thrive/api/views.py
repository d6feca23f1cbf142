"""Base endpoints: the signed-in person, and the councils they belong to."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from thrive.api.permissions import HasOrgCapability
from thrive.api.serializers import MeSerializer, OrganisationSerializer
from thrive.core.roles import Cap
from thrive.people.models import Organisation
from thrive.people.selectors import organisations_for_user


class MeView(generics.GenericAPIView[Any]):
    """The signed-in person and their roles in every council."""

    serializer_class = MeSerializer

    def get(self, request: Request) -> Response:
        from thrive.accounts.models import User

        user = User.objects.prefetch_related(
            "role_assignments__organisation",
            "role_assignments__team",
            "role_assignments__service",
        ).get(pk=request.user.pk)  # type: ignore[misc]
        return Response(MeSerializer(user).data)


class OrganisationList(generics.ListAPIView[Organisation]):
    """The councils in which the caller holds a role."""

    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisations_for_user(self.request.user)


class OrganisationDetail(generics.RetrieveAPIView[Organisation]):
    """One council, if the caller holds a role in it."""

    serializer_class = OrganisationSerializer
    permission_classes = [HasOrgCapability]
    capability = Cap.HOME

    def get_object(self) -> Organisation:
        return self.request.organisation  # type: ignore[attr-defined,no-any-return]
