"""`thrive metrics`: the statutory measures exactly as formats.md defines them."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from thrive.core.commands import Commands, acting_user, add_as_option, organisation, progress
from thrive.core.errors import ThriveError


def cmd_metrics(args: argparse.Namespace) -> int:
    from thrive.core.permissions import access_for
    from thrive.core.roles import Cap
    from thrive.intelligence.policy import measures_team_ids, measures_teams
    from thrive.intelligence.services import MEASURES, measures_for_year
    from thrive.people.models import Team

    if not 2000 <= args.year <= 2100:
        raise ThriveError("--year must be a census year such as 2025.")
    if args.all:
        if args.team:
            raise ThriveError("--team names one council's team: give --org with it, not --all.")
        return _metrics_all(args, Cap.MEASURES_VIEW)
    org = organisation(args.org)
    user = acting_user(args, org, Cap.MEASURES_VIEW)
    # Without --as the operator of the deployment sees the whole council.
    access = access_for(user, org) if user is not None else None
    team_ids = None if access is None else measures_team_ids(access)
    if args.team:
        team = Team.objects.for_org(org).filter(name__iexact=args.team).first()
        if team is None:
            raise ThriveError(f"There is no team called '{args.team}' in {org.name}.")
        if access is not None and not measures_teams(access).filter(pk=team.pk).exists():
            raise ThriveError(f"{args.as_user} may not see the measures of {team.name}.")
        team_ids = [team.pk]
    # A year the register holds no data for has no figures and says why (as the web page).
    found = measures_for_year(org, args.year, team_ids=team_ids)
    values = found.measures
    if args.format == "json":
        # "note" only when there is one, so a year with figures is the measures alone.
        print(json.dumps({**values, **({"note": found.note} if found.note else {})}))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([*MEASURES, "note"])
        writer.writerow(
            ["" if values[m] is None else values[m] for m in MEASURES] + [found.note or ""]
        )
    else:
        if found.note:
            print(found.note)
        width = max(len(m) for m in MEASURES)
        for m in MEASURES:
            shown = "–" if values[m] is None else values[m]
            print(f"{m.ljust(width)}  {shown}")
    return 0


def _metrics_all(args: argparse.Namespace, capability: str) -> int:
    """Every council's measures in one pass (``--all``): the operator sees every council; a
    person given with ``--as`` sees the councils where they may see the whole council's."""
    from django.contrib.auth import get_user_model

    from thrive.core.permissions import access_for
    from thrive.intelligence.policy import measures_whole_council
    from thrive.intelligence.services import MEASURES, measures_all_councils
    from thrive.people.models import Organisation

    orgs = list(Organisation.objects.order_by("code"))
    if args.as_user:
        user = get_user_model().objects.filter(email__iexact=args.as_user).first()
        if user is None:
            raise ThriveError(f"There is no person who signs in as {args.as_user}.")
        theirs = set(user.role_assignments.values_list("organisation_id", flat=True))
        orgs = [
            o
            for o in orgs
            if o.pk in theirs
            and (a := access_for(user, o)).can(capability)
            and measures_whole_council(a)
        ]
        if not orgs:
            raise ThriveError(f"{args.as_user} may not see any council's measures as a whole.")
    found = measures_all_councils(orgs, args.year)
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "organisation": o.code,
                        "name": o.name,
                        **found[o.pk].measures,
                        **({"note": found[o.pk].note} if found[o.pk].note else {}),
                    }
                    for o in orgs
                ]
            )
        )
        return 0
    if args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["organisation", "name", *MEASURES, "note"])
        for o in orgs:
            values = found[o.pk].measures
            writer.writerow(
                [o.code, o.name]
                + ["" if values[m] is None else values[m] for m in MEASURES]
                + [found[o.pk].note or ""]
            )
        return 0
    for o in orgs:
        values = found[o.pk].measures
        note = f"  ({found[o.pk].note})" if found[o.pk].note else ""
        print(f"{o.code} {o.name}{note}")
        width = max(len(m) for m in MEASURES)
        for m in MEASURES:
            shown = "–" if values[m] is None else values[m]
            print(f"  {m.ljust(width)}  {shown}")
    return 0


