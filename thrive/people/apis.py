"""The people endpoints: the councils the caller belongs to, and the register."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from rest_framework import generics, serializers

from thrive.api.endpoints import OrgListAPIView, OrgRetrieveAPIView
from thrive.api.routing import org_path
from thrive.core import clock
from thrive.core.roles import Cap
from thrive.people.models import Organisation, StaffMember
from thrive.people.selectors import StaffFilters, organisations_for_user, staff_list


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["code", "name", "ons_code", "region"]


class OrganisationList(generics.ListAPIView[Organisation]):
    """The councils in which the caller holds a role."""

    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisations_for_user(self.request.user)


class OrganisationDetail(OrgRetrieveAPIView):
    """One council, if the caller holds a role in it."""

    serializer_class = OrganisationSerializer
    capability = Cap.HOME

    def get_object(self) -> Organisation:
        return self.request.organisation


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


class StaffList(OrgListAPIView):
    """The people in the register the caller may see, with their latest spell."""

    capability = Cap.REGISTER_VIEW
    serializer_class = StaffSerializer

    def get_queryset(self) -> QuerySet[StaffMember]:
        status = self.request.query_params.get("status", "current")
        filters = StaffFilters(status=status if status in {"current", "left", "all"} else "current")
        return staff_list(self.request.access, filters, on=clock.today())


urlpatterns = [
    path("organisations/", OrganisationList.as_view(), name="organisations"),
    org_path("", OrganisationDetail.as_view(), name="organisation"),
    org_path("staff/", StaffList.as_view(), name="staff"),
]
