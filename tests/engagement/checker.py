"""An attacker who tries every subtraction: given the groups shown (each a set of "atoms", the
finest cells of people) and their counts, find every group whose count can be worked out — every
0/1 combination of atoms in the linear span of what is shown — that holds 1 to k-1 people.

Used on the suppression module directly and on the results the page, CLI, API and export show.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np


def derivable_small_groups(
    atom_counts: Sequence[int], shown: Sequence[set[int]], k: int
) -> list[tuple[set[int], int]]:
    """Every group (set of atom indexes) derivable from *shown* whose count is 1..k-1."""
    n = len(atom_counts)
    assert n <= 14, "the exhaustive checker is for small councils"
    if not shown:
        return []
    a = np.zeros((len(shown), n))
    for i, group in enumerate(shown):
        for atom in group:
            a[i, atom] = 1
    projector = np.linalg.pinv(a) @ a
    subsets = np.array(list(itertools.product((0, 1), repeat=n)), dtype=float)
    in_span = np.all(np.abs(subsets @ projector - subsets) < 1e-7, axis=1)
    counts = subsets @ np.array(atom_counts, dtype=float)
    bad = in_span & (counts > 0.5) & (counts < k - 0.5)
    return [
        ({j for j in range(n) if row[j]}, int(c))
        for row, c in zip(subsets[bad], counts[bad], strict=True)
    ]