def _print_load(load: Any) -> None:
    years = f" for {load.years}" if load.years else ""
    origin = (
        f" (the published data that ships with Thrive, {load.package_version})"
        if (load.source == "package")
        else ""
    )
    print(f"Loaded {load.rows} {load.kind} rows from {load.filename}{origin}{years}.")
    if load.kind == "neighbours":
        for c in load.changes:
            print(
                f"  Changed from before: {c['authorities_added']} authorities added, "
                f"{c['changed']} with different neighbours, {c['removed']} removed."
            )
        return
    if not load.changes:
        return
    print("  Changed from what was loaded before (rows added / changed / removed):")
    width = max(len(c["measure"]) for c in load.changes)
    for c in load.changes:
        print(
            f"  {c['year']}  {c['measure'].ljust(width)}  "
            f"{c['added']} added, {c['changed']} changed, {c['removed']} removed"
        )


def cmd_benchmarks_load(args: argparse.Namespace) -> int:
    from pathlib import Path

    from thrive.intelligence.benchmarks import benchmarks_load, benchmarks_load_shipped
    from thrive.people.imports.reading import read_path

    if not args.files:
        for load in benchmarks_load_shipped(progress=progress):
            _print_load(load)
        return 0
    for name in args.files:
        path = Path(name)
        content = read_path(path)
        _print_load(benchmarks_load(content=content, filename=path.name, progress=progress))
    return 0


def _scoped_team_ids(args: argparse.Namespace, org: Any, access: Any) -> list[int] | None:
    """The teams a command answers for: ``--team`` (if the person may see it), else every
    team the person may see (None: the whole council)."""
    from thrive.intelligence.policy import measures_team_ids, measures_teams
    from thrive.people.models import Team

    team_ids = None if access is None else measures_team_ids(access)
    if getattr(args, "team", None):
        team = Team.objects.for_org(org).filter(name__iexact=args.team).first()
        if team is None:
            raise ThriveError(f"There is no team called '{args.team}' in {org.name}.")
        if access is not None and not measures_teams(access).filter(pk=team.pk).exists():
            raise ThriveError(f"{args.as_user} may not see the figures of {team.name}.")
        team_ids = [team.pk]
    return team_ids


def cmd_retention(args: argparse.Namespace) -> int:
    from datetime import date

    from analytics.retention import HORIZONS
    from thrive.core import clock
    from thrive.core.permissions import access_for
    from thrive.core.roles import Cap
    from thrive.intelligence.retention import retention_for

    if not args.org:
        raise ThriveError(
            "Say which council: thrive retention --org CODE --by FIELD "
            "(or 'thrive retention set|apply' for the records retention schedule)."
        )
    org = organisation(args.org)
    user = acting_user(args, org, Cap.MEASURES_VIEW)
    access = access_for(user, org) if user is not None else None
    team_ids = _scoped_team_ids(args, org, access)
    try:
        on = date.fromisoformat(args.on) if args.on else clock.today()
    except ValueError as exc:
        raise ThriveError(f"--on must be a date such as 2026-03-31, not '{args.on}'.") from exc
    result = retention_for(org, by=args.by, on=on, team_ids=team_ids)
    out = result.as_dict()
    out["organisation"] = org.code
    if args.format == "json":
        print(json.dumps(out))
        return 0
    writer = csv.writer(sys.stdout, lineterminator="\n")
    head = ["group", "at_risk", "leavers", "in_post"]
    for h in HORIZONS:
        head += [f"survival_{h}y", f"survival_{h}y_low", f"survival_{h}y_high"]
    writer.writerow([*head, "median_years", "early_leaver_rate", "note"])
    for g in out["groups"]:
        row = [g["group"], g["at_risk"], g["leavers"], g["in_post"]]
        for h in HORIZONS:
            e = g["survival"][str(h)] or {}
            row += [e.get("estimate"), e.get("low"), e.get("high")]
        notes = [g["suppressed"] or "", *{n for n in g["survival_notes"].values() if n}]
        row += [g["median_years"], g["early_leaver_rate"], "; ".join(n for n in notes if n)]
        writer.writerow(["" if v is None else v for v in row])
    return 0


