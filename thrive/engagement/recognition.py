"""Recognition and the newsletter: peer shout-outs (a colleague's published only with their
consent), and a monthly newsletter drafted from the month's shout-outs, learning, new starters,
long-service milestones and "you said, we did", edited by the engagement lead and sent by email
(through the outbox, after the commit) and as a page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked
from thrive.core.errors import ThriveError
from thrive.engagement.models import (
    Action,
    Newsletter,
    ShoutOut,
    ShoutOutAbout,
    ShoutOutStatus,
)
from thrive.people.models import EmploymentSpell, StaffMember

MESSAGE_LIMIT = 1000


@transaction.atomic
def shout_out_give(
    *,
    given_by: StaffMember,
    about: str,
    message: str,
    colleague: StaffMember | None = None,
    team: Any = None,
    partner: str = "",
    given_on: date | None = None,
    actor: Any,
) -> ShoutOut:
    """Give a shout-out. One about a colleague waits for their consent (they are emailed); one
    about a team or a partner is published at once."""
    on = given_on or clock.today()
    message = (message or "").strip()
    if not message:
        raise ThriveError("Say what you want to thank them for.", field="message")
    if len(message) > MESSAGE_LIMIT:
        raise ThriveError(f"Keep it to {MESSAGE_LIMIT} characters.", field="message")
    if about == ShoutOutAbout.COLLEAGUE:
        if colleague is None or colleague.organisation_id != given_by.organisation_id:
            raise ThriveError("Choose the colleague.", field="colleague")
        if colleague.pk == given_by.pk:
            raise ThriveError("A shout-out is for someone else.", field="colleague")
        team, partner = None, ""
    elif about == ShoutOutAbout.TEAM:
        if team is None or team.organisation_id != given_by.organisation_id:
            raise ThriveError("Choose the team.", field="team")
        colleague, partner = None, ""
    elif about == ShoutOutAbout.PARTNER:
        partner = (partner or "").strip()
        if not partner:
            raise ThriveError("Name the partner and their organisation.", field="partner")
        colleague, team = None, None
    else:
        raise ThriveError("Choose who the shout-out is about.", field="about")
    waits = about == ShoutOutAbout.COLLEAGUE
    shout = ShoutOut(
        organisation=given_by.organisation,
        given_by=given_by,
        about=about,
        colleague=colleague,
        team=team,
        partner=partner,
        message=message,
        given_on=on,
        status=ShoutOutStatus.AWAITING if waits else ShoutOutStatus.PUBLISHED,
        published_on=None if waits else on,
    )
    shout.full_clean()
    shout.save()
    if waits and colleague is not None and colleague.user is not None:
        from thrive.core.outbox import email_on_commit

        email_on_commit(
            to=[colleague.user.email],
            organisation=shout.organisation,
            kind="engagement.shout_out",
            subject=f"{given_by.full_name} gave you a shout-out",
            body=(
                f'{given_by.full_name} wrote: "{message}"\n\n'
                "It is published to colleagues (and may appear in the newsletter) only if you "
                "agree. Open Thrive to agree or decline: "
                f"{settings.THRIVE_BASE_URL}/o/{shout.organisation.code}/engagement/recognition/"
            ),
        )
    audit_log(
        action="engagement.shout_out_given",
        user=actor,
        organisation=shout.organisation,
        obj=shout,
    )
    return shout


@transaction.atomic
def shout_out_consent(
    *, shout: ShoutOut, person: StaffMember, agree: bool, actor: Any, on: date | None = None
) -> None:
    """The named colleague agrees to publish their shout-out, or declines (*on*: the day they
    answered, today unless given)."""
    locked = lock_checked(shout, version=None)
    if locked.colleague_id != person.pk:
        raise ThriveError("Only the person it is about can agree to publish a shout-out.")
    if locked.status != ShoutOutStatus.AWAITING:
        raise ThriveError("You have already answered for this shout-out.")
    locked.status = ShoutOutStatus.PUBLISHED if agree else ShoutOutStatus.DECLINED
    locked.published_on = (on or clock.today()) if agree else None
    locked.version += 1
    locked.full_clean()
    locked.save()
    audit_log(
        action="engagement.shout_out_consented" if agree else "engagement.shout_out_declined",
        user=actor,
        organisation=locked.organisation,
        obj=locked,
    )


# --- Reads ------------------------------------------------------------------------------------


def shout_outs_published(
    organisation: Any, start: date | None = None, end: date | None = None
) -> list[ShoutOut]:
    found = ShoutOut.objects.for_org(organisation).filter(status=ShoutOutStatus.PUBLISHED)
    if start is not None and end is not None:
        found = found.filter(published_on__gte=start, published_on__lte=end)
    return list(
        found.select_related("given_by", "colleague", "team").order_by("-published_on")[:100]
    )


def shout_outs_awaiting(person: StaffMember | None) -> list[ShoutOut]:
    if person is None:
        return []
    return list(
        ShoutOut.objects.for_org(person.organisation)
        .filter(colleague=person, status=ShoutOutStatus.AWAITING)
        .select_related("given_by")
    )


def shout_out_for(organisation: Any, pk: int) -> ShoutOut | None:
    return ShoutOut.objects.for_org(organisation).filter(pk=pk).select_related("colleague").first()


def shout_outs_mine(person: StaffMember | None) -> dict[str, list[ShoutOut]]:
    """Shout-outs the person gave, and those about them (any status: they are theirs)."""
    if person is None:
        return {"given": [], "received": []}
    base = ShoutOut.objects.for_org(person.organisation).select_related(
        "given_by", "colleague", "team"
    )
    return {
        "given": list(base.filter(given_by=person)),
        "received": list(base.filter(colleague=person)),
    }


def colleagues(organisation: Any, on: date) -> list[StaffMember]:
    return list(
        StaffMember.objects.for_org(organisation)
        .filter(spells__in=EmploymentSpell.objects.for_org(organisation).current(on))
        .distinct()
        .order_by("last_name", "first_name")
    )


# --- The newsletter ---------------------------------------------------------------------------


def newsletter_sections(organisation: Any, month: date) -> str:
    """The month's news as text for the lead to edit: shout-outs, learning, new starters,
    long-service milestones and 'you said, we did' progress."""
    from thrive.engagement.longservice import milestones, month_bounds
    from thrive.learning.models import LearningSession

    start, end = month_bounds(month)
    out: list[str] = []
    shouts = shout_outs_published(organisation, start, end)
    out.append("Shout-outs")
    out += [f"- {s.given_by.full_name} to {s.who}: {s.message}" for s in shouts] or [
        "- None this month."
    ]
    sessions = (
        LearningSession.objects.for_org(organisation)
        .filter(cancelled=False, starts_at__date__gte=start, starts_at__date__lte=end)
        .select_related("item")
        .order_by("starts_at")
    )
    out += ["", "Learning this month"]
    out += [f"- {s.item.title}, {s.starts_at:%-d %B}" for s in sessions] or [
        "- No sessions this month."
    ]
    starters = (
        EmploymentSpell.objects.for_org(organisation)
        .filter(start_date__gte=start, start_date__lte=end)
        .exclude(contract="agency")
        .select_related("person", "team")
        .order_by("start_date")
    )
    out += ["", "Welcome to our new starters"]
    out += [f"- {s.person.full_name}, {s.team.name}" for s in starters] or ["- None this month."]
    out += ["", "Long service"]
    out += [
        f"- {m.person.full_name}: {m.years} years on {m.on:%-d %B}"
        for m in milestones(organisation, start, end)
    ] or ["- None this month."]
    actions = (
        Action.objects.for_org(organisation)
        .filter(updated_at__date__gte=start, updated_at__date__lte=end)
        .select_related("theme")
    )
    out += ["", "You said, we did"]
    out += [f"- {a.theme.name}: {a.what} ({a.get_status_display().lower()})" for a in actions] or [
        "- No change this month."
    ]
    return "\n".join(out)


@transaction.atomic
def newsletter_draft(*, organisation: Any, month: date, actor: Any) -> Newsletter:
    """Draft (or redraft, while unsent) the newsletter for *month* from the month's news."""
    first = month.replace(day=1)
    found = Newsletter.objects.for_org(organisation).filter(month=first).first()
    if found is not None and found.sent_on is not None:
        raise ThriveError(f"The {first:%B %Y} newsletter has been sent.")
    letter = found or Newsletter(organisation=organisation, month=first)
    letter.title = letter.title or f"{organisation.name} staff news, {first:%B %Y}"
    letter.body = newsletter_sections(organisation, first)
    if found is not None:
        letter.version += 1
    letter.full_clean()
    letter.save()
    audit_log(
        action="engagement.newsletter_drafted", user=actor, organisation=organisation, obj=letter
    )
    return letter


