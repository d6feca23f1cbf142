"""``thrive import survey_responses FILE --org CODE --survey NAME``: answers collected by another
survey tool (Microsoft Forms, Qualtrics, Culture Amp), one row per response, read into a survey
wave. All or nothing: every row is checked first and the report names every problem by row and
column (docs/engagement.md has the format)."""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from django.db import transaction

from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap
from thrive.engagement.models import Answer, Response, Survey
from thrive.engagement.selectors import survey_items
from thrive.engagement.services import FREE_TEXT_LIMIT
from thrive.people.imports.base import Importer, ImportReport
from thrive.people.imports.reading import Table, read_table
from thrive.people.imports.registry import ImportKind, ImportOption
from thrive.people.models import Profession, Service, StaffMember, Team

KIND = "survey_responses"
FIXED = ("response_id", "team", "service", "profession", "staff_id")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def survey_responses_import(
    *,
    survey: Survey,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    user: Any = None,
) -> ImportReport:
    """Check every row of the file against *survey*'s questions and, unless *dry_run* or a row is
    wrong, add its responses (a response already imported is left as it is)."""
    importer = SurveyResponsesImporter(
        survey.organisation, user=user, source=filename, options={"survey": survey}
    )
    return importer.run(read_table(content, filename), dry_run=dry_run)


def _responses_read(
    survey: Survey, table: Table, *, filename: str, dry_run: bool, user: Any
) -> ImportReport:
    org = survey.organisation
    report = ImportReport(kind=KIND, organisation=org, source=filename, dry_run=dry_run)
    report.notes.extend(table.notes)
    questions = {item.question.code.lower(): item.question for item in survey_items(survey)}
    known = [*FIXED, *questions]
    seen: set[str] = set()
    for position, name in enumerate(table.headers, start=1):
        if name == "":
            report.problem(
                1, f"number {position}", "the header is blank; every column needs a name"
            )
        elif name not in known:
            report.problem(1, name, "unknown column (expected: " + ", ".join(known) + ")")
        elif name in seen:
            report.problem(1, name, "the column appears twice")
        seen.add(name)
    if "staff_id" in seen and survey.anonymous:
        report.problem(
            1, "staff_id", f"'{survey.name}' is anonymous: answers are never linked to a person"
        )
    if not any(q in seen for q in questions):
        report.problem(1, "(all)", "no column names one of the survey's questions")
    if report.problems:
        return report
    if not table.rows:
        report.problem(2, "(all)", "the file has a header but no rows of data")
        return report

    teams = {t.name.lower(): t for t in Team.objects.for_org(org)}
    services = {s.name.lower(): s for s in Service.objects.for_org(org)}
    people = {}
    if "staff_id" in seen:
        people = {p.staff_id.lower(): p for p in StaffMember.objects.for_org(org)}
    professions = {p.value: p.value for p in Profession} | {
        p.label.lower(): p.value for p in Profession
    }
    existing = set(
        Response.objects.filter(survey=survey)
        .exclude(external_id="")
        .values_list("external_id", flat=True)
    )
    incoming: list[tuple[Response, list[Answer]]] = []
    ids_seen: dict[str, int] = {}
    occurrences: Counter[str] = Counter()
    for number, raw in table.rows:
        if "\x00extra" in raw:
            report.problem(number, "(beyond the last header)", "has values but no column name")
        problems_before = report.problem_count
        cells = {c: _text(raw.get(c)) for c in seen}
        team = service = person = None
        if cells.get("team"):
            team = teams.get(cells["team"].lower())
            if team is None:
                report.problem(number, "team", f"no team called '{cells['team']}' in {org.name}")
        if cells.get("service"):
            service = services.get(cells["service"].lower())
            if service is None:
                report.problem(
                    number, "service", f"no service called '{cells['service']}' in {org.name}"
                )
            elif team is not None and team.service_id != service.pk:
                report.problem(
                    number, "service", f"team '{team.name}' is not in service '{service.name}'"
                )
        profession = ""
        if cells.get("profession"):
            profession = professions.get(cells["profession"].lower(), "")
            if not profession:
                report.problem(
                    number,
                    "profession",
                    f"'{cells['profession']}' is not a profession (use one of: "
                    + ", ".join(Profession.values)
                    + ")",
                )
        if cells.get("staff_id"):
            person = people.get(cells["staff_id"].lower())
            if person is None:
                report.problem(number, "staff_id", f"no one has staff ID '{cells['staff_id']}'")
        answers: list[Answer] = []
        for code, q in questions.items():
            value = cells.get(code, "")
            if not value:
                continue
            if q.free_text:
                if len(value) > FREE_TEXT_LIMIT:
                    report.problem(number, code, f"longer than {FREE_TEXT_LIMIT} characters")
                answers.append(Answer(question=q, text=value))
                continue
            assert q.scale is not None
            by_label = {str(label).lower(): int(v) for v, label in q.scale.options}
            chosen = by_label.get(value.lower())
            if chosen is None:
                try:
                    chosen = int(value)
                except ValueError:
                    chosen = None
            if chosen is None or chosen not in q.scale.values():
                values = q.scale.values()
                report.problem(
                    number,
                    code,
                    f"'{value}' is not an answer on the scale '{q.scale.name}' "
                    f"({min(values)} to {max(values)}, or its words)",
                )
                continue
            answers.append(Answer(question=q, value=chosen))
        external = cells.get("response_id", "")
        if external:
            if external in ids_seen:
                report.problem(
                    number, "response_id", f"'{external}' repeats row {ids_seen[external]}"
                )
            ids_seen[external] = number
        else:
            # No ID from the other tool: the row's own content (and how many identical rows came
            # before it) identifies it, so importing the same file again changes nothing.
            content_key = "|".join(f"{c}={cells.get(c, '')}" for c in sorted(seen))
            occurrences[content_key] += 1
            digest = hashlib.sha256(content_key.encode()).hexdigest()[:40]
            external = f"row:{digest}:{occurrences[content_key]}"
        if not answers and report.problem_count == problems_before:
            report.problem(number, "(all)", "the row answers none of the survey's questions")
        response = Response(
            organisation=org,
            survey=survey,
            team=team,
            service_id=team.service_id if team is not None else (service.pk if service else None),
            profession=profession,
            person=person,
            external_id=external,
        )
        incoming.append((response, answers))
    report.rows = len(incoming)
    if report.problems:
        return report
    new = [(r, a) for r, a in incoming if r.external_id not in existing]
    report.new = len(new)
    report.unchanged = len(incoming) - len(new)
    if dry_run:
        return report
    with transaction.atomic():
        Response.objects.bulk_create([r for r, _ in new])
        for response, answers in new:
            for a in answers:
                a.response = response
        Answer.objects.bulk_create([a for _, answers in new for a in answers])
        report.written = True
        audit_log(
            action="engagement.responses_imported",
            user=user,
            organisation=org,
            obj=survey,
            summary=f"{filename}: {report.new} new responses, {report.unchanged} already imported",
        )
    return report


