"""Reads for the measures: the register as DataFrames, one query per table, for ``analytics``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from thrive.people.models import Absence, Allocation, EmploymentSpell, Organisation, Post

SPELL_COLUMNS = ["person_id", "profession", "contract", "fte", "start_date", "end_date", "team_id"]
POST_COLUMNS = [
    "post_id",
    "fte",
    "social_work_post",
    "funded_from",
    "funded_to",
    "holder_person_id",
    "team_id",
]
ABSENCE_COLUMNS = ["person_id", "reason", "start_date", "end_date", "working_days"]
ALLOCATION_COLUMNS = ["child_id", "person_id", "start_date", "end_date"]


@dataclass
class RegisterFrames:
    spells: pd.DataFrame
    posts: pd.DataFrame
    absences: pd.DataFrame
    allocations: pd.DataFrame

    def for_teams(self, team_ids: Iterable[int]) -> RegisterFrames:
        """The part of the register belonging to some teams: their spells and posts, and the
        absences and allocations of the people with spells there."""
        ids = set(team_ids)
        spells = self.spells[self.spells["team_id"].isin(ids)]
        people = set(spells["person_id"])
        return RegisterFrames(
            spells=spells,
            posts=self.posts[self.posts["team_id"].isin(ids)],
            absences=self.absences[self.absences["person_id"].isin(people)],
            allocations=self.allocations[self.allocations["person_id"].isin(people)],
        )


def _frame(rows: Iterable[tuple[Any, ...]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(rows), columns=columns)
    for column in columns:
        if column in {"fte", "working_days"}:
            frame[column] = frame[column].astype(float)
    return frame


def register_frames(organisation: Organisation) -> RegisterFrames:
    """The whole organisation's register, four queries whatever its size."""
    spells = EmploymentSpell.objects.for_org(organisation).values_list(
        "person_id", "profession", "contract", "fte", "start_date", "end_date", "team_id"
    )
    posts = Post.objects.for_org(organisation).values_list(
        "post_id", "fte", "social_work_post", "funded_from", "funded_to", "holder_id", "team_id"
    )
    absences = Absence.objects.for_org(organisation).values_list(
        "person_id", "reason", "start_date", "end_date", "working_days"
    )
    allocations = Allocation.objects.for_org(organisation).values_list(
        "child_id", "worker_id", "start_date", "end_date"
    )
    return RegisterFrames(
        spells=_frame(spells.iterator(chunk_size=5000), SPELL_COLUMNS),
        posts=_frame(posts.iterator(chunk_size=5000), POST_COLUMNS),
        absences=_frame(absences.iterator(chunk_size=5000), ABSENCE_COLUMNS),
        allocations=_frame(allocations.iterator(chunk_size=20000), ALLOCATION_COLUMNS),
    )
