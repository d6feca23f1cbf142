"""A panel's moderation: once every panellist has sent a candidate's sheet and the scores are
revealed, the panel's chair records the agreed (moderated) score for each question, with a note
where it falls outside the panellists' range, and the candidate's outcome with the panellists
who shaped it. The candidates are ranked by their agreed scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from thrive.core.models import OrgOwned, one_of


class Outcome(models.TextChoices):
    APPOINTABLE = "appointable", "Appointable"
    RESERVE = "reserve", "Reserve"
    NOT_APPOINTABLE = "not_appointable", "Not appointable"


class CandidateOutcome(OrgOwned):
    """The panel's moderated outcome for one candidate: who recorded it (the chair), when, the
    reasons, and the panellists who shaped it. Versioned: moderating again names the version."""

    panel = models.ForeignKey("recruitment.Panel", on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        "recruitment.Application", on_delete=models.CASCADE, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reasons = models.TextField()
    shaped_by = models.ManyToManyField("recruitment.Panellist", related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    scope_team_field = "panel__vacancy__team_id"
    scope_service_field = "panel__vacancy__team__service_id"

    class Meta:
        ordering = ["panel", "application"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "application"], name="outcome_once_a_panel"),
            one_of("outcome", Outcome, "outcome_valid"),
            models.CheckConstraint(condition=~models.Q(reasons=""), name="outcome_has_reasons"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.panel_id})"


class AgreedScore(OrgOwned):
    """The panel's agreed score for one candidate's answer to one question, from 1 to 5; the
    note says why where it is outside the range of the panellists' own scores."""

    outcome = models.ForeignKey(CandidateOutcome, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey("recruitment.Question", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["outcome", "question"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "question"], name="agreed_score_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="agreed_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"Agreed {self.score}"
