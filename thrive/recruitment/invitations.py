"""Calendar invitations for selection panels: the panellists and the candidates each get the
panel's day as an all-day event (``METHOD:REQUEST``) through the shared builder
(``thrive/core/invitations.py``). A candidate's event names the job, never the other candidates."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from thrive.core.invitations import CalendarEvent, invitation_on_commit
from thrive.recruitment.models import Application, Panel, Panellist


def _event(panel: Panel, uid: str, summary: str) -> CalendarEvent:
    return CalendarEvent(
        uid=uid,
        summary=summary,
        starts=panel.sits_on,
        ends=panel.sits_on + timedelta(days=1),
        sequence=panel.version,
    )


def panellist_invite(panellist: Panellist) -> None:
    panel = panellist.panel
    title = panel.vacancy.title
    invitation_on_commit(
        event=_event(panel, f"recruitment-panellist-{panellist.pk}", f"{panel.name}: {title}"),
        to=[panellist.user.email],
        subject=f"Panel invitation: {title}, {panel.sits_on:%-d %B %Y}",
        body="\n".join(
            [
                f"You are on the {panel.name.lower()} for {title} on {panel.sits_on:%A %-d %B %Y}.",
                "The invitation is attached: open it to add the day to your calendar.",
                "",
                f"Open Thrive: {settings.THRIVE_BASE_URL}/o/{panel.organisation.code}/",
            ]
        ),
        organisation=panel.organisation,
        kind="recruitment.panels",
        name="Recruitment",
    )


def candidates_invite(panel: Panel, candidates: list[Application]) -> None:
    title = panel.vacancy.title
    for application in candidates:
        invitation_on_commit(
            event=_event(
                panel, f"recruitment-panel-{panel.pk}-{application.pk}", f"Interview: {title}"
            ),
            to=[application.candidate_email],
            subject=f"Interview: {title}, {panel.sits_on:%-d %B %Y}",
            body="\n".join(
                [
                    f"Dear {application.candidate_name},",
                    "",
                    f"You are invited to interview for {title} with "
                    f"{panel.organisation.name} on {panel.sits_on:%A %-d %B %Y}. The council "
                    "will tell you the time and place.",
                    "The invitation is attached: open it to add the day to your calendar.",
                ]
            ),
            organisation=panel.organisation,
            kind="recruitment.panels",
            name="Recruitment",
        )
