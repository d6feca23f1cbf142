"""The base classes of every endpoint under ``/api/organisations/<code>/``: DRF's generic views
with the permission class that resolves the council and asks ``api.use`` and then the
endpoint's own ``capability``, and the typed request that permission leaves behind. An app's
``apis.py`` subclasses one of these and sets ``capability``; narrower questions (which teams,
which records) go to the app's ``policy.py`` inside the endpoint."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import generics, serializers

from thrive.api.http import AuthedApiRequest
from thrive.api.permissions import HasOrgCapability


class OrgAPIView(generics.GenericAPIView[Any]):
    """An endpoint in one council: write ``get`` or ``post`` taking an ``AuthedApiRequest``."""

    permission_classes = [HasOrgCapability]
    capability: ClassVar[str]
    request: AuthedApiRequest

    def valid(self, serializer_class: type[serializers.BaseSerializer[Any]]) -> dict[str, Any]:
        """The request's body as *serializer_class* reads it, or ``400`` naming each field's
        problem (a missing ``version`` among them)."""
        form = serializer_class(data=self.request.data)
        form.is_valid(raise_exception=True)
        return dict(form.validated_data)


class OrgListAPIView(OrgAPIView, generics.ListAPIView[Any]):
    """A list in one council (``get_queryset``), paged unless ``pagination_class = None``."""


class OrgListCreateAPIView(OrgAPIView, generics.ListCreateAPIView[Any]):
    """A list in one council that a ``POST`` adds to."""


class OrgRetrieveAPIView(OrgAPIView, generics.RetrieveAPIView[Any]):
    """One record in one council (``get_object``)."""
