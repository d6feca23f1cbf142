"""The vacancy answers share one base (issue 12): the academy's manager vacancies, recruitment's
vacancies and the public jobs portal name and type a vacancy's fields once. Key order in a JSON
object is not a contract (``docs/api.md``), but the order the answers now give is pinned here,
as the docs say it."""

from __future__ import annotations

from thrive.academy.serializers import ManagerVacancySerializer
from thrive.recruitment.serializers import (
    JobSerializer,
    VacancyAdvertSerializer,
    VacancyBriefSerializer,
    VacancySerializer,
)

BRIEF = ["id", "title", "team"]
ADVERT = [*BRIEF, "grade", "salary_min", "salary_max", "fte", "social_work_post"]
ADVERT += ["closing_date", "tests"]


def test_each_vacancy_answer_starts_with_the_shared_fields() -> None:
    assert list(VacancyBriefSerializer().fields) == BRIEF
    assert list(VacancyAdvertSerializer().fields) == ADVERT
    assert list(ManagerVacancySerializer().fields) == [*BRIEF, "status"]
    assert list(VacancySerializer().fields) == [
        *ADVERT,
        "post_id",
        "selection_steps",
        "manager_post",
        "role",
        "probation_months",
        "status",
        "version",
    ]
    assert list(JobSerializer().fields) == [*ADVERT, "council_code", "council", "region", "url"]


def test_the_shared_fields_are_one_definition() -> None:
    """Each answer builds on the base, so the shared fields cannot drift apart."""
    assert issubclass(ManagerVacancySerializer, VacancyBriefSerializer)
    assert issubclass(VacancySerializer, VacancyAdvertSerializer)
    assert issubclass(JobSerializer, VacancyAdvertSerializer)
    for serializer in (VacancySerializer, JobSerializer, ManagerVacancySerializer):
        assert serializer().fields["team"].source == "team.name"
