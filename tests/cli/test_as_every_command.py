"""Every ``thrive`` command that takes ``--as`` applies that person's permissions.

The commands are read from the CLI's own argument parser, so a command added later is covered
without touching this file; its arguments are filled in from the parser and the capability it asks
for is read from the function it runs. For each command and each role: a person whose role lacks
the capability is refused; a person who has it gets an answer, and only within their scope — a
command with ``--team`` answers for the teams their scope reaches and refuses the others, a
command without one is only granted at the whole council's scope, and no answer ever shows
another council's people.
"""

from __future__ import annotations

import argparse
import inspect
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories import KNOWN, import_known, make_staff, make_team, make_user
from thrive.cli import main
from thrive.core.roles import GRANTS, Cap, Role, Scope

CAPS = {name: value for name, value in vars(Cap).items() if name.isupper()}
# Flags that keep a command from writing to the register or stopping at the census's problems.
HARMLESS_FLAGS = {"dry_run", "allow_errors"}


def cli_parser() -> argparse.ArgumentParser:
    """The ``thrive`` command's parser, through its public entry point (the one place to adjust
    if the CLI builds it another way)."""
    from thrive.cli import build_parser

    return build_parser()


def _subcommands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[Any]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _subcommands(sub, (*path, name))
            return
    yield path, parser


def commands_with_as() -> dict[str, argparse.ArgumentParser]:
    """Every command (as its words, e.g. ``census export``) whose parser takes ``--as``."""
    return {
        " ".join(path): sub
        for path, sub in _subcommands(cli_parser())
        if any("--as" in a.option_strings for a in sub._actions)
    }


COMMANDS = commands_with_as()


# Commands whose capability follows one of their arguments, with where that is checked.
PER_KIND = {
    "jobs run": "the kind's capability (KIND_CAPABILITY), checked by jobs.policy.may_use_job; "
    "each kind's own command (export staff, census export, report ofsted, projection) is walked "
    "here, and tests/jobs/test_prepared.py tries the refusals",
}
# Commands that act on one record the person names, refused unless it is in their scope.
NARROWED = {
    "rota solve": "fills the one home named, refused unless the home's team is in the person's "
    "scope (agency.policy.manages_rota); tests/agency/test_rotas.py tries it",
    "rota workers": "lists the one home named, refused unless the home is in the person's scope "
    "(agency.rota_selectors.home_for); tests/agency/test_rota_leave_toil.py tries it",
    "rota leave": "records leave at the one home named, refused unless the person manages it "
    "(agency.policy.manages_rota); tests/agency/test_rota_leave_toil.py tries it",
    "rota hours": "records hours at the one home named, refused unless the person manages it "
    "(agency.policy.manages_rota); tests/agency/test_rota_hours_worked.py tries it",
    "rota pattern": "sets a worker's pattern at the one home named, refused unless the person "
    "manages it (agency.policy.manages_rota); tests/agency/test_rota_patterns.py tries it",
    "rota swaps": "lists the one home named, refused unless the home is in the person's scope "
    "(agency.rota_selectors.home_for); tests/agency/test_rota_leave_toil.py tries it",
}

# Commands that write one record about the person named, refused for what the record is (the walk's
# S1 is in post) once the permission is granted; their own tests record one.
REFUSED_FOR_THE_RECORD = {
    "returner": "records S1's return, refused as S1 is still in post; "
    "tests/people/test_returner.py records a leaver's return and tries the refusals",
}

# Commands that change one shared rule set named, refused unless the person may change that set
# (agency.policy.changes_rule_set): the walk names the national set, which only the operator
# changes; tests/agency/test_shared_rules.py tries the region's lead on its own set.
SET_NAMED = {
    "agency rule": "gives a rule of the national set a new value",
}

# Commands that decline or re-open one person's progression plan, refused unless the acting person
# is that person, their line manager or the academy lead (academy.policy.declines_for): the walk's
# S1 has no plan, so each is refused saying so; tests/academy/test_progression_declined.py tries
# the rest.
PLAN_NAMED = {
    "academy decline": "declines S1's open plan",
    "academy reopen": "re-opens S1's declined plan",
}

