"""Engagement's writes: the library, survey waves, answers (anonymous or confidential), reminders
and the council's minimum group. Each is one transaction with an audit entry; an answer's audit
entry says only that the person took part."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from thrive.core import clock
from thrive.core.audit import audit_log, audit_log_many
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.core.outbox import email_on_commit
from thrive.engagement import defaults
from thrive.engagement.models import (
    Action,
    ActionStatus,
    Answer,
    AnswerScale,
    EngagementSettings,
    Participation,
    Question,
    Response,
    Survey,
    SurveyQuestion,
    Theme,
)
from thrive.engagement.suppression import MINIMUM_THRESHOLD

FREE_TEXT_LIMIT = 2000


@transaction.atomic
def library_ensure(*, organisation: Any, actor: Any = None) -> int:
    """Give the council the starting answer scales and question library if it has none yet.
    Returns the number of questions added."""
    if Question.objects.for_org(organisation).exists():
        return 0
    scales = {}
    for spec in defaults.SCALES:
        scale, _ = AnswerScale.objects.get_or_create(
            organisation=organisation,
            name=spec["name"],
            defaults={
                "options": spec["options"],
                "favourable_from": spec["favourable_from"],
                "is_nps": spec["is_nps"],
            },
        )
        scales[scale.name] = scale
    Question.objects.bulk_create(
        Question(
            organisation=organisation,
            code=code,
            kind=kind,
            scale=scales[scale] if scale else None,
            text=text,
        )
        for code, kind, scale, text in defaults.QUESTIONS
    )
    audit_log(action="engagement.library_started", user=actor, organisation=organisation)
    return len(defaults.QUESTIONS)


@transaction.atomic
def minimum_group_set(*, organisation: Any, minimum: int, actor: Any) -> EngagementSettings:
    """Set the smallest group results are shown for: five or more, never below five."""
    if minimum < MINIMUM_THRESHOLD:
        raise ThriveError(
            f"The smallest group must be at least {MINIMUM_THRESHOLD} respondents; "
            "it can be raised but never set below five."
        )
    settings, _ = EngagementSettings.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    before = settings.minimum_group
    settings.minimum_group = minimum
    settings.full_clean()
    settings.save()
    audit_log(
        action="engagement.minimum_group_set",
        user=actor,
        organisation=organisation,
        obj=settings,
        detail={"from": before, "to": minimum},
    )
    return settings


@transaction.atomic
def survey_create(
    *,
    organisation: Any,
    name: str,
    opens_on: date,
    closes_on: date,
    questions: Iterable[Question],
    anonymous: bool = True,
    teams: Iterable[Any] = (),
    professions: Iterable[str] = (),
    actor: Any = None,
) -> Survey:
    """A survey wave with its questions in the order given, for *teams* and *professions* (none
    given: everyone)."""
    name = (name or "").strip()
    questions = list(questions)
    if not questions:
        raise ThriveError("Choose at least one question for the survey.")
    if any(q.organisation_id != organisation.pk for q in questions):
        raise ThriveError("A question from another council's library cannot be used.")
    if Survey.objects.for_org(organisation).filter(name__iexact=name).exists():
        raise ThriveError(f"There is already a survey called '{name}'.")
    survey = Survey(
        organisation=organisation,
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        anonymous=anonymous,
        audience_professions=sorted(set(professions)),
    )
    survey.full_clean()
    survey.save()
    teams = list(teams)
    if any(t.organisation_id != organisation.pk for t in teams):
        raise ThriveError("A team from another council cannot be in the audience.")
    survey.audience_teams.set(teams)
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, question=q, position=i) for i, q in enumerate(questions, 1)
    )
    audit_log(action="engagement.survey_created", user=actor, organisation=organisation, obj=survey)
    return survey


def _clean_answers(
    survey: Survey, raw: Mapping[int, Any], items: Iterable[SurveyQuestion] | None = None
) -> list[tuple[Question, int | None, str]]:
    """Check each answer against its question's scale. Every scale question must be answered;
    free text may be left blank. (*items*: the survey's, when already fetched.)"""
    cleaned: list[tuple[Question, int | None, str]] = []
    problems: list[str] = []
    if items is None:
        items = survey.items.select_related("question__scale")
    for item in items:
        q = item.question
        given = raw.get(q.pk)
        if q.free_text:
            text = str(given or "").strip()
            if len(text) > FREE_TEXT_LIMIT:
                problems.append(f"'{q.text}': keep your answer under {FREE_TEXT_LIMIT} characters.")
            elif text:
                cleaned.append((q, None, text))
            continue
        assert q.scale is not None
        try:
            value = int(given) if given not in (None, "") else None
        except (TypeError, ValueError):
            value = None
        if value is None or value not in q.scale.values():
            problems.append(f"'{q.text}': choose one of the answers.")
        else:
            cleaned.append((q, value, ""))
    if problems:
        raise ThriveError(" ".join(problems))
    return cleaned


@transaction.atomic
def survey_respond(*, survey: Survey, person: Any, answers: Mapping[int, Any], actor: Any) -> None:
    """Record *person*'s answers. Anonymous: the response keeps only their team, service and
    profession (as they are today), and their taking part is recorded apart from it."""
    from thrive.engagement.selectors import audience_spell

    today = clock.today()
    if not survey.is_open(today):
        raise ThriveError(
            f"'{survey.name}' is open from {survey.opens_on:%d %B %Y} "
            f"to {survey.closes_on:%d %B %Y}."
        )
    spell = audience_spell(survey, person, today)
    if spell is None:
        raise ThriveError(f"'{survey.name}' is not for your team or profession.")
    cleaned = _clean_answers(survey, answers)
    try:
        with transaction.atomic():
            Participation.objects.create(
                organisation=survey.organisation, survey=survey, person=person, team=spell.team
            )
    except IntegrityError:
        raise ThriveError(f"You have already answered '{survey.name}'. Thank you.") from None
    response = Response.objects.create(
        organisation=survey.organisation,
        survey=survey,
        team=spell.team,
        service_id=spell.team.service_id,
        profession=spell.profession,
        person=None if survey.anonymous else person,
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=q, value=value, text=text) for q, value, text in cleaned
    )
    # Only that they took part: the survey, never the response.
    audit_log(
        action="engagement.survey_answered",
        user=actor,
        organisation=survey.organisation,
        obj=survey,
    )


