"""Recruitment: vacancies raised from the establishment, applications with the channel that
brought each one, and the safer recruitment checks an offer waits on."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from thrive.core.models import OrgOwned


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    OPEN = "open", "Approved and open"
    CLOSED = "closed", "Closed"
    FILLED = "filled", "Filled"


class Vacancy(OrgOwned):
    """A job to recruit to: a vacant funded post of the establishment, or a new post."""

    title = models.CharField(max_length=200)
    post = models.ForeignKey(
        "people.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="vacancies"
    )
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="vacancies")
    grade = models.CharField(max_length=40)
    salary_min = models.PositiveIntegerField("Lowest salary (£ a year)")
    salary_max = models.PositiveIntegerField("Highest salary (£ a year)")
    fte = models.DecimalField("FTE", max_digits=7, decimal_places=6, default=1)
    social_work_post = models.BooleanField(default=True)
    closing_date = models.DateField()
    # The values and skills the selection tests, in the council's words.
    tests = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=20, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    scope_team_field = "team_id"
    scope_service_field = "team__service_id"
    scope_user_field = "raised_by_id"

    class Meta:
        ordering = ["closing_date", "title"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_max__gte=models.F("salary_min")),
                name="vacancy_salary_max_at_least_min",
            ),
            models.CheckConstraint(condition=models.Q(fte__gt=0, fte__lte=1), name="vacancy_fte"),
            models.CheckConstraint(
                condition=models.Q(status__in=VacancyStatus.values), name="vacancy_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("raised_by")),
                name="vacancy_approved_by_second_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.team}"