def register_retention(commands: Commands) -> None:
    from analytics.retention import BY_FIELDS

    group = commands.add_group(
        "retention",
        help="how long social workers stay (--org CODE --by FIELD); the records retention schedule",
    )
    group.required = False
    p = commands.group_parser("retention")
    p.description = (
        "With --org: Kaplan-Meier retention of the council's permanent social workers by group "
        "(survival at 1, 2, 3 and 5 years with 95%% limits, median tenure, early leavers). "
        "'set' and 'apply' manage the records retention schedule."
    )
    p.add_argument("--org", help="council code")
    p.add_argument("--by", choices=BY_FIELDS, default="all", help="group by (default: all)")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="as on this date (default: today)")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--team", help="one team's people")
    add_as_option(p)
    p.set_defaults(func=cmd_retention)


def cmd_projection(args: argparse.Namespace) -> int:
    import time
    from datetime import date
    from pathlib import Path

    from analytics.projection import Scenario
    from thrive.core import clock
    from thrive.core.permissions import access_for
    from thrive.core.roles import Cap
    from thrive.intelligence.projection import (
        MAX_RUNS,
        projection_result,
        scenario_named,
    )

    org = organisation(args.org)
    user = acting_user(args, org, Cap.MEASURES_VIEW)
    access = access_for(user, org) if user is not None else None
    team_ids = _scoped_team_ids(args, org, access)
    if not 1 <= args.years <= 5:
        raise ThriveError("--years must be from 1 to 5.")
    if not 1 <= args.runs <= MAX_RUNS:
        raise ThriveError(f"--runs must be from 1 to {MAX_RUNS:,}.")
    try:
        on = date.fromisoformat(args.on) if args.on else clock.today()
    except ValueError as exc:
        raise ThriveError(f"--on must be a date such as 2026-03-31, not '{args.on}'.") from exc
    scenario = None
    if args.scenario:
        path = Path(args.scenario)
        try:
            if not path.exists() and not args.scenario.lower().endswith(".json"):
                scenario = scenario_named(org, args.scenario)
            else:
                data = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(data, dict):
                    raise ValueError("it must be one JSON object of settings")
                scenario = Scenario.from_dict(data)
        except (OSError, ValueError, TypeError) as exc:
            raise ThriveError(f"{args.scenario}: not a scenario file or name: {exc}") from exc
    started = time.perf_counter()
    out: dict[str, Any] = {
        "organisation": org.code,
        **projection_result(
            org,
            on=on,
            years=args.years,
            runs=args.runs,
            seed=args.seed,
            scenario=scenario,
            team_ids=team_ids,
            backtest_year=args.backtest,
        ),
    }
    print(json.dumps(out))
    print(f"{args.runs:,} runs in {time.perf_counter() - started:.2f}s", file=sys.stderr)
    return 0


