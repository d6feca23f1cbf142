"""`thrive import applications FILE --org CODE [--vacancy N]`: a council's applicants file, one
row per application, through the register's import machinery (registry.py): every row checked
before anything is written, each problem named by row and column, the same file twice changes
nothing. The equality answers go to their own table, as the application form keeps them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from thrive.core.roles import Cap
from thrive.people.imports.base import Importer, ImportReport, Row
from thrive.people.imports.fields import CellError, Column, coded, identifier, parse_date, text
from thrive.people.imports.registry import ImportKind, ImportOption
from thrive.people.services import full_clean_or_raise
from thrive.recruitment import codes
from thrive.recruitment.models import Application, Channel, EqualityMonitoring, Stage, Vacancy

# The furthest stage reached, in order, with the column holding the day it was reached.
REACHED = ["applied", "shortlisted", "interviewed", "offered", "accepted", "started"]
REACHED_ON = {
    "applied": "applied_on",
    "shortlisted": "shortlisted_on",
    "interviewed": "interviewed_on",
    "offered": "offered_on",
    "accepted": "accepted_on",
    "started": "start_date",
}
# How an application ended short of the next stage, and the furthest stages it can follow.
OUTCOMES = {
    "withdrawn": REACHED[:5],
    "rejected": REACHED[:4],
    "declined": ["offered"],
}
PREFER_NOT = {"prefer not to say": "", "not given": "", "refused": ""}
EQUALITY_FIELDS = ("ethnicity", "gender", "date_of_birth", "disability")


def email(value: Any) -> str:
    raw = str(value).strip().lower()
    try:
        validate_email(raw)
    except ValidationError:
        raise CellError(f"'{raw}' is not an email address") from None
    return raw


def vacancy_number(value: Any) -> int:
    raw = identifier(value)
    if not raw.isdigit():
        raise CellError(f"'{raw}' is not a vacancy's number (as Thrive shows it)")
    return int(raw)


class ApplicationsImporter(Importer):
    kind = "applications"
    capability = Cap.RECRUITMENT_MANAGE
    columns = [
        Column("vacancy", vacancy_number),
        Column("candidate_ref", identifier, required=True),
        Column("candidate_name", text(200)),
        Column("candidate_email", email),
        Column("channel", text(100), required=True),
        Column("stage", coded({s: s for s in REACHED}, numeric=False, what="stage"), required=True),
        Column("outcome", coded({o: o for o in OUTCOMES}, numeric=False, what="outcome")),
        Column("applied_on", parse_date, required=True),
        Column("shortlisted_on", parse_date),
        Column("interviewed_on", parse_date),
        Column("offered_on", parse_date),
        Column("accepted_on", parse_date),
        Column("start_date", parse_date),
        Column(
            "ethnicity",
            coded(
                dict(codes.ETHNICITY),
                numeric=False,
                what="census ethnicity",
                aliases={**PREFER_NOT, "REFU": "", "NOBT": ""},
            ),
        ),
        Column(
            "gender",
            coded(
                {int(c): label for c, label in codes.GENDER},
                numeric=True,
                what="census gender",
                aliases={"female": 2, "male": 1, **dict.fromkeys(PREFER_NOT, 9)},
            ),
        ),
        Column("date_of_birth", parse_date),
        Column(
            "disability",
            coded(
                {"yes": "Yes", "no": "No"},
                numeric=False,
                what="disability answer",
                aliases={**PREFER_NOT, "disabled": "yes", "not disabled": "no"},
            ),
        ),
    ]

    def check(self, rows: Sequence[Row], report: ImportReport) -> None:
        chosen = self.options.get("vacancy")
        wanted = {int(chosen)} if chosen else set()
        wanted |= {v for v in self.parsed["vacancy"] if v is not None}
        self.vacancies = {
            v.pk: v for v in Vacancy.objects.for_org(self.organisation).filter(pk__in=wanted)
        }
        if chosen and int(chosen) not in self.vacancies:
            report.problem(1, "--vacancy", f"there is no vacancy {chosen} at this council")
            return
        self.channels = {c.name.casefold(): c for c in Channel.objects.for_org(self.organisation)}
        known_channels = ", ".join(sorted(c.name for c in self.channels.values()))
        self.duplicate_keys(
            rows,
            lambda r: (self._vacancy_of(r), r["candidate_ref"]),
            report,
            "candidate_ref",
            "the same candidate_ref for the same vacancy",
        )
        emailed = [r for r in rows if r["candidate_email"]]
        self.duplicate_keys(
            emailed,
            lambda r: (self._vacancy_of(r), r["candidate_email"]),
            report,
            "candidate_email",
            "the same candidate_email for the same vacancy",
        )
        taken: dict[tuple[int | None, str], str] = {
            (vacancy, email): ref
            for vacancy, email, ref in Application.objects.filter(
                vacancy_id__in=list(self.vacancies)
            )
            .exclude(candidate_email="")
            .values_list("vacancy_id", "candidate_email", "candidate_ref")
        }
        for row in rows:
            self._check_row(row, report, chosen, known_channels)
            held = taken.get((self._vacancy_of(row), row["candidate_email"]))
            if row["candidate_email"] and held is not None and held != row["candidate_ref"]:
                report.problem(
                    row.number,
                    "candidate_email",
                    "another application for this vacancy has this email"
                    + (f" (candidate_ref {held})" if held else " (made on the form or by hand)"),
                )

    def _vacancy_of(self, row: Row) -> int | None:
        chosen = self.options.get("vacancy")
        return int(chosen) if chosen else row["vacancy"]

    def _check_row(self, row: Row, report: ImportReport, chosen: Any, known_channels: str) -> None:
        n = row.number
        if chosen and row["vacancy"] is not None and row["vacancy"] != int(chosen):
            report.problem(n, "vacancy", f"is {row['vacancy']}, but --vacancy is {chosen}")
        elif row["vacancy"] is None and not chosen:
            report.problem(n, "vacancy", "is required (or give --vacancy for the whole file)")
        elif row["vacancy"] is not None and row["vacancy"] not in self.vacancies:
            report.problem(n, "vacancy", f"there is no vacancy {row['vacancy']} at this council")
        if row["channel"] and row["channel"].casefold() not in self.channels:
            report.problem(
                n,
                "channel",
                f"'{row['channel']}' is not one of the council's channels ({known_channels})",
            )
        stage, outcome = row["stage"], row["outcome"]
        if stage is None:
            return
        furthest = REACHED.index(stage)
        previous: tuple[str, date] | None = None
        for index, name in enumerate(REACHED):
            column = REACHED_ON[name]
            day = row[column]
            if index <= furthest and day is None and name != "accepted":
                report.problem(n, column, f"is required for an application that reached {stage}")
            if index > furthest and day is not None:
                report.problem(n, column, f"is given, but the furthest stage reached is {stage}")
            if day is not None:
                if previous is not None and day < previous[1]:
                    report.problem(n, column, f"{day} is before {previous[0]} {previous[1]}")
                previous = (column, day)
        if outcome is not None and stage not in OUTCOMES[outcome]:
            report.problem(
                n,
                "outcome",
                f"{outcome} cannot follow {stage} (it follows: "
                + ", ".join(OUTCOMES[outcome])
                + ")",
            )
        born, applied = row["date_of_birth"], row["applied_on"]
        if born and applied and (applied.year - born.year) < 16:
            report.problem(n, "date_of_birth", f"{born} is under 16 years before applied_on")

    def _fields(self, row: Row) -> dict[str, Any]:
        stage = row["stage"]
        return {
            "candidate_name": row["candidate_name"] or row["candidate_ref"],
            "candidate_email": row["candidate_email"] or "",
            "channel_id": self.channels[row["channel"].casefold()].pk,
            "stage": row["outcome"] or (Stage.ACCEPTED if stage == "started" else stage),
            "applied_on": row["applied_on"],
            "shortlisted_on": row["shortlisted_on"],
            "interviewed_on": row["interviewed_on"],
            "offered_on": row["offered_on"],
            "accepted_on": row["accepted_on"],
            "start_date": row["start_date"],
        }

    def _answers(self, row: Row) -> dict[str, Any]:
        return {
            "ethnicity": row["ethnicity"] or "",
            "gender": row["gender"],
            "date_of_birth": row["date_of_birth"],
            "disability": row["disability"] or "",
        }

    def apply(self, rows: Sequence[Row], report: ImportReport, write: bool) -> None:
        """Merge each row into the application for its vacancy and candidate_ref (new or
        changed), and its equality answers into their own table."""
        existing = {
            (a.vacancy_id, a.candidate_ref): a
            for a in Application.objects.filter(
                vacancy_id__in=list(self.vacancies), candidate_ref__gt=""
            )
        }
        answers_of = {
            m.application_id: m
            for m in EqualityMonitoring.objects.filter(
                application__in=[a.pk for a in existing.values()]
            )
        }
        for row in rows:
            vacancy = self.vacancies[self._vacancy_of(row)]  # type: ignore[index]
            fields, answers = self._fields(row), self._answers(row)
            found = existing.get((vacancy.pk, row["candidate_ref"]))
            monitoring = answers_of.get(found.pk) if found is not None else None
            if found is None:
                report.new += 1
                if write:
                    self._write_new(vacancy, row["candidate_ref"], fields, answers)
                continue
            moved = {k: v for k, v in fields.items() if getattr(found, k) != v}
            said = monitoring is None or any(
                getattr(monitoring, k) != v for k, v in answers.items()
            )
            if not moved and not said:
                report.unchanged += 1
                continue
            report.changed += 1
            if write:
                for k, v in moved.items():
                    setattr(found, k, v)
                found.version += 1
                full_clean_or_raise(found)
                found.save()
                monitoring = monitoring or EqualityMonitoring(
                    organisation=self.organisation, application=found
                )
                for k, v in answers.items():
                    setattr(monitoring, k, v)
                full_clean_or_raise(monitoring)
                monitoring.save()

    def _write_new(
        self, vacancy: Vacancy, ref: str, fields: dict[str, Any], answers: dict[str, Any]
    ) -> None:
        application = Application(
            organisation=self.organisation,
            vacancy=vacancy,
            candidate_ref=ref,
            recorded_by=self.user,
            **fields,
        )
        full_clean_or_raise(application)
        application.save()
        monitoring = EqualityMonitoring(
            organisation=self.organisation, application=application, **answers
        )
        full_clean_or_raise(monitoring)
        monitoring.save()


IMPORT_KINDS = [
    ImportKind(
        ApplicationsImporter,
        options=[
            ImportOption(
                "vacancy", "the vacancy every row is for (its number in Thrive)", metavar="N"
            )
        ],
    )
]
