"""A survey's results by team, service and profession, with every figure and comment for a
group under the council's minimum hidden — directly or by difference — by the one rule in
:mod:`thrive.engagement.suppression`. The page, the Excel export, the CLI and the API all read
:func:`survey_results`, so they hide exactly the same groups.

One decision is made per survey for every breakdown together (the council, its services, their
teams, and professions), so whatever a reader combines — a team page beside its service's, the
service breakdown beside the team one — nothing under the minimum can be worked out. Each
question's figures are hidden again, by the same rule, on the counts who answered that question
(hiding more groups than a safe decision hides is still safe: a hidden group's people only join
a larger remainder).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from thrive.engagement.models import Answer, Question, Response, Survey
from thrive.engagement.selectors import minimum_group, survey_items
from thrive.engagement.suppression import Group, Suppression, suppress
from thrive.people.models import Profession, Service, StaffMember, Team

BREAKDOWNS = ("team", "service", "profession")
COUNCIL = "council"


@dataclass
class Figure:
    """One question's figures for one group: the mean, the share favourable, and for a
    net-promoter question the eNPS. ``None`` throughout when hidden, with the reason."""

    mean: float | None = None
    favourable: int | None = None
    enps: int | None = None
    reason: str | None = None

    @property
    def shown(self) -> bool:
        return self.reason is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "mean": self.mean,
            "favourable_percent": self.favourable,
            "enps": self.enps,
            "suppressed": not self.shown,
            "reason": self.reason,
        }


@dataclass
class GroupResult:
    key: str
    kind: str
    label: str
    parent_label: str
    respondents: int | None
    reason: str | None
    figures: dict[int, Figure] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.reason is None


@dataclass
class Results:
    survey: Survey
    threshold: int
    questions: list[Question]
    council: GroupResult
    groups: dict[str, list[GroupResult]]
    # The partnership's other councils on the same questions (:func:`with_region`), if asked.
    region: dict[int, Figure] = field(default_factory=dict)

    @property
    def scale_questions(self) -> list[Question]:
        return [q for q in self.questions if not q.free_text]

    def breakdown(self, by: str) -> list[GroupResult]:
        return self.groups[by]

    def as_dict(self, by: str) -> dict[str, Any]:
        """The results as JSON: a hidden group's respondents and figures are ``null`` with the
        reason."""

        def group(g: GroupResult) -> dict[str, Any]:
            return {
                "group": g.label,
                "kind": g.kind,
                "within": g.parent_label or None,
                "respondents": g.respondents,
                "suppressed": not g.shown,
                "reason": g.reason,
                "questions": [
                    {"code": q.code, "text": q.text, **g.figures[q.pk].as_dict()}
                    for q in self.scale_questions
                ],
                "comments": g.comments if g.shown else None,
            }

        return {
            "survey": self.survey.name,
            "anonymous": self.survey.anonymous,
            "minimum_group": self.threshold,
            "by": by,
            "council": group(self.council),
            "groups": [group(g) for g in self.breakdown(by)],
            "region": [
                {"code": q.code, "text": q.text, **self.region[q.pk].as_dict()}
                for q in self.scale_questions
                if q.pk in self.region
            ]
            or None,
        }


def _figure(question: Question, values: list[int]) -> Figure:
    assert question.scale is not None
    n = len(values)
    mean = round(sum(values) / n, 1)
    favourable = round(100 * sum(1 for v in values if v >= question.scale.favourable_from) / n)
    enps = None
    if question.scale.is_nps:
        promoters = sum(1 for v in values if v >= 9)
        detractors = sum(1 for v in values if v <= 6)
        enps = round(100 * (promoters - detractors) / n)
    return Figure(mean=mean, favourable=favourable, enps=enps)


def name_screen(organisation: Any) -> re.Pattern[str] | None:
    """A pattern matching, as a capitalised word, any first or last name in the council's
    register (so "Sam said" loses the name, "I will" keeps its verb)."""
    names: set[str] = set()
    for first, last in StaffMember.objects.for_org(organisation).values_list(
        "first_name", "last_name"
    ):
        for n in (first, last):
            n = (n or "").strip()
            if len(n) >= 2:
                names.add(re.escape(n[0].upper() + n[1:]))
    if not names:
        return None
    return re.compile(r"\b(?:" + "|".join(sorted(names, key=len, reverse=True)) + r")\b")


def screen(text: str, pattern: re.Pattern[str] | None) -> str:
    """*text* with staff names replaced by "[name]"."""
    if pattern is None:
        return text
    return pattern.sub("[name]", text)


def survey_results(survey: Survey) -> Results:
    """Every group's figures for *survey*, hidden where the rule says."""
    org = survey.organisation
    k = minimum_group(org)
    questions = [item.question for item in survey_items(survey)]
    responses = {
        r["id"]: r
        for r in Response.objects.filter(survey=survey).values(
            "id", "team_id", "service_id", "profession"
        )
    }
    teams = {t.pk: t for t in Team.objects.for_org(org)}
    services = {s.pk: s for s in Service.objects.for_org(org)}

    def keys_of(r: Any) -> list[str]:
        team = teams.get(r["team_id"])
        service_id = team.service_id if team is not None else r["service_id"]
        keys = [COUNCIL]
        if service_id in services:
            keys.append(f"service:{service_id}")
        if team is not None:
            keys.append(f"team:{team.pk}")
        keys.append(f"profession:{r['profession'] or 'unknown'}")
        return keys

    membership = {rid: keys_of(r) for rid, r in responses.items()}
    group_keys = sorted({k2 for ks in membership.values() for k2 in ks if k2 != COUNCIL})
    answers: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    comments: dict[str, list[str]] = defaultdict(list)
    answered: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    pattern = None
    free_text_ids = {q.pk for q in questions if q.free_text}
    if free_text_ids:
        pattern = name_screen(org)
    for response_id, question_id, value, text in (
        Answer.objects.filter(response__survey=survey)
        .order_by("question_id", "text")
        .values_list("response_id", "question_id", "value", "text")
    ):
        for key in membership.get(response_id, ()):
            answered[question_id][key] += 1
            if question_id in free_text_ids:
                if text:
                    comments[key].append(screen(text, pattern))
            elif value is not None:
                answers[question_id][key].append(value)

    def decide(count_of: dict[str, int]) -> Suppression:
        tree = [Group(COUNCIL, count_of.get(COUNCIL, 0))]
        flat = []
        for key in group_keys:
            kind, ident = key.split(":", 1)
            if kind == "service":
                tree.append(Group(key, count_of.get(key, 0), COUNCIL))
            elif kind == "team":
                service_id = teams[int(ident)].service_id
                parent = f"service:{service_id}" if service_id in services else COUNCIL
                tree.append(Group(key, count_of.get(key, 0), parent))
            else:
                flat.append(Group(key, count_of.get(key, 0)))
        return suppress(tree, [flat], threshold=k)

    respondents: dict[str, int] = defaultdict(int)
    for ks in membership.values():
        for key in ks:
            respondents[key] += 1
    overall = decide(respondents)
    per_question = {q.pk: decide(answered[q.pk]) for q in questions if not q.free_text}

    def result(key: str) -> GroupResult:
        kind, _, ident = key.partition(":")
        parent = ""
        if kind == "team":
            team = teams[int(ident)]
            label = team.name
            parent = services[team.service_id].name if team.service_id in services else ""
        elif kind == "service":
            label = services[int(ident)].name
        elif kind == "profession":
            label = Profession(ident).label if ident in Profession.values else "Not known"
        else:
            label = f"All of {org.name}"
        reason = overall.reason(key)
        g = GroupResult(
            key=key,
            kind=kind,
            label=label,
            parent_label=parent,
            respondents=respondents[key] if reason is None else None,
            reason=reason,
        )
        for q in questions:
            if q.free_text:
                continue
            why = reason or per_question[q.pk].reason(key)
            values = answers[q.pk].get(key, [])
            if why is None and values:
                g.figures[q.pk] = _figure(q, values)
            else:
                g.figures[q.pk] = Figure(reason=why or "no answers")
        if reason is None:
            g.comments = comments.get(key, [])
        return g

    by_kind: dict[str, list[GroupResult]] = {b: [] for b in BREAKDOWNS}
    for key in group_keys:
        g = result(key)
        by_kind[g.kind].append(g)
    for b in BREAKDOWNS:
        by_kind[b].sort(key=lambda g: (g.parent_label, g.label))
    return Results(
        survey=survey, threshold=k, questions=questions, council=result(COUNCIL), groups=by_kind
    )