@dataclass(frozen=True)
class PastResponse:
    """One person's answers to a closed wave: their team and profession then, and each
    question's answer (by the question's id)."""

    person: Any
    team: Any
    profession: str
    answers: Mapping[int, Any]


@transaction.atomic
def survey_history_add(
    *, survey: Survey, responses: Sequence[PastResponse], actor: Any = None
) -> int:
    """A wave's answers from before Thrive (another survey tool's, or the demo's), in bulk: each
    response checked as :func:`survey_respond` checks one (every scale question answered on its
    scale, free text within the limit, one answer a person), taking part recorded apart from
    the answers and never in their order, and an audit entry each saying only that the person
    took part. Returns the number of responses."""
    organisation = survey.organisation
    items = list(survey.items.select_related("question__scale"))
    seen: set[int] = set()
    checked = []
    for past in responses:
        if past.person.organisation_id != organisation.pk or (
            past.team is not None and past.team.organisation_id != organisation.pk
        ):
            raise ThriveError("Everyone answering must work for this council.")
        if past.person.pk in seen:
            raise ThriveError(f"{past.person} answers '{survey.name}' twice.")
        seen.add(past.person.pk)
        checked.append((past, _clean_answers(survey, past.answers, items)))
    Participation.objects.bulk_create(
        Participation(organisation=organisation, survey=survey, person=p.person, team=p.team)
        for p, _ in checked
    )
    # The answers in an order of their own, so no response can be matched to a participation.
    random.SystemRandom().shuffle(checked)
    made = Response.objects.bulk_create(
        Response(
            organisation=organisation,
            survey=survey,
            team=p.team,
            service_id=p.team.service_id if p.team is not None else None,
            profession=p.profession,
            person=None if survey.anonymous else p.person,
        )
        for p, _ in checked
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=q, value=value, text=text)
        for response, (_, cleaned) in zip(made, checked, strict=True)
        for q, value, text in cleaned
    )
    audit_log_many(
        {
            "action": "engagement.survey_answered",
            "user": actor,
            "organisation": organisation,
            "obj": survey,
        }
        for _ in checked
    )
    return len(checked)


