"""Which survey figures may be shown without identifying anyone: the one rule every place that
shows results uses (the page, the Excel export, ``thrive survey results`` and the API).

Pure: no database, no Django. Given the respondent count of every group that can be shown — the
council, its services, their teams (a tree: each group is the sum of its children plus anyone in
it who is in no child), and flat breakdowns of the whole council such as profession — it returns
the groups to hide and why.

**Primary suppression.** A group with fewer respondents than the threshold (never below five) is
hidden, as is every figure and comment for it.

**Complementary suppression (by difference).** A threshold alone can be defeated by subtraction:
the council's total minus every service shown is the rest. The figures shown span exactly the
counts of their *regions*: for each shown group, the people in it who are in no shown group
inside it. (Each region is a shown group minus its largest shown groups within it; each shown
group is the sum of the regions under it; the regions do not overlap, so the only groups a reader
can work out are unions of regions.) So the rule is: **every region holds no respondent or at
least the threshold**. When one does not, the smallest shown group inside it is hidden too (its
region merges in), and again until it holds; when nothing inside is left to hide, the group itself
is hidden (its region merges into its parent's). A flat breakdown of the council is one more set
of regions: the council minus the categories shown.

A breakdown shown on its own (teams only, services only, professions only) shows a subset of
these groups, so the one decision made here for all of them holds for each page, filter, export
and command: nothing shown anywhere can be subtracted to a group under the threshold.
``tests/engagement/test_suppression.py`` checks this by trying every subtraction (every group in
the linear span of what is shown) on many random councils.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MINIMUM_THRESHOLD = 5

TOO_FEW = "fewer than {k} respondents"
BY_DIFFERENCE = "hidden so that a group under {k} cannot be worked out by subtraction"


@dataclass(frozen=True)
class Group:
    """One group that could be shown: a *key* unique across the page, its respondent *count* and
    the key of the group it sits inside (``None`` for the council, the root)."""

    key: str
    count: int
    parent: str | None = None


@dataclass
class Suppression:
    """The decision: ``reasons[key]`` for every hidden group (absent: shown)."""

    threshold: int
    reasons: dict[str, str] = field(default_factory=dict)

    def shown(self, key: str) -> bool:
        return key not in self.reasons

    def reason(self, key: str) -> str | None:
        return self.reasons.get(key)


def suppress(
    tree: Sequence[Group],
    breakdowns: Iterable[Sequence[Group]] = (),
    *,
    threshold: int = MINIMUM_THRESHOLD,
) -> Suppression:
    """Decide which groups to hide. *tree* holds exactly one root (``parent=None``) and every
    other group's parent; each of *breakdowns* is a flat split of the root (their ``parent`` is
    ignored). Keys must be unique across all of them."""
    k = max(int(threshold), MINIMUM_THRESHOLD)
    result = Suppression(threshold=k)
    nodes = {g.key: g for g in tree}
    roots = [g for g in tree if g.parent is None]
    if len(roots) != 1:
        raise ValueError("the tree needs exactly one root (the council)")
    root = roots[0]
    children: dict[str, list[str]] = {key: [] for key in nodes}
    for g in tree:
        if g.parent is not None:
            if g.parent not in nodes:
                raise ValueError(f"group {g.key} names an unknown parent {g.parent}")
            children[g.parent].append(g.key)
    flat = [list(b) for b in breakdowns]
    for b in flat:
        for g in b:
            if g.key in nodes:
                raise ValueError(f"group key {g.key} is used twice")

    def hide(key: str, why: str) -> None:
        result.reasons.setdefault(key, why.format(k=k))

    for g in [*tree, *(g for b in flat for g in b)]:
        if g.count < k:
            hide(g.key, TOO_FEW)
    if not result.shown(root.key):
        for g in [*tree, *(g for b in flat for g in b)]:
            hide(g.key, TOO_FEW if g.count < k else BY_DIFFERENCE)
        return result

    def frontier(key: str) -> list[str]:
        """The largest shown groups strictly inside *key*."""
        found: list[str] = []
        stack = list(children[key])
        while stack:
            c = stack.pop()
            if result.shown(c):
                found.append(c)
            else:
                stack.extend(children[c])
        return found

    def region(key: str) -> int:
        return nodes[key].count - sum(nodes[c].count for c in frontier(key))

    changed = True
    while changed:
        changed = False
        # Deepest first, so a team's service settles before the council does.
        for key in sorted(nodes, key=lambda x: -_depth(nodes, x)):
            if not result.shown(key):
                continue
            left = region(key)
            if 0 < left < k:
                inside = sorted(frontier(key), key=lambda c: (nodes[c].count, c))
                if inside:
                    hide(inside[0], BY_DIFFERENCE)
                else:
                    hide(key, BY_DIFFERENCE)
                changed = True
                break
    for b in flat:
        while True:
            shown = [g for g in b if result.shown(g.key)]
            left = root.count - sum(g.count for g in shown)
            if not (0 < left < k) or not shown:
                break
            smallest = min(shown, key=lambda g: (g.count, g.key))
            hide(smallest.key, BY_DIFFERENCE)
    return result


def _depth(nodes: dict[str, Group], key: str) -> int:
    depth = 0
    while nodes[key].parent is not None:
        key = nodes[key].parent  # type: ignore[assignment]
        depth += 1
    return depth
