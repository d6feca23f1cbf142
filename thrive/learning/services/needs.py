"""Writes for the training needs analysis."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from thrive.core.audit import audit_log
from thrive.learning.models import (
    LearningItem,
    Need,
)
from thrive.people.models import Organisation
from thrive.people.services import full_clean_or_raise


@transaction.atomic
def need_add(
    *,
    organisation: Organisation,
    actor: Any,
    teams: Iterable[Any] = (),
    items: Iterable[LearningItem] = (),
    **fields: Any,
) -> Need:
    need = Need(organisation=organisation, **fields)
    full_clean_or_raise(need)
    need.save()
    need.teams.set(list(teams))
    need.items.set(list(items))
    audit_log(
        action="learning.need_added",
        user=actor,
        organisation=organisation,
        obj=need,
        summary=f"{need.get_voice_display()}: {need.topic}",
    )
    return need
