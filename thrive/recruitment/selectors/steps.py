"""A vacancy's selection step by step: each step with the panels that assess it and what became
of the candidates they saw (counted in SQL: two queries however many panels)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from thrive.recruitment.models import Panel, Stage, Vacancy

# What became of a candidate a panel saw, from the stage their application is at now.
OUTCOMES: dict[str, tuple[str, ...]] = {
    "Still in the selection": (Stage.SHORTLISTED, Stage.INTERVIEWED),
    "Offered the job": (Stage.OFFERED, Stage.ACCEPTED, Stage.DECLINED),
    "Not taken further": (Stage.REJECTED,),
    "Withdrew": (Stage.WITHDRAWN,),
}


@dataclass
class StepRow:
    number: int | None  # None: panels tied to no step
    name: str
    panels: list[Panel] = field(default_factory=list)
    # Candidates seen by the step's panels (each once), by outcome, in OUTCOMES' order.
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def candidates(self) -> int:
        return sum(self.outcomes.values())


def selection_by_step(vacancy: Vacancy) -> list[StepRow]:
    """Every step of *vacancy*'s selection in order, with its panels (each with how many
    candidates it saw) and its candidates' outcomes; panels tied to no step come last."""
    rows = [
        StepRow(n, name, outcomes=dict.fromkeys(OUTCOMES, 0))
        for n, name in enumerate(vacancy.selection_steps or [], start=1)
    ]
    by_number: dict[int | None, StepRow] = {r.number: r for r in rows}
    panels = (
        Panel.objects.filter(vacancy=vacancy)
        .annotate(seen=Count("candidates", distinct=True))
        .order_by("sits_on", "pk")
    )
    for p in panels:
        if p.step not in by_number:
            by_number[p.step] = StepRow(
                p.step, "Not tied to a step", outcomes=dict.fromkeys(OUTCOMES, 0)
            )
            rows.append(by_number[p.step])
        by_number[p.step].panels.append(p)
    outcome_of = {stage: name for name, stages in OUTCOMES.items() for stage in stages}
    counted = (
        Panel.candidates.through.objects.filter(panel__vacancy=vacancy)
        .values("panel__step", "application__stage")
        .annotate(n=Count("application", distinct=True))
    )
    for c in counted:
        row = by_number.get(c["panel__step"])
        outcome = outcome_of.get(c["application__stage"])
        if row is not None and outcome is not None:
            row.outcomes[outcome] += c["n"]
    return rows