# Commands that move or cancel one record the person names by its number, through the page's
# service (its permission and version checks, calendar updates and audit): the walk names a
# record that does not exist (2025), so each is refused naming it; the changes themselves are
# tried in tests/notifications/test_changes_cli_api.py.
RECORD_NAMED = {
    "recruitment vacancy-kind",
    "learning session-move",
    "learning session-cancel",
    "supervision session-move",
    "supervision session-cancel",
    "recruitment panel-move",
    "recruitment panel-call-off",
    "recruitment panel-moderate",
    "dropins move",
    "dropins withdraw",
}

# Commands about the whole council's recruitment lists (channels, referrals, registrations of
# interest): refused unless the person's grant covers the whole council (recruitment.policy's
# sees_whole_council / keeps_council_lists); tests/recruitment/test_council_api_cli.py tries them.
WHOLE_COUNCIL = {
    "recruitment channels",
    "recruitment channel-add",
    "recruitment channel-change",
    "recruitment referrals",
    "recruitment referral-pay",
    "recruitment referral-reward",
    "recruitment interest",
    "recruitment interest-invite",
}


def capability_of(sub: argparse.ArgumentParser) -> str:
    """The capability the command's function asks for (the one ``Cap`` it names)."""
    words = sub.prog.split(" ", 1)[-1]
    if words in PER_KIND:
        from thrive.jobs.registry import KIND_CAPABILITY

        kind = next(a for a in sub._actions if a.dest == "kind")
        return str(KIND_CAPABILITY[str(next(iter(kind.choices or [])))])
    source = inspect.getsource(sub.get_default("func"))
    named = set(re.findall(r"\bCap\.([A-Z_]+)\b", source))
    assert len(named) == 1, f"{sub.prog} names {named or 'no'} capability; it must name one"
    return CAPS[named.pop()]


def argv_for(words: str, sub: argparse.ArgumentParser, org: Any, out_dir: Path) -> list[str]:
    """The command with every required argument filled in, writing any file under *out_dir*."""
    argv = words.split()
    chosen: dict[str, str] = {}
    # One of a required group (--staff-id or --email): the first is filled in as if required.
    firsts = {id(g._group_actions[0]) for g in sub._mutually_exclusive_groups if g.required}
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction) or action.dest == "as_user":
            continue
        flag = action.option_strings[0] if action.option_strings else None
        if flag and not action.required and id(action) not in firsts:
            if action.dest in HARMLESS_FLAGS:
                argv.append(flag)
            elif action.dest == "out":
                argv += [flag, str(out_dir / f"out{_suffix(action)}")]
            elif action.dest == "org" and words in ("import", "metrics", "agency rule"):
                # optional only for a region's agency_caps, every council's metrics (--all) or
                # the operator's change of a shared agency rule; needed with --as
                argv += [flag, org.code]
            continue
        if action.choices:
            value = str(next(iter(action.choices)))
        elif action.dest == "org":
            value = org.code
        elif action.dest == "out":
            value = str(out_dir / f"out{_suffix(action)}")
        elif action.dest == "file":
            value = str(KNOWN / f"{chosen.get('kind', 'staff')}.csv")
        elif action.dest == "staff_id":
            value = "S1"
        elif action.dest == "home":
            value = "no-such-home"
        elif action.dest in ("starts", "ends", "start", "effective_from"):
            value = "2026-06-15"
        elif action.dest == "name":
            value = "A channel"
        elif action.dest == "amount":
            value = "100"
        elif action.dest in ("worker", "person"):
            value = "S1"
        elif action.dest == "days":
            value = "mon,tue"
        elif action.dest in ("reason", "reasons"):
            value = "Annual leave"
        elif action.type is int:
            value = "2025"
        else:
            raise AssertionError(f"teach argv_for a value for {action.dest} of '{words}'")
        chosen[action.dest] = value
        argv += [flag, value] if flag else [value]
    return argv


def _suffix(action: argparse.Action) -> str:
    metavar = str(action.metavar or "")
    return Path(metavar).suffix or ".csv"


def answer_text(out: str, err: str, out_dir: Path) -> str:
    """What the command showed and wrote (every member of a ZIP or XLSX file included)."""
    texts = [out, err]
    for path in out_dir.iterdir():
        data = path.read_bytes()
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                texts += [z.read(n).decode("utf-8", "ignore") for n in z.namelist()]
        else:
            texts.append(data.decode("utf-8", "ignore"))
        path.unlink()
    return "\n".join(texts)


