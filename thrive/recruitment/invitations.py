"""Calendar invitations for selection panels: the panellists and the candidates each get the
panel's day as an all-day event (``METHOD:REQUEST``) through the shared builder
(``thrive/core/invitations.py``). A candidate's event names the job, never the other candidates.
When the panel moves to another day each of them gets the same event again with a higher
SEQUENCE (their calendar moves it); when it is called off, ``METHOD:CANCEL`` (it is removed)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from thrive.core.invitations import CalendarEvent, invitation_on_commit
from thrive.recruitment.models import Application, Panel, Panellist


def _event(panel: Panel, uid: str, summary: str, later: int) -> CalendarEvent:
    return CalendarEvent(
        uid=uid,
        summary=summary,
        starts=panel.sits_on,
        ends=panel.sits_on + timedelta(days=1),
        sequence=panel.version + later,
    )


def _heading(method: str, moved: bool) -> str:
    return "Called off: " if method == "CANCEL" else "Moved: " if moved else ""


def panellist_invite(
    panellist: Panellist, *, method: str = "REQUEST", later: int = 0, moved: bool = False
) -> None:
    """*panellist*'s invitation (or, after a move, its update; with ``CANCEL`` its removal).
    *later*: a change of the panel's version about to be saved."""
    panel = panellist.panel
    title = panel.vacancy.title
    head = _heading(method, moved)
    said = (
        f"The {panel.name.lower()} for {title} on {panel.sits_on:%A %-d %B %Y} is called off."
        if method == "CANCEL"
        else f"The {panel.name.lower()} for {title} is now on {panel.sits_on:%A %-d %B %Y}."
        if moved
        else f"You are on the {panel.name.lower()} for {title} on {panel.sits_on:%A %-d %B %Y}."
    )
    invitation_on_commit(
        event=_event(
            panel, f"recruitment-panellist-{panellist.pk}", f"{panel.name}: {title}", later
        ),
        to=[panellist.user.email],
        subject=f"{head or 'Panel invitation: '}{title}, {panel.sits_on:%-d %B %Y}",
        body="\n".join(
            [
                said,
                "The calendar file is attached: open it to "
                + (
                    "remove the day from your calendar."
                    if method == "CANCEL"
                    else "add the day to your calendar (or move it there)."
                ),
                "",
                f"Open Thrive: {settings.THRIVE_BASE_URL}/o/{panel.organisation.code}/",
            ]
        ),
        organisation=panel.organisation,
        kind="recruitment.panels",
        method=method,
        name="Recruitment",
    )


def candidates_invite(
    panel: Panel,
    candidates: list[Application],
    *,
    method: str = "REQUEST",
    later: int = 0,
    moved: bool = False,
) -> None:
    title = panel.vacancy.title
    head = _heading(method, moved)
    for application in candidates:
        if not application.candidate_email:  # imported from a file without one
            continue
        said = (
            f"Your interview for {title} with {panel.organisation.name} on "
            f"{panel.sits_on:%A %-d %B %Y} is called off. The council will be in touch."
            if method == "CANCEL"
            else f"Your interview for {title} with {panel.organisation.name} has moved to "
            f"{panel.sits_on:%A %-d %B %Y}. The council will tell you the time and place."
            if moved
            else f"You are invited to interview for {title} with "
            f"{panel.organisation.name} on {panel.sits_on:%A %-d %B %Y}. The council "
            "will tell you the time and place."
        )
        invitation_on_commit(
            event=_event(
                panel,
                f"recruitment-panel-{panel.pk}-{application.pk}",
                f"Interview: {title}",
                later,
            ),
            to=[application.candidate_email],
            subject=f"{head or 'Interview: '}{title}, {panel.sits_on:%-d %B %Y}",
            body="\n".join(
                [
                    f"Dear {application.candidate_name},",
                    "",
                    said,
                    "The calendar file is attached: open it to "
                    + (
                        "remove the day from your calendar."
                        if method == "CANCEL"
                        else "add the day to your calendar (or move it there)."
                    ),
                ]
            ),
            organisation=panel.organisation,
            kind="recruitment.panels",
            method=method,
            name="Recruitment",
        )


def everyone_told(panel: Panel, *, method: str, later: int, moved: bool = False) -> int:
    """Every panellist and candidate of *panel* sent the update (or the cancellation)."""
    panellists = list(panel.panellists.select_related("user"))
    candidates = list(panel.candidates.all())
    for panellist in panellists:
        panellist.panel = panel
        panellist_invite(panellist, method=method, later=later, moved=moved)
    candidates_invite(panel, candidates, method=method, later=later, moved=moved)
    return len(panellists) + len(candidates)