@transaction.atomic
def newsletter_edit(
    *,
    letter: Newsletter,
    title: str,
    introduction: str,
    body: str,
    story: str,
    version: int | None,
    actor: Any,
) -> Newsletter:
    locked = lock_checked(letter, version=version)
    if locked.sent_on is not None:
        raise ThriveError("This newsletter has been sent, so it can no longer be changed.")
    if not (title or "").strip():
        raise ThriveError("Give the newsletter a title.", field="title")
    if not (body or "").strip():
        raise ThriveError("The newsletter needs its news.", field="body")
    locked.title, locked.introduction = title.strip(), (introduction or "").strip()
    locked.body, locked.story = body.strip(), (story or "").strip()
    locked.version += 1
    locked.full_clean()
    locked.save()
    audit_log(
        action="engagement.newsletter_edited",
        user=actor,
        organisation=locked.organisation,
        obj=locked,
    )
    return locked


@transaction.atomic
def newsletter_send(
    *, letter: Newsletter, actor: Any, version: int | None = None, on: date | None = None
) -> int:
    """Email the newsletter to everyone working for the council who signs in (through the
    outbox, after the commit) and publish its page. Returns how many were emailed."""
    from thrive.core.outbox import email_on_commit

    locked = lock_checked(letter, version=version)
    if locked.sent_on is not None:
        raise ThriveError("This newsletter has already been sent.")
    today = on or clock.today()
    emails = sorted(
        {
            e
            for e in EmploymentSpell.objects.for_org(locked.organisation)
            .current(today)
            .filter(person__user__is_active=True)
            .values_list("person__user__email", flat=True)
            if e
        }
    )
    url = (
        f"{settings.THRIVE_BASE_URL}/o/{locked.organisation.code}/engagement/newsletters/"
        f"{locked.pk}/"
    )
    body = "\n\n".join(
        part
        for part in (
            locked.introduction,
            locked.body,
            f"Why I chose a permanent post\n{locked.story}" if locked.story else "",
            f"Read it in Thrive: {url}",
        )
        if part
    )
    for email in emails:
        email_on_commit(
            to=[email],
            organisation=locked.organisation,
            kind="engagement.newsletter",
            subject=locked.title,
            body=body,
        )
    locked.sent_on, locked.sent_to = today, len(emails)
    locked.version += 1
    locked.save()
    audit_log(
        action="engagement.newsletter_sent",
        user=actor,
        organisation=locked.organisation,
        obj=locked,
        detail={"emailed": len(emails)},
    )
    return len(emails)


def newsletters(organisation: Any, *, drafts: bool) -> list[Newsletter]:
    found = Newsletter.objects.for_org(organisation)
    return list(found if drafts else found.filter(sent_on__isnull=False))


def newsletter_for(organisation: Any, pk: int) -> Newsletter | None:
    return Newsletter.objects.for_org(organisation).filter(pk=pk).first()
