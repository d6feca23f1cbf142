"""Engagement's reads: surveys, their audiences, who is still to answer (for reminders only) and
response rates by team. Results live in :mod:`thrive.engagement.results`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from thrive.engagement.models import (
    Action,
    Answer,
    EngagementSettings,
    Participation,
    Question,
    Response,
    Survey,
    SurveyQuestion,
    Theme,
)
from thrive.engagement.suppression import MINIMUM_THRESHOLD
from thrive.people.models import EmploymentSpell, Organisation, Team


def minimum_group(organisation: Organisation) -> int:
    """The council's smallest group for results (five unless it has raised it)."""
    found = (
        EngagementSettings.objects.for_org(organisation)
        .values_list("minimum_group", flat=True)
        .first()
    )
    return max(found or MINIMUM_THRESHOLD, MINIMUM_THRESHOLD)


def surveys(organisation: Organisation) -> QuerySet[Survey]:
    return (
        Survey.objects.for_org(organisation)
        .annotate(responses_count=Count("responses", distinct=True))
        .order_by("-opens_on", "name")
    )


def survey_by_name(organisation: Organisation, name: str) -> Survey | None:
    return Survey.objects.for_org(organisation).filter(name__iexact=(name or "").strip()).first()


def survey_by_id(organisation: Organisation, pk: Any) -> Survey | None:
    return Survey.objects.for_org(organisation).filter(pk=pk).first()


def latest_survey(organisation: Organisation) -> Survey | None:
    return Survey.objects.for_org(organisation).order_by("-opens_on", "-pk").first()


def org_teams(organisation: Organisation) -> list[Team]:
    return list(Team.objects.for_org(organisation).order_by("name"))


def library(organisation: Organisation, *, active_only: bool = False) -> QuerySet[Question]:
    """The council's question library (only the questions in use, with *active_only*)."""
    questions = Question.objects.for_org(organisation).select_related("scale")
    if active_only:
        questions = questions.filter(active=True)
    return questions.order_by("kind", "code")


def survey_items(survey: Survey) -> list[SurveyQuestion]:
    return list(survey.items.select_related("question__scale").order_by("position"))


def audience_spells(survey: Survey, on: date) -> QuerySet[EmploymentSpell]:
    """The current spells of the people *survey* is for, on *on*."""
    spells = (
        EmploymentSpell.objects.for_org(survey.organisation)
        .current(on)
        .select_related("team", "person")
    )
    team_ids = list(survey.audience_teams.values_list("pk", flat=True))
    if team_ids:
        spells = spells.filter(team_id__in=team_ids)
    if survey.audience_professions:
        spells = spells.filter(profession__in=survey.audience_professions)
    return spells.order_by("person_id", "-start_date")


def audience_spell(survey: Survey, person: Any, on: date) -> EmploymentSpell | None:
    """The spell through which *person* is in the survey's audience on *on* (None: not in it)."""
    return audience_spells(survey, on).filter(person=person).first()


def has_answered(survey: Survey, person: Any) -> bool:
    return Participation.objects.filter(survey=survey, person=person).exists()


@dataclass
class OpenSurvey:
    survey: Survey
    answered: bool


def surveys_for_person(organisation: Organisation, person: Any, on: date) -> list[OpenSurvey]:
    """The open surveys *person* is in the audience of, and whether they have answered each."""
    if person is None:
        return []
    open_now = list(
        Survey.objects.for_org(organisation)
        .filter(opens_on__lte=on, closes_on__gte=on)
        .prefetch_related("audience_teams")
        .order_by("closes_on", "name")
    )
    if not open_now:
        return []
    spells = list(EmploymentSpell.objects.for_org(organisation).current(on).filter(person=person))
    answered = set(
        Participation.objects.filter(person=person, survey__in=open_now).values_list(
            "survey_id", flat=True
        )
    )
    found = []
    for s in open_now:
        team_ids = {t.pk for t in s.audience_teams.all()}
        if any(
            (not team_ids or sp.team_id in team_ids)
            and (not s.audience_professions or sp.profession in s.audience_professions)
            for sp in spells
        ):
            found.append(OpenSurvey(survey=s, answered=s.pk in answered))
    return found


def non_responder_emails(survey: Survey, on: date) -> list[str]:
    """The addresses of audience members who have not answered (for the reminder only; never
    shown to anyone)."""
    answered = Participation.objects.filter(survey=survey).values("person_id")
    spells = audience_spells(survey, on).exclude(person_id__in=answered)
    emails = spells.exclude(person__user__isnull=True).values_list("person__user__email", flat=True)
    return sorted({e for e in emails if e})


