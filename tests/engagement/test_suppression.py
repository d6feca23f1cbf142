"""The suppression rule: hand-worked cases, and an attacker trying every subtraction on many
random councils (teams in services, and professions across them)."""

from __future__ import annotations

import random

import pytest

from tests.engagement.checker import derivable_small_groups
from thrive.engagement.suppression import BY_DIFFERENCE, TOO_FEW, Group, suppress


def test_a_small_team_and_one_more_beside_it_are_hidden() -> None:
    # Service S: A 7, B 3. Service T: C 9, D 6. Council 25.
    tree = [
        Group("council", 25),
        Group("S", 10, "council"),
        Group("T", 15, "council"),
        Group("A", 7, "S"),
        Group("B", 3, "S"),
        Group("C", 9, "T"),
        Group("D", 6, "T"),
    ]
    result = suppress(tree)
    # B is under five; S shown minus A shown would give B, so A goes too.
    assert result.reasons == {
        "B": TOO_FEW.format(k=5),
        "A": BY_DIFFERENCE.format(k=5),
    }


def test_a_remainder_across_services_hides_the_service_too() -> None:
    # S1 = t1 8 + t2 1; S2 = t3 3. Hiding t2 and t3 (and S2) is not enough: the council minus
    # S1 is S2's 3, and S1 minus t1 is t2's 1, so S1 and t1 go, leaving only the council.
    tree = [
        Group("council", 12),
        Group("S1", 9, "council"),
        Group("S2", 3, "council"),
        Group("t1", 8, "S1"),
        Group("t2", 1, "S1"),
        Group("t3", 3, "S2"),
    ]
    result = suppress(tree)
    assert set(result.reasons) == {"S1", "S2", "t1", "t2", "t3"}
    assert result.shown("council")


def test_a_profession_remainder_under_five_hides_the_largest_too() -> None:
    tree = [Group("council", 25)]
    professions = [Group("sw", 21), Group("fs", 3), Group("other", 1)]
    result = suppress(tree, [professions])
    # 25 - 21 = 4 people in the two small professions: the social workers' figure goes too.
    assert set(result.reasons) == {"sw", "fs", "other"}
    professions = [Group("sw", 15), Group("fs", 6), Group("other", 4)]
    result = suppress(tree, [professions])
    # 4 alone would be derived from 25 - 15 - 6: the smaller shown one (6) hides with it.
    assert set(result.reasons) == {"other", "fs"}


def test_a_council_under_the_minimum_shows_nothing_and_the_minimum_is_never_below_five() -> None:
    result = suppress([Group("council", 4), Group("A", 4, "council")], threshold=3)
    assert result.threshold == 5 and set(result.reasons) == {"council", "A"}
    raised = suppress(
        [Group("council", 12), Group("A", 6, "council"), Group("B", 6, "council")], threshold=7
    )
    assert set(raised.reasons) == {"A", "B"} and raised.shown("council")


def test_the_checker_catches_what_a_threshold_alone_lets_through() -> None:
    # Atoms: team A (7), team B (3); shown naively: the council and A (B hidden for being small).
    assert derivable_small_groups([7, 3], [{0, 1}, {0}], 5) == [({1}, 3)]
    # Hidden as the rule hides them (A too): nothing under five can be worked out.
    assert derivable_small_groups([7, 3], [{0, 1}], 5) == []


def _random_council(rng: random.Random) -> tuple[list[Group], list[Group], list[int], dict]:
    """Teams (some in services, one directly under the council) crossed with two or three
    professions; every count a sum of atoms (team x profession)."""
    services = rng.randint(1, 2)
    team_parents = [f"S{rng.randrange(services)}" for _ in range(rng.randint(2, 4))] + ["council"]
    professions = rng.randint(1, 2) if len(team_parents) > 4 else rng.randint(1, 3)
    choices = [0, 0, 1, 2, 3, 4, 5, 6, 8, 12]
    atoms: list[int] = []
    members: dict[str, set[int]] = {"council": set()}
    for t, parent in enumerate(team_parents):
        for p in range(professions):
            index = len(atoms)
            atoms.append(rng.choice(choices))
            for key in ("council", parent, f"t{t}", f"p{p}"):
                members.setdefault(key, set()).add(index)
    count = {key: sum(atoms[i] for i in group) for key, group in members.items()}
    tree = [Group("council", count["council"])]
    tree += [Group(f"S{s}", count.get(f"S{s}", 0), "council") for s in range(services)]
    tree += [Group(f"t{t}", count[f"t{t}"], parent) for t, parent in enumerate(team_parents)]
    flat = [Group(f"p{p}", count[f"p{p}"]) for p in range(professions)]
    for s in range(services):
        members.setdefault(f"S{s}", set())
    return tree, flat, atoms, members


@pytest.mark.parametrize("k", [5, 7])
def test_no_random_council_lets_anyone_subtract_to_a_small_group(k: int) -> None:
    rng = random.Random(20261207 + k)
    for _ in range(400):
        tree, flat, atoms, members = _random_council(rng)
        result = suppress(tree, [flat], threshold=k)
        shown = [members[g.key] for g in [*tree, *flat] if result.shown(g.key)]
        leaks = derivable_small_groups(atoms, shown, k)
        assert not leaks, (tree, flat, result.reasons, leaks)
        # And nothing shown is itself under the minimum.
        assert all(g.count >= k for g in [*tree, *flat] if result.shown(g.key))


def test_a_threshold_alone_leaks_in_many_random_councils() -> None:
    """The attacker is real: hiding only the groups under five leaks in many of the same
    councils the rule keeps safe."""
    rng = random.Random(1)
    leaking = 0
    for _ in range(100):
        tree, flat, atoms, members = _random_council(rng)
        shown = [members[g.key] for g in [*tree, *flat] if g.count >= 5]
        leaking += bool(derivable_small_groups(atoms, shown, 5))
    assert leaking > 30