@dataclass
class TrendRow:
    question: Question
    waves: list[tuple[Survey, Figure | None]]


def trend(organisation: Any, surveys: list[Survey]) -> list[TrendRow]:
    """The council's figure for each question across *surveys* (oldest first), where shown."""
    by_code: dict[str, TrendRow] = {}
    ordered = sorted(surveys, key=lambda s: (s.opens_on, s.pk))
    computed = [(s, survey_results(s)) for s in ordered]
    for survey, res in computed:
        for q in res.scale_questions:
            row = by_code.setdefault(q.code, TrendRow(question=q, waves=[]))
            row.waves.append((survey, res.council.figures.get(q.pk)))
    for row in by_code.values():
        present = {s.pk: f for s, f in row.waves}
        row.waves = [(s, present.get(s.pk)) for s in ordered]
    return list(by_code.values())


REGION_WINDOW_DAYS = 365
TOO_FEW_COUNCILS = "fewer than two other councils in the partnership with enough answers"


def region_comparison(survey: Survey, results: Results) -> dict[int, Figure]:
    """Each scale question's figure across the partnership's *other* councils, for comparison:
    each other council's latest wave that opened within a year before this one closed, the
    answers to a question of the same code pooled over the councils where at least the minimum
    group answered it. Shown only when two or more councils contribute (one alone would be that
    council's own figure); keyed by this survey's question ids (a few queries)."""
    from datetime import timedelta

    from thrive.people.models import Organisation

    org = survey.organisation
    out: dict[int, Figure] = {}
    codes = {q.code: q for q in results.scale_questions}
    if org.partnership_id is None or not codes:
        return {q.pk: Figure(reason=TOO_FEW_COUNCILS) for q in codes.values()}
    others = Organisation.objects.filter(partnership_id=org.partnership_id).exclude(pk=org.pk)
    waves = []
    for other in others:
        wave = (
            Survey.objects.filter(
                organisation=other,
                opens_on__lte=survey.closes_on,
                opens_on__gte=survey.closes_on - timedelta(days=REGION_WINDOW_DAYS),
            )
            .order_by("-opens_on", "-pk")
            .first()
        )
        if wave is not None:
            waves.append(wave)
    pooled: dict[str, list[int]] = defaultdict(list)
    councils: dict[str, int] = defaultdict(int)
    for wave in waves:
        k = max(minimum_group(wave.organisation), results.threshold)
        values: dict[str, list[int]] = defaultdict(list)
        for code, value in Answer.objects.filter(
            response__survey=wave, question__code__in=list(codes), value__isnull=False
        ).values_list("question__code", "value"):
            if value is not None:
                values[code].append(value)
        for code, got in values.items():
            if len(got) >= k:
                pooled[code] += got
                councils[code] += 1
    for code, question in codes.items():
        if councils[code] >= 2:
            out[question.pk] = _figure(question, pooled[code])
        else:
            out[question.pk] = Figure(reason=TOO_FEW_COUNCILS)
    return out


def with_region(results: Results) -> Results:
    """*results* with the partnership's other councils' figures on the same questions."""
    results.region = region_comparison(results.survey, results)
    return results
