"""A panel's moderated results: each candidate's agreed scores and outcome, ranked by the agreed
total (candidates not yet moderated follow, unranked). Ranks are shared on equal totals
(1, 2, 2, 4)."""

from __future__ import annotations

from dataclasses import dataclass, field

from thrive.recruitment.models import (
    AgreedScore,
    Application,
    CandidateOutcome,
    Panel,
    Question,
)


@dataclass
class Moderated:
    application: Application
    outcome: CandidateOutcome | None
    scores: dict[int, AgreedScore] = field(default_factory=dict)  # by question id
    cells: list[AgreedScore | None] = field(default_factory=list)  # in the questions' order
    rank: int | None = None

    @property
    def total(self) -> int | None:
        return sum(s.score for s in self.scores.values()) if self.outcome else None

    @property
    def shaped_by(self) -> list[str]:
        return [p.user.email for p in self.outcome.shaped_by.all()] if self.outcome else []


def panel_ranking(panel: Panel, questions: list[Question] | None = None) -> list[Moderated]:
    """The panel's candidates by their agreed total, highest first (equal totals by name);
    four queries however many candidates."""
    questions = (
        questions if questions is not None else list(panel.questions.order_by("value", "pk"))
    )
    outcomes = {
        o.application_id: o
        for o in CandidateOutcome.objects.filter(panel=panel)
        .select_related("recorded_by")
        .prefetch_related("shaped_by__user")
    }
    agreed: dict[int, dict[int, AgreedScore]] = {}
    for s in AgreedScore.objects.filter(outcome__panel=panel).select_related("outcome"):
        agreed.setdefault(s.outcome.application_id, {})[s.question_id] = s
    rows = []
    for a in panel.candidates.order_by("candidate_name", "pk"):
        scores = agreed.get(a.pk, {})
        row = Moderated(a, outcomes.get(a.pk), scores)
        row.cells = [scores.get(q.pk) for q in questions]
        rows.append(row)
    moderated = sorted(
        (r for r in rows if r.outcome is not None),
        key=lambda r: (-(r.total or 0), r.application.candidate_name, r.application.pk),
    )
    for position, row in enumerate(moderated, start=1):
        before = moderated[position - 2] if position > 1 else None
        row.rank = before.rank if before is not None and before.total == row.total else position
    return moderated + [r for r in rows if r.outcome is None]