def test_the_commands_are_read_from_the_parser() -> None:
    assert {"import", "export staff", "metrics", "census export", "sar export"} <= set(COMMANDS)
    assert {"learning gaps", "learning cpd"} <= set(COMMANDS)
    for sub in COMMANDS.values():
        assert capability_of(sub) in CAPS.values()


@pytest.fixture
def council(known: Any, other_org: Any) -> dict[str, Any]:
    """The known council with three more teams: A and B in one service, C in another, a person
    in each; and another council with a person of its own."""
    teams = {
        "A": make_team(known, "Scope Team A", service="Scope Service S"),
        "B": make_team(known, "Scope Team B", service="Scope Service S"),
        "C": make_team(known, "Scope Team C", service="Scope Service T"),
    }
    for key, team in teams.items():
        make_staff(known, staff_id=f"SC{key}", last_name=f"Member{key}", team=team)
    import_known(other_org)
    elsewhere = make_team(other_org, "Elsewhere Team", service="Elsewhere Service")
    make_staff(other_org, staff_id="ZZ1", first_name="Zed", last_name="Outsider", team=elsewhere)
    return {"org": known, "teams": teams}


def _reaches(scope: Scope) -> set[str]:
    return {Scope.TEAM: {"A"}, Scope.SERVICE: {"A", "B"}, Scope.ORG: {"A", "B", "C"}}.get(
        scope, set()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_as_command_refuses_or_answers_within_scope(
    role: str, council: dict[str, Any], tmp_path: Path, capsys: Any
) -> None:
    org, teams = council["org"], council["teams"]
    team_a = teams["A"]
    user = make_user(org, role, team=team_a, service=team_a.service)
    for words, sub in COMMANDS.items():
        if words in PER_KIND:
            continue
        capability = capability_of(sub)
        scope = GRANTS[role].get(capability, Scope.NONE)
        argv = [*argv_for(words, sub, org, tmp_path), "--as", user.email]
        capsys.readouterr()
        code = main(argv)
        out, err = capsys.readouterr()
        seen = answer_text(out, err, tmp_path)
        if scope == Scope.NONE:
            assert code == 1 and "is not allowed to do this" in err, (role, words, err)
            continue
        if words in NARROWED:
            assert code == 1 and "no-such-home" in err, (role, words, err)
            continue
        if words in REFUSED_FOR_THE_RECORD:
            assert code == 1 and "still in post" in err, (role, words, err)
            continue
        if words in RECORD_NAMED:
            assert code == 1 and "2025" in err, (role, words, err)
            continue
        if words in SET_NAMED:
            assert code == 1 and "may not change" in err, (role, words, err)
            continue
        if words in PLAN_NAMED:
            assert code == 1 and "no progression plan" in err, (role, words, err)
            continue
        if words in WHOLE_COUNCIL:
            if scope < Scope.ORG:
                assert code == 1 and "whole council" in err, (role, words, err)
            continue
        takes_team = any("--team" in a.option_strings for a in sub._actions)
        if not takes_team:
            # Nothing narrows the answer, so only a whole-council grant may reach the command.
            assert {GRANTS[r].get(capability, Scope.ORG) for r in GRANTS} <= {
                Scope.NONE,
                Scope.ORG,
            }, f"'{words}' answers for the whole council: grant {capability} only at ORG"
            assert code == 0, (role, words, err)
        reached = _reaches(scope)
        if code == 0:
            for key, team in teams.items():
                if key not in reached:
                    assert team.name not in seen, (role, words, team.name)
        else:
            # A person who may only see their own is refused a report about other people.
            assert scope == Scope.SELF and code == 1, (role, words, err)
        assert "Outsider" not in seen and "Elsewhere" not in seen, (role, words)
        if not takes_team:
            continue
        for key, team in teams.items():
            code = main([*argv, "--team", team.name])
            out, err = capsys.readouterr()
            seen = answer_text(out, err, tmp_path)
            if key in reached:
                assert code == 0, (role, words, team.name, err)
            else:
                assert code == 1, (role, words, team.name, out)
            assert "Outsider" not in seen and "Elsewhere" not in seen, (role, words)
        code = main([*argv, "--team", "Elsewhere Team"])
        assert code == 1, (role, words, "Elsewhere Team")
        capsys.readouterr()