def register_projection(commands: Commands) -> None:
    p = commands.add_command(
        "projection",
        cmd_projection,
        help="project social workers in post, vacancies, agency and caseloads (Monte Carlo)",
        description="Per year 0..N the 10th, 50th and 90th percentiles of each quantity over the "
        "runs; year 0 is the register on --on. The same --seed gives the same answer. A "
        "--scenario FILE is a JSON object: name, academy_intake_delta, agency_cap_share (0.1 "
        "for 10%%), caseload_cap, turnover_rate (%% a year); or the name of one of the page's "
        "scenarios ('Agency capped at 10%%', \"Turnover at the region's median\").",
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--years", type=int, default=5, help="1 to 5 (default 5)")
    p.add_argument("--runs", type=int, default=10_000, help="default 10,000")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--scenario", metavar="FILE.json|NAME")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="start from this day (default: today)")
    p.add_argument(
        "--backtest",
        type=int,
        metavar="YEAR",
        help="also fit at the end of census YEAR and compare a year on with what happened",
    )
    p.add_argument("--format", choices=["json"], default="json")
    p.add_argument("--team", help="one team's projection")
    add_as_option(p)


def cmd_drivers(args: argparse.Namespace) -> int:
    from datetime import date

    from thrive.core import clock
    from thrive.core.permissions import access_for
    from thrive.core.roles import Cap
    from thrive.intelligence.drivers import drivers_for

    org = organisation(args.org)
    user = acting_user(args, org, Cap.MEASURES_VIEW)
    access = access_for(user, org) if user is not None else None
    team_ids = _scoped_team_ids(args, org, access)
    try:
        on = date.fromisoformat(args.on) if args.on else clock.today()
    except ValueError as exc:
        raise ThriveError(f"--on must be a date such as 2026-03-31, not '{args.on}'.") from exc
    result = drivers_for(org, on=on, team_ids=team_ids)
    if args.format == "json":
        print(json.dumps({"organisation": org.code, **result.as_dict()}))
        return 0
    print(f"{result.people} permanent social workers, {result.leavers} leavers, to {on}:")
    for f in result.findings:
        print(f"  {f.sentence()}")
    return 0


def _commentary_file(name: str) -> tuple[dict[str, str], dict[str, int | None]]:
    """A commentary file: a JSON object of section: sentence, or section: {"text": sentence,
    "version": N} to replace the sentence saved for that day at version N. The sentences, and
    each section's version (None: a new sentence)."""
    from pathlib import Path

    from thrive.intelligence.pack import SECTION_KEYS

    try:
        read = json.loads(Path(name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ThriveError(f"{name}: not a commentary file: {exc}") from exc
    unknown = sorted(set(read) - set(SECTION_KEYS)) if isinstance(read, dict) else []
    if not isinstance(read, dict) or unknown:
        raise ThriveError(
            f"{name}: a JSON object of section: sentence; the sections are "
            f"{', '.join(SECTION_KEYS)}" + (f" (not {', '.join(unknown)})" if unknown else "")
        )
    texts: dict[str, str] = {}
    versions: dict[str, int | None] = {}
    for key, value in read.items():
        if isinstance(value, dict):
            version = value.get("version")
            if not isinstance(value.get("text"), str) or not (
                isinstance(version, int) and not isinstance(version, bool) and version > 0
            ):
                raise ThriveError(
                    f'{name}: {key} must be a sentence or {{"text": "...", "version": N}} '
                    "(N a whole number above 0)."
                )
            texts[key], versions[key] = value["text"], version
        else:
            texts[key], versions[key] = str(value), None
    return texts, versions


def cmd_report_ofsted(args: argparse.Namespace) -> int:
    from datetime import date
    from pathlib import Path

    from thrive.core import clock
    from thrive.core.roles import Cap
    from thrive.intelligence.pack import ofsted_pack, pack_pdf, pack_workbook

    org = organisation(args.org)
    user = acting_user(args, org, Cap.EVIDENCE_PACK)
    try:
        on = date.fromisoformat(args.on) if args.on else clock.today()
    except ValueError as exc:
        raise ThriveError(f"--on must be a date such as 2026-03-31, not '{args.on}'.") from exc
    suffix = Path(args.out).suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise ThriveError("--out must name a .pdf or an .xlsx file.")
    commentary, versions = _commentary_file(args.commentary) if args.commentary else ({}, {})
    if args.save_commentary:
        from django.db import transaction

        from thrive.intelligence.models import PackCommentary
        from thrive.intelligence.services import pack_commentary_save

        if not commentary:
            raise ThriveError("--save-commentary needs --commentary FILE.json.")
        with transaction.atomic():  # every section's sentence saved, or none
            for key, text in commentary.items():
                saved = PackCommentary.objects.for_org(org).filter(section=key, effective_from=on)
                there = saved.first()
                if there is not None and versions.get(key) is None:
                    raise ThriveError(
                        f"{args.commentary}: {key} already has a sentence in force from {on} "
                        f"(version {there.version}); to replace it give "
                        f'{{"text": "...", "version": {there.version}}} for {key}. Nothing was '
                        "saved."
                    )
                pack_commentary_save(
                    organisation=org,
                    section=key,
                    text=text,
                    effective_from=on,
                    user=user,
                    version=versions.get(key) or 0,
                )
        print(f"Saved the commentary for {len(commentary)} sections, in force from {on}.")
    pack = ofsted_pack(org, on=on, commentary=commentary)
    Path(args.out).write_bytes(pack_pdf(pack) if suffix == ".pdf" else pack_workbook(pack))
    print(f"Wrote {args.out}: {len(pack.sections)} sections.")
    return 0


def register(commands: Commands) -> None:
    report = commands.add_group("report", help="reports for inspection")
    p = report.add_parser(
        "ofsted",
        help="the Ofsted workforce evidence pack for a council on a date, as PDF or Excel",
        description="Each section's sentence is the council's saved commentary in force on the "
        "date (saved on the pack page), else one written from the figures; give others for this "
        'pack with --commentary FILE.json: {"profile": "...", "retention": "..."}, and keep them '
        "as the council's from that date with --save-commentary.",
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="as on this date (default: today)")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--commentary", metavar="FILE.json")
    p.add_argument(
        "--save-commentary",
        action="store_true",
        help="save the file's sentences as the council's commentary, in force from --on",
    )
    add_as_option(p)
    p.set_defaults(func=cmd_report_ofsted)
    register_census(commands)
    register_retention(commands)
    register_projection(commands)
    p = commands.add_command(
        "drivers",
        cmd_drivers,
        help="what drives leaving: hazard ratios from the council's own records (Cox model)",
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="as on this date (default: today)")
    p.add_argument("--team", help="one team's people")
    p.add_argument("--format", choices=["json", "text"], default="text")
    add_as_option(p)
    benchmarks = commands.add_group("benchmarks", help="published DfE figures to benchmark against")
    p = benchmarks.add_parser(
        "load",
        help="load the published DfE figures that ship with Thrive, or newer published files",
        description="With no FILE, loads the DfE workforce indicators and statistical "
        "neighbours that ship with Thrive. With FILEs (a newer indicators file, or the "
        "neighbours file, as published), loads those and says what changed.",
    )
    p.add_argument("files", nargs="*", metavar="FILE")
    p.set_defaults(func=cmd_benchmarks_load)

    p = commands.add_command(
        "metrics", cmd_metrics, help="the DfE workforce measures for a census year"
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--org", help="council code")
    which.add_argument(
        "--all",
        action="store_true",
        help="every council (that the person given with --as may see as a whole), in one pass",
    )
    p.add_argument("--year", required=True, type=int, help="census year, ending 30 September")
    p.add_argument("--format", choices=["json", "csv", "table"], default="table")
    p.add_argument("--team", help="one team's measures")
    add_as_option(p)


def cmd_census_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from thrive.core import clock
    from thrive.core.roles import Cap
    from thrive.intelligence.census import census_return, census_year_default

    org = organisation(args.org)
    acting_user(args, org, Cap.CENSUS_MANAGE)
    if args.year is None:
        args.year = census_year_default(clock.today())
    if args.out is None:
        args.out = f"CSWW_{org.code}_{args.year}.xml"
    result = census_return(org, args.year)
    if result.problems:
        print(f"{len(result.problems)} problem(s) in the {args.year} return:", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        if not args.allow_errors:
            print(
                "Nothing was written. Fix them, or export anyway with --allow-errors.",
                file=sys.stderr,
            )
            return 1
    Path(args.out).write_bytes(result.xml())
    print(f"Wrote {args.out}: {len(result.workers)} workers.")
    return 0


def cmd_census_validate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analytics.census_xml import validate_census
    from thrive.intelligence.census import schema_path
    from thrive.people.imports.reading import read_path

    content = read_path(Path(args.file))
    problems = validate_census(content, schema_path())
    if not problems:
        print(f"{args.file}: no problems found.")
        return 0
    print(f"{args.file}: {len(problems)} problem(s):")
    for problem in problems:
        print(f"  {problem}")
    return 1


def register_census(commands: Commands) -> None:
    census = commands.add_group(
        "census", help="the DfE children's social work workforce census return"
    )
    p = census.add_parser("export", help="write the CSWW XML return for a census year")
    p.add_argument("--org", required=True)
    p.add_argument(
        "--year",
        type=int,
        help="census year ending 30 September (default: the last one ended, as made each October)",
    )
    p.add_argument(
        "--out", metavar="FILE.xml", help="where to write it (default: CSWW_CODE_YEAR.xml here)"
    )
    p.add_argument("--allow-errors", action="store_true", help="write it even with problems")
    add_as_option(p)
    p.set_defaults(func=cmd_census_export)
    p = census.add_parser("validate", help="check a CSWW XML file; exits 1 if there are problems")
    p.add_argument("file", metavar="FILE.xml")
    p.set_defaults(func=cmd_census_validate)
