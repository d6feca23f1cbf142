"""Recruitment endpoints: the council's vacancies, with the pages' permissions."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from thrive.api.endpoints import OrgListAPIView
from thrive.api.routing import org_path
from thrive.core.roles import Cap
from thrive.recruitment.selectors import VacancyFilters, vacancies_visible


class VacancySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    team = serializers.CharField(source="team.name")
    post_id = serializers.CharField(source="post.post_id", allow_null=True, default=None)
    grade = serializers.CharField()
    salary_min = serializers.IntegerField()
    salary_max = serializers.IntegerField()
    fte = serializers.DecimalField(max_digits=7, decimal_places=6)
    social_work_post = serializers.BooleanField()
    closing_date = serializers.DateField()
    tests = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()


class Vacancies(OrgListAPIView):
    """The council's vacancies the caller may see (their service's, or the council's), soonest
    closing first; ``?status=open`` narrows to one status."""

    capability = Cap.RECRUITMENT_VIEW
    serializer_class = VacancySerializer

    def get_queryset(self) -> Any:
        status = self.request.query_params.get("status", "")
        return vacancies_visible(self.request.access, VacancyFilters(status=status))


urlpatterns = [
    org_path("recruitment/vacancies/", Vacancies.as_view(), name="recruitment_vacancies"),
]