@transaction.atomic
def survey_remind(*, survey: Survey, actor: Any) -> int:
    """Email everyone in the audience who has not answered yet. The message is the same for
    everyone and says nothing of who has answered. Returns how many were emailed."""
    from thrive.engagement.selectors import non_responder_emails

    today = clock.today()
    if not survey.is_open(today):
        raise ThriveError(f"'{survey.name}' is not open, so there is no one to remind.")
    emails = non_responder_emails(survey, today)
    for email in emails:
        email_on_commit(
            to=[email],
            subject=f"A reminder: {survey.name}",
            body=(
                f"{survey.organisation.name} would like to hear from you in '{survey.name}', open "
                f"until {survey.closes_on:%d %B %Y}. "
                + (
                    "Your answers are anonymous: they are never linked to you, and results are "
                    "only shown for groups large enough that no one can be identified."
                    if survey.anonymous
                    else "This survey is confidential: only the named leads see answers."
                )
                + " If you have answered since this was sent, thank you."
            ),
            organisation=survey.organisation,
        )
    audit_log(
        action="engagement.reminders_sent",
        user=actor,
        organisation=survey.organisation,
        obj=survey,
        detail={"emailed": len(emails)},
    )
    return len(emails)


# --- "You said, we did" ---------------------------------------------------------------------


@transaction.atomic
def theme_add(*, survey: Survey, name: str, you_said: str, keywords: str = "", actor: Any) -> Theme:
    """A theme drawn from *survey*'s answers, with words that suggest its comments."""
    name = (name or "").strip()
    if Theme.objects.filter(survey=survey, name__iexact=name).exists():
        raise ThriveError(f"'{survey.name}' already has a theme called '{name}'.")
    theme = Theme(
        organisation=survey.organisation,
        survey=survey,
        name=name,
        you_said=(you_said or "").strip(),
        keywords=(keywords or "").strip(),
    )
    theme.full_clean()
    theme.save()
    audit_log(
        action="engagement.theme_added", user=actor, organisation=survey.organisation, obj=theme
    )
    return theme


@transaction.atomic
def comments_tag(
    *, survey: Survey, tags: Mapping[str, int | None], actor: Any, version: int | None = None
) -> int:
    """Put each comment (answer id -> theme id, or None for no theme) in one of *survey*'s
    themes. Returns how many comments have a theme afterwards. *version*: the survey's version
    the user saw; tags saved by someone else since are not overwritten (the survey's version
    rises with each tagging)."""
    with versioned_change(
        survey, version=version, actor=actor, action="engagement.comments_tagged"
    ) as change:
        change.fields = []
        tagged = _comments_tag(survey, tags)
        change.summary = str(survey)
        change.detail = {"tagged": tagged}
    return tagged


def _comments_tag(survey: Survey, tags: Mapping[str, int | None]) -> int:
    themes = {t.pk: t for t in Theme.objects.filter(survey=survey)}
    answers = {
        str(a.pk): a
        for a in Answer.objects.filter(response__survey=survey, pk__in=list(tags)).exclude(text="")
    }
    for theme in themes.values():
        theme.comments.remove(*answers.values())
    tagged = 0
    for answer_id, theme_id in tags.items():
        answer = answers.get(str(answer_id))
        if answer is None or theme_id is None:
            continue
        if theme_id not in themes:
            raise ThriveError("Choose one of this survey's themes.")
        themes[theme_id].comments.add(answer)
        tagged += 1
    return tagged


@transaction.atomic
def action_add(*, theme: Theme, what: str, owner: str, due_on: date, actor: Any) -> Action:
    """What the council will do about *theme*, who owns it and by when."""
    action = Action(
        organisation=theme.organisation,
        theme=theme,
        what=(what or "").strip(),
        owner=(owner or "").strip(),
        due_on=due_on,
    )
    action.full_clean()
    action.save()
    audit_log(
        action="engagement.action_added", user=actor, organisation=theme.organisation, obj=action
    )
    return action


@transaction.atomic
def action_progress(
    *, action: Action, status: str, progress: str, actor: Any, version: int | None = None
) -> Action:
    """Record how an action is going (planned, under way, done) and what has happened
    (*version*: the action's version the user saw; a change since is refused)."""
    if status not in ActionStatus.values:
        raise ThriveError("Choose planned, under way or done.")
    with versioned_change(
        action, version=version, actor=actor, action="engagement.action_progress"
    ) as change:
        locked = change.obj
        locked.status = status
        locked.progress = (progress or "").strip()
        locked.full_clean()
        change.detail = {"status": status}
    return locked
