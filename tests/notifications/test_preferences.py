"""Each person's notification settings apply in the outbox: email, text, nothing or the daily
digest, kind by kind; every message is in the person's in-app list either way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.core.errors import ThriveError
from thrive.core.models import OutboxMessage
from thrive.core.outbox import MESSAGE_KINDS, email_on_commit
from thrive.core.roles import Role
from thrive.jobs.services import job_enqueue
from thrive.jobs.worker import run_worker
from thrive.notifications.models import Notification
from thrive.notifications.preferences import ALWAYS_EMAILED
from thrive.notifications.services import notification_settings_save

pytestmark = pytest.mark.django_db


def _send(org: Any, to: list[str], kind: str = "supervision.reminder", **kw: Any) -> Any:
    return email_on_commit(
        to=to, subject="Supervision due", body="Book it.", organisation=org, kind=kind, **kw
    )


def test_settings_route_each_kind_and_every_message_is_in_the_list(
    org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    emailer = make_user(org, Role.PRACTITIONER, email="e@coventry.gov.uk")
    texter = make_user(org, Role.PRACTITIONER, email="t@coventry.gov.uk")
    quiet = make_user(org, Role.PRACTITIONER, email="q@coventry.gov.uk")
    notification_settings_save(
        user=texter,
        mobile="07700 900 982",
        digest=False,
        channels={"supervision.reminder": "text"},
        text_consent=True,
    )
    notification_settings_save(
        user=quiet, mobile="", digest=False, channels={"supervision.reminder": "none"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(org, [emailer.email, texter.email.upper(), quiet.email, "inbox@x.gov.uk"])
    assert message.to == [emailer.email, "inbox@x.gov.uk"]  # not a user: untouched
    assert [m.to for m in mail.outbox] == [[emailer.email, "inbox@x.gov.uk"]]
    text = OutboxMessage.objects.get(channel="sms")
    assert text.to == ["07700900982"] and text.kind == "supervision.reminder"
    deliveries = dict(Notification.objects.values_list("user__email", "delivery"))
    assert deliveries == {emailer.email: "email", texter.email: "text", quiet.email: "none"}
    # Another kind still comes by email to the person who chose text for reminders.
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(org, [texter.email], kind="learning.sessions").to == [texter.email]
    # A password reset always comes by email, and is kept out of the in-app list.
    notification_settings_save(
        user=quiet, mobile="", digest=True, channels={"general": "none"}, version=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(org, [quiet.email], kind="accounts.security").to == [quiet.email]
    assert not Notification.objects.filter(kind="accounts.security").exists()


def test_bad_settings_are_refused_with_a_clear_message(org: Any) -> None:
    user = make_user(org, Role.PRACTITIONER)
    with pytest.raises(ThriveError, match="UK mobile number") as bad:
        notification_settings_save(user=user, mobile="12345", digest=False, channels={})
    assert bad.value.field == "mobile"
    with pytest.raises(ThriveError, match="mobile number"):
        notification_settings_save(
            user=user, mobile="", digest=False, channels={"supervision.reminder": "text"}
        )
    with pytest.raises(ThriveError, match="too long for a text message") as long:
        notification_settings_save(
            user=user, mobile="07700900982", digest=False, channels={"general": "text"}
        )
    assert long.value.field == "channel_general"
    with pytest.raises(ThriveError, match="agree to text messages") as unagreed:
        notification_settings_save(
            user=user, mobile="07700900982", digest=False, channels={"learning.sessions": "text"}
        )
    assert unagreed.value.field == "text_consent"
    with pytest.raises(ThriveError, match="always come by email"):
        notification_settings_save(
            user=user, mobile="", digest=False, channels={"accounts.security": "none"}
        )
    with pytest.raises(ThriveError, match="no message kind"):
        notification_settings_save(user=user, mobile="", digest=False, channels={"nope": "email"})
    saved = notification_settings_save(user=user, mobile="", digest=True, channels={})
    with pytest.raises(ThriveError, match="changed"):
        notification_settings_save(
            user=user, mobile="", digest=False, channels={}, version=saved.version - 1
        )


def test_the_daily_digest_sends_one_email_once(
    org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = make_user(org, Role.PRACTITIONER, email="d@coventry.gov.uk")
    notification_settings_save(user=user, mobile="", digest=True, channels={})
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(org, [user.email]) is None  # held for the digest
        _send(org, [user.email], kind="learning.sessions")
        invitation = _send(
            org,
            [user.email],
            attachments=[{"filename": "i.ics", "mimetype": "text/calendar", "content": "x"}],
        )
    assert invitation.to == [user.email]  # an invitation never waits
    assert len(mail.outbox) == 1
    for _ in range(2):  # the job run twice sends one digest
        job_enqueue(kind="daily_digest", title="Daily digest")
        with django_capture_on_commit_callbacks(execute=True):
            run_worker(exit_when_idle=True, poll=0, schedule=False)
    digests = [m for m in mail.outbox if "digest" in m.subject]
    assert len(digests) == 1 and digests[0].to == [user.email]
    assert digests[0].subject == "Thrive: your daily digest (2)"
    assert digests[0].body.count("Supervision due") == 2
    assert (
        Notification.objects.filter(user=user, digested_at__isnull=True, delivery="digest").count()
        == 0
    )


def test_the_in_app_list_counts_unread_and_marks_read_only_ones_own(
    org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    me = make_user(org, Role.PRACTITIONER, email="me@coventry.gov.uk")
    other = make_user(org, Role.PRACTITIONER, email="other@coventry.gov.uk")
    with django_capture_on_commit_callbacks(execute=True):
        _send(org, [me.email, other.email])
        _send(org, [me.email], kind="learning.sessions")
    client = Client()
    client.force_login(me)
    page = client.get(reverse("notifications:inbox"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Supervision due" in html and '<strong class="thrive-header__count">2</strong>' in html
    mine = Notification.objects.filter(user=me).order_by("id")[0]
    theirs = Notification.objects.get(user=other)
    client.post(reverse("notifications:mark_read"), {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None  # never another person's
    client.post(reverse("notifications:mark_read"), {"id": mine.pk})
    assert Notification.objects.filter(user=me, read_at__isnull=True).count() == 1
    client.post(reverse("notifications:mark_read"))
    assert Notification.objects.filter(user=me, read_at__isnull=True).count() == 0
    assert "thrive-header__count" not in client.get(reverse("notifications:inbox")).content.decode()
    # Signed out: sent to sign in.
    assert Client().get(reverse("notifications:inbox")).status_code == 302


def test_the_settings_page_saves_and_keeps_what_was_typed_on_error(org: Any) -> None:
    me = make_user(org, Role.PRACTITIONER)
    client = Client()
    client.force_login(me)
    url = reverse("notifications:my_settings")
    assert client.get(url).status_code == 200
    form = {
        "mobile": "not a number",
        "digest": "on",
        "version": "0",
        "channel_supervision_reminder": "text",
    }
    form = {
        f"channel_{k.replace('.', '_')}": "email" for k in MESSAGE_KINDS if k not in ALWAYS_EMAILED
    } | form
    bad = client.post(url, form)
    assert bad.status_code == 400 and "UK mobile number" in bad.content.decode()
    assert 'value="not a number"' in bad.content.decode()
    unagreed = client.post(url, form | {"mobile": "07700900982"})
    assert unagreed.status_code == 400 and "agree to text messages" in unagreed.content.decode()
    good = client.post(url, form | {"mobile": "07700900982", "text_consent": "on"})
    assert good.status_code == 302
    me.notification_settings.refresh_from_db()
    assert me.notification_settings.channels == {"supervision.reminder": "text"}
    assert me.notification_settings.digest is True
    assert me.notification_settings.text_consent_at is not None
    page = client.get(url).content.decode()

    # Text is offered only where a text fits: supervision reminders, not role changes.
    def offers_text(kind: str) -> bool:
        return any(
            f'name="channel_{kind}"' in tag and 'value="text"' in tag
            for tag in re.findall(r"<input[^>]*>", page)
        )

    assert offers_text("supervision_reminder") and not offers_text("accounts_roles")
    # Emails only: the agreement goes with the last text choice.
    client.post(url, form | {"channel_supervision_reminder": "email", "mobile": "", "version": "1"})
    me.notification_settings.refresh_from_db()
    assert me.notification_settings.text_consent_at is None