def survey_import_for(organisation: Any, name: str | None) -> Survey:
    """The survey *name* names in *organisation*, or a refusal saying what to give."""
    from thrive.engagement.selectors import survey_by_name

    if not name:
        raise ThriveError("Name the survey the answers belong to with --survey NAME.")
    survey = survey_by_name(organisation, name)
    if survey is None:
        raise ThriveError(f"There is no survey called '{name}' in {organisation.name}.")
    return survey


class SurveyResponsesImporter(Importer):
    """The ``survey_responses`` kind. Its columns are the survey's questions, so it checks and
    writes its rows itself (:meth:`run`) rather than through declared ``columns``; the survey is
    the ``--survey`` option (a name) or, from :func:`survey_responses_import`, the survey."""

    kind = KIND
    capability = Cap.ENGAGEMENT_MANAGE
    columns = ()

    def __init__(self, organisation: Any, **kwargs: Any) -> None:
        super().__init__(organisation, **kwargs)
        chosen = self.options.get("survey")
        # Refused before the file is read (a missing or unknown --survey is the first thing said).
        self.survey = (
            chosen if isinstance(chosen, Survey) else survey_import_for(organisation, chosen)
        )

    def run(self, table: Table, *, dry_run: bool = False) -> ImportReport:
        return _responses_read(
            self.survey, table, filename=self.source, dry_run=dry_run, user=self.user
        )


# The kind this app adds to `thrive import` (found by the register's import registry).
IMPORT_KINDS = [
    ImportKind(
        SurveyResponsesImporter,
        options=(ImportOption("survey", "survey_responses: the survey wave", metavar="NAME"),),
    )
]
