"""The council's selection templates as dated records: the steps a vacancy for each kind of post
is raised with, from a date. A version already used (started before today) is never rewritten,
so a vacancy's steps can always be traced to the template it came from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.people.models import Organisation
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.defaults import SELECTION_STEPS
from thrive.recruitment.models import PostKind, SelectionTemplate

MAX_STEPS = 10
MAX_STEP_LENGTH = 100
# The day Thrive's steps start for a council: the same day migration 0016 gave every council then,
# so a vacancy raised on any day (the demo's past campaigns too) finds a version in effect.
DEFAULTS_FROM = date(2000, 1, 1)


@transaction.atomic
def selection_templates_add_defaults(*, organisation: Organisation, actor: Any = None) -> int:
    """Give a new council Thrive's selection steps as dated records (unset by anyone, from
    :data:`DEFAULTS_FROM`), as migration 0016 gave every council there was: each kind the
    council has no version of yet. How many were added."""
    have = set(SelectionTemplate.objects.for_org(organisation).values_list("post_kind", flat=True))
    added = [
        SelectionTemplate(
            organisation=organisation,
            post_kind=kind,
            effective_from=DEFAULTS_FROM,
            steps=list(SELECTION_STEPS[kind]),
        )
        for kind in PostKind.values
        if kind not in have
    ]
    for template in added:
        full_clean_or_raise(template)
    SelectionTemplate.objects.bulk_create(added)
    if added:
        audit_log(
            action="recruitment.selection_templates_added",
            user=actor,
            organisation=organisation,
            summary="Thrive's selection steps for " + ", ".join(t.post_kind for t in added),
        )
    return len(added)


def clean_steps(steps: Iterable[str]) -> list[str]:
    """The steps as written, blank lines dropped; refused when none, too many or too long."""
    cleaned = [s.strip() for s in steps if s and s.strip()]
    if not cleaned:
        raise ThriveError("Enter at least one step, one a line.", field="steps")
    if len(cleaned) > MAX_STEPS:
        raise ThriveError(f"A selection has at most {MAX_STEPS} steps.", field="steps")
    long = next((s for s in cleaned if len(s) > MAX_STEP_LENGTH), None)
    if long is not None:
        raise ThriveError(
            f"Keep each step to {MAX_STEP_LENGTH} characters: '{long[:30]}…' is longer.",
            field="steps",
        )
    return cleaned


def _fix_ends(organisation: Organisation, post_kind: str) -> None:
    """Each version runs until the day before the next one of its kind starts; the last runs on."""
    versions = list(
        SelectionTemplate.objects.for_org(organisation)
        .select_for_update()
        .filter(post_kind=post_kind)
        .order_by("effective_from")
    )
    for this, following in zip(versions, [*versions[1:], None], strict=True):
        end = following.effective_from - timedelta(days=1) if following is not None else None
        if this.effective_to != end:
            this.effective_to = end
            this.save(update_fields=["effective_to", "updated_at"])


@transaction.atomic
def selection_template_set(
    *,
    organisation: Organisation,
    actor: Any,
    post_kind: str,
    effective_from: date,
    steps: Iterable[str],
    version: int | None = None,
) -> SelectionTemplate:
    """Set the steps for *post_kind* from *effective_from* (today or later, except a council's
    first version of the kind: vacancies already raised keep their steps). A version not yet
    used that starts on the same date is rewritten, checked against the *version* the person
    saw."""
    if post_kind not in PostKind.values:
        raise ThriveError("Choose the kind of post.", field="post_kind")
    cleaned = clean_steps(steps)
    today = clock.today()
    existing = SelectionTemplate.objects.for_org(organisation).filter(post_kind=post_kind)
    if effective_from < today and existing.exists():
        raise ThriveError(
            "Vacancies raised before today keep the steps they were given: start today or later.",
            field="effective_from",
        )
    kind_words = PostKind(post_kind).label.lower()
    same_day = existing.filter(effective_from=effective_from).first()
    if same_day is not None:
        with versioned_change(
            same_day,
            version=version,
            actor=actor,
            action="recruitment.selection_template_changed",
            stale="Someone else changed these steps while you were looking; look again first.",
        ) as change:
            template = change.obj
            template.steps = cleaned
            template.added_by = actor
            full_clean_or_raise(template)
            change.summary = f"Selection for {kind_words} from {effective_from:%-d %B %Y}"
        return template
    template = SelectionTemplate(
        organisation=organisation,
        post_kind=post_kind,
        effective_from=effective_from,
        steps=cleaned,
        added_by=actor,
    )
    full_clean_or_raise(template)
    template.save()
    _fix_ends(organisation, post_kind)
    template.refresh_from_db()
    audit_log(
        action="recruitment.selection_template_set",
        user=actor,
        organisation=organisation,
        obj=template,
        summary=f"Selection for {kind_words} from {effective_from:%-d %B %Y}: "
        + "; ".join(cleaned),
    )
    return template