@dataclass
class ResponseRate:
    team: str
    invited: int
    responded: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.responded / self.invited) if self.invited else None


def response_rates(survey: Survey, on: date) -> tuple[list[ResponseRate], ResponseRate]:
    """How many of each team's audience have answered, and the whole survey's. Counts of taking
    part only: nothing about answers."""
    day = min(on, survey.closes_on)
    invited: dict[str, set[int]] = {}
    for team_name, person_id in audience_spells(survey, day).values_list("team__name", "person_id"):
        invited.setdefault(team_name, set()).add(person_id)
    responded = dict(
        Participation.objects.filter(survey=survey)
        .values("team__name")
        .annotate(n=Count("pk"))
        .values_list("team__name", "n")
    )
    names = sorted(set(invited) | {n for n in responded if n})
    rows = [ResponseRate(n, len(invited.get(n, ())), responded.get(n, 0)) for n in names]
    total_invited = len({p for people in invited.values() for p in people})
    total = ResponseRate("All teams", total_invited, sum(responded.values()))
    return rows, total


# --- "You said, we did" ---------------------------------------------------------------------


def themes_for_survey(survey: Survey) -> list[Theme]:
    return list(
        Theme.objects.filter(survey=survey)
        .annotate(comment_count=Count("comments", distinct=True))
        .prefetch_related("actions")
        .order_by("name")
    )


def theme_for(organisation: Organisation, pk: Any) -> Theme | None:
    return Theme.objects.for_org(organisation).select_related("survey").filter(pk=pk).first()


def action_for(organisation: Organisation, pk: Any) -> Action | None:
    return Action.objects.for_org(organisation).select_related("theme").filter(pk=pk).first()


@dataclass
class CommentToTag:
    id: str
    text: str
    theme_id: int | None
    suggested_id: int | None


def comments_to_tag(survey: Survey, themes: list[Theme]) -> list[CommentToTag]:
    """The wave's comments for the lead to tag — only when the whole wave has at least the
    minimum group of respondents; names removed, in alphabetical order (never the order given),
    with no team or profession beside them. Each carries its theme, or a suggested one."""
    from thrive.engagement.results import name_screen, screen

    if Response.objects.filter(survey=survey).count() < minimum_group(survey.organisation):
        return []
    current: dict[str, int] = {}
    for theme in themes:
        for answer_id in Answer.objects.filter(themes=theme).values_list("pk", flat=True):
            current[str(answer_id)] = theme.pk
    pattern = name_screen(survey.organisation)
    found = []
    for answer_id, text in (
        Answer.objects.filter(response__survey=survey)
        .exclude(text="")
        .order_by("text", "pk")
        .values_list("pk", "text")
    ):
        lowered = text.lower()
        suggested = next((t.pk for t in themes if any(w in lowered for w in t.words())), None)
        found.append(
            CommentToTag(
                id=str(answer_id),
                text=screen(text, pattern),
                theme_id=current.get(str(answer_id)),
                suggested_id=suggested,
            )
        )
    return found


@dataclass
class Plan:
    survey: Survey
    themes: list[Theme]
    next_survey: Survey | None
    changes: list[tuple[str, float, float]]  # question, this wave's mean, the next wave's


def you_said_we_did(organisation: Organisation) -> list[Plan]:
    """Each wave with themes, newest first: its themes and actions, and the next wave's change on
    the same questions (the whole council's mean, where shown)."""
    from thrive.engagement.results import survey_results

    waves = list(Survey.objects.for_org(organisation).order_by("opens_on", "pk"))
    themes: dict[int, list[Theme]] = {}
    for theme in (
        Theme.objects.for_org(organisation)
        .annotate(comment_count=Count("comments", distinct=True))
        .prefetch_related("actions")
        .order_by("name")
    ):
        themes.setdefault(theme.survey_id, []).append(theme)
    plans = []
    for i, survey in enumerate(waves):
        if survey.pk not in themes:
            continue
        following = waves[i + 1] if i + 1 < len(waves) else None
        changes: list[tuple[str, float, float]] = []
        if following is not None:
            before, after = survey_results(survey), survey_results(following)
            later = {q.code: after.council.figures[q.pk] for q in after.scale_questions}
            for q in before.scale_questions:
                was, now = before.council.figures[q.pk], later.get(q.code)
                if now is not None and was.mean is not None and now.mean is not None:
                    changes.append((q.text, was.mean, now.mean))
        plans.append(Plan(survey, themes[survey.pk], following, changes))
    return list(reversed(plans))
