"""GOV.UK Notify carries a council's messages through Notify's official client; only the network
call is faked (``responses`` answers the HTTP request the client makes, as Notify's API would)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
import responses
from django.core import mail
from django.test import Client
from icalendar import Calendar

from tests.factories import make_user
from thrive.core.errors import ThriveError
from thrive.core.invitations import CalendarEvent, invitation_on_commit
from thrive.core.models import AuditEvent, OutboxMessage
from thrive.core.outbox import email_on_commit, outbox_retry, text_on_commit
from thrive.core.roles import Role
from thrive.notifications.models import NotifyService
from thrive.notifications.services import NotifySettings, notify_configure

pytestmark = pytest.mark.django_db

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
KEY = f"thrive_live-{SERVICE_ID}-{SECRET}"
GENERAL = "f33517ff-2a88-4f6e-b855-c550268ce08a"
REMINDER = "0b7a4c1f-5d2e-4b8a-9a51-7c33c8b3d0aa"
SMS = "9e1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b"
EMAIL_URL = "https://api.notifications.service.gov.uk/v2/notifications/email"
SMS_URL = "https://api.notifications.service.gov.uk/v2/notifications/sms"


def _notify_answer(request: Any) -> tuple[int, dict[str, str], str]:
    """What Notify answers: 201 with the notification's id (one a request, in order)."""
    body = json.loads(str(request.body))
    number = len(responses.calls) + 1
    return (
        201,
        {"Content-Type": "application/json"},
        json.dumps(
            {"id": f"00000000-0000-4000-8000-{number:012d}", "reference": body["reference"]}
        ),
    )


def _body(i: int) -> Any:
    return json.loads(str(responses.calls[i].request.body or "{}"))


@pytest.fixture
def notify(org: Any, monkeypatch: Any) -> NotifyService:
    monkeypatch.setenv("THRIVE_NOTIFY_KEY_331", KEY)
    return notify_configure(
        organisation=org,
        settings=NotifySettings(
            enabled=True,
            api_key_env="THRIVE_NOTIFY_KEY_331",
            templates={
                ("general", "email"): GENERAL,
                ("supervision.reminder", "email"): REMINDER.upper(),
                ("general", "sms"): SMS,
            },
        ),
    )


@responses.activate
def test_an_email_goes_through_notify_with_the_kinds_template(
    notify: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    responses.add_callback(responses.POST, EMAIL_URL, callback=_notify_answer)
    with django_capture_on_commit_callbacks(execute=True):
        message = email_on_commit(
            to=["a@coventry.gov.uk", "b@coventry.gov.uk", "a@coventry.gov.uk", ""],
            subject="Supervision: 1 thing to do",
            body="Hello,\n\n- Record Tuesday's session",
            organisation=org,
            kind="supervision.reminder",
        )
    assert message is not None
    message.refresh_from_db()
    assert message.status == "sent" and message.provider == "notify" and message.error == ""
    assert message.provider_ids == {
        "a@coventry.gov.uk": "00000000-0000-4000-8000-000000000001",
        "b@coventry.gov.uk": "00000000-0000-4000-8000-000000000002",
    }
    assert mail.outbox == []  # Notify carried it, not the mail server
    first = responses.calls[0].request
    assert _body(0) == {
        "email_address": "a@coventry.gov.uk",
        "template_id": REMINDER,  # the kind's own template, stored lower case
        "personalisation": {
            "subject": "Supervision: 1 thing to do",
            "body": "Hello,\n\n- Record Tuesday's session",
            "link_to_file": "",  # no file: the template's ((link_to_file)) stays empty
        },
        "reference": f"thrive-{message.pk}",
    }
    # Signed with the service's secret, as Notify checks it: the key itself never travels.
    token = str(first.headers["Authorization"]).removeprefix("Bearer ")
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["iss"] == SERVICE_ID and KEY not in first.headers["Authorization"]


@responses.activate
def test_a_kind_without_a_template_uses_general_and_texts_go_too(
    notify: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    responses.add_callback(responses.POST, EMAIL_URL, callback=_notify_answer)
    responses.add_callback(responses.POST, SMS_URL, callback=_notify_answer)
    with django_capture_on_commit_callbacks(execute=True):
        email_on_commit(to=["a@coventry.gov.uk"], subject="S", body="B", organisation=org)
        text_on_commit(to=["07700900123"], body="Supervision at 10:00", organisation=org)
    assert _body(0)["template_id"] == GENERAL
    assert _body(1) == {
        "phone_number": "07700900123",
        "template_id": SMS,
        "personalisation": {"body": "Supervision at 10:00"},
        "reference": f"thrive-{OutboxMessage.objects.get(channel='sms').pk}",
    }
    assert list(OutboxMessage.objects.values_list("status", flat=True)) == ["sent", "sent"]


@responses.activate
def test_a_refusal_is_kept_and_a_retry_sends_only_to_who_did_not_get_it(
    notify: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    responses.add_callback(responses.POST, EMAIL_URL, callback=_notify_answer)
    responses.add(
        responses.POST,
        EMAIL_URL,
        status=400,
        json={
            "status_code": 400,
            "errors": [{"error": "BadRequestError", "message": "Can't send to this recipient"}],
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = email_on_commit(
            to=["a@coventry.gov.uk", "b@coventry.gov.uk"], subject="S", body="B", organisation=org
        )
    assert message is not None
    message.refresh_from_db()
    assert message.status == "failed" and message.sent_at is None
    assert "Can't send to this recipient" in message.error and "b@coventry.gov.uk" in message.error
    assert list(message.provider_ids) == ["a@coventry.gov.uk"]
    responses.replace(responses.POST, EMAIL_URL, json={"id": "later-id"}, status=201)
    assert outbox_retry(organisation=org) == (1, 0)
    message.refresh_from_db()
    assert message.status == "sent" and message.provider_ids["b@coventry.gov.uk"] == "later-id"
    sent_to = [_body(i)["email_address"] for i in range(len(responses.calls))]
    assert sent_to == ["a@coventry.gov.uk", "b@coventry.gov.uk", "b@coventry.gov.uk"]


@responses.activate
def test_a_calendar_invitation_goes_through_notify_as_a_signed_expiring_link(
    notify: Any, org: Any, django_capture_on_commit_callbacks: Any, client: Any, settings: Any
) -> None:
    """Notify's send-a-file-by-email does not take .ics files (its documentation lists PDF, CSV,
    .txt, .rtf, .odt, Word...): ((link_to_file)) carries a signed link to the .ics Thrive serves,
    METHOD and UID intact, no upload to Notify; a tampered link is not found and an old one has
    expired."""
    import time_machine

    responses.add_callback(responses.POST, EMAIL_URL, callback=_notify_answer)
    event = CalendarEvent(
        uid="learning-booking-7",
        summary="Court skills",
        starts=datetime(2026, 7, 1, 9, 30, tzinfo=UTC),
        ends=datetime(2026, 7, 1, 12, 30, tzinfo=UTC),
        sequence=2,
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = invitation_on_commit(
            event=event,
            to=["a@coventry.gov.uk"],
            subject="Moved: Court skills",
            body="Now 1 July",
            organisation=org,
            kind="learning.sessions",
        )
    assert message is not None
    message.refresh_from_db()
    assert message.status == "sent" and message.provider == "notify"
    sent = _body(0)["personalisation"]
    assert sent["subject"] == "Moved: Court skills" and sent["body"] == "Now 1 July"
    line = sent["link_to_file"]
    assert isinstance(line, str) and line.startswith("Add it to your calendar: http")
    url = line.split(": ", 1)[1]
    path = url.removeprefix(settings.THRIVE_BASE_URL)
    assert path.startswith("/calendar/invitation/") and path.endswith(".ics")
    answer = client.get(path)  # no sign-in: opened from the email
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/calendar; method=REQUEST")
    assert 'filename="invite.ics"' in answer["Content-Disposition"]
    calendar = Calendar.from_ical(answer.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "REQUEST" and vevent["sequence"] == 2
    assert str(vevent["uid"]).startswith("learning-booking-7@")
    assert str(vevent["attendee"]) == "mailto:a@coventry.gov.uk"
    # Another message's number in the link, or any change to it: not found.
    token = path.removeprefix("/calendar/invitation/").removesuffix(".ics")
    assert client.get(f"/calendar/invitation/{token[:-2]}xy.ics").status_code == 404
    # After THRIVE_INVITATION_LINK_DAYS the link has expired.
    later = datetime.now(UTC) + timedelta(days=settings.THRIVE_INVITATION_LINK_DAYS + 1)
    with time_machine.travel(later):
        assert client.get(path).status_code == 410


@responses.activate
def test_a_person_who_chose_texts_gets_a_short_one_through_notify(
    notify: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Texts go only for the kinds where a text fits, to a number the person agreed to: the
    subject and the link, through Notify's text message endpoint; the email goes to the rest."""
    from thrive.notifications.services import notification_settings_save

    responses.add_callback(responses.POST, EMAIL_URL, callback=_notify_answer)
    responses.add_callback(responses.POST, SMS_URL, callback=_notify_answer)
    texter = make_user(org, Role.PRACTITIONER, email="t@coventry.gov.uk")
    notification_settings_save(
        user=texter,
        mobile="07700 900 982",
        digest=False,
        channels={"supervision.reminder": "text"},
        text_consent=True,
    )
    body = "\n".join(["- Record Tuesday's session" * 30, "", "Open Thrive: http://t/o/331/"])
    with django_capture_on_commit_callbacks(execute=True):
        email = email_on_commit(
            to=[texter.email, "team@coventry.gov.uk"],
            subject="Supervision: 1 thing to do",
            body=body,
            organisation=org,
            kind="supervision.reminder",
        )
    assert email is not None and email.to == ["team@coventry.gov.uk"]
    text = OutboxMessage.objects.get(channel="sms")
    text.refresh_from_db()
    assert text.status == "sent" and text.provider == "notify"
    sms = next(_body(i) for i in range(len(responses.calls)) if "phone_number" in _body(i))
    assert sms["phone_number"] == "07700900982" and sms["template_id"] == SMS
    assert sms["personalisation"] == {"body": "Thrive: Supervision: 1 thing to do\nhttp://t/o/331/"}


def test_a_missing_key_fails_the_message_with_its_name(
    notify: Any, org: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.delenv("THRIVE_NOTIFY_KEY_331")
    with django_capture_on_commit_callbacks(execute=True):
        message = email_on_commit(to=["a@coventry.gov.uk"], subject="S", body="B", organisation=org)
    assert message is not None
    message.refresh_from_db()
    assert message.status == "failed" and "THRIVE_NOTIFY_KEY_331" in message.error


def test_without_notify_email_goes_through_the_mail_server_and_texts_fail(
    org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        email_on_commit(to=["a@coventry.gov.uk"], subject="S", body="B", organisation=org)
        text_on_commit(to=["07700900123"], body="T", organisation=org)
    email, text = OutboxMessage.objects.order_by("pk")
    assert (email.status, email.provider) == ("sent", "email") and len(mail.outbox) == 1
    assert text.status == "failed" and "No text message service" in text.error


def test_an_unknown_kind_is_refused_at_once(org: Any) -> None:
    with pytest.raises(ValueError, match="Unknown message kind"):
        email_on_commit(to=["a@x.test"], subject="S", body="B", organisation=org, kind="nope")


def test_settings_refuse_a_key_pasted_in_and_notify_on_without_a_template(org: Any) -> None:
    with pytest.raises(ThriveError, match="not the API key itself"):
        notify_configure(organisation=org, settings=NotifySettings(api_key_env=KEY))
    with pytest.raises(ThriveError, match="at least the email template"):
        notify_configure(organisation=org, settings=NotifySettings(enabled=True, api_key_env="K"))
    with pytest.raises(ThriveError, match="looks like"):
        notify_configure(
            organisation=org,
            settings=NotifySettings(api_key_env="K", templates={("general", "email"): "abc"}),
        )


def test_the_page_saves_audits_and_is_the_system_administrators_only(
    client: Client, org: Any
) -> None:
    client.force_login(make_user(org, Role.PRACTITIONER, email="p@coventry.gov.uk"))
    assert client.get("/o/331/gov-uk-notify/").status_code == 403
    assert client.get("/o/331/messages-sent/").status_code == 403
    client.force_login(make_user(org, Role.SYSTEM_ADMIN, email="admin@coventry.gov.uk"))
    form = {
        "enabled": "on",
        "api_key_env": "THRIVE_NOTIFY_KEY_331",
        "template_general_email": "not-an-id",
        "version": "0",
    }
    refused = client.post("/o/331/gov-uk-notify/", form)
    assert refused.status_code == 400
    assert b"A Notify template ID looks like" in refused.content
    assert b'value="THRIVE_NOTIFY_KEY_331"' in refused.content  # what was typed is kept
    form["template_general_email"] = GENERAL
    form["template_learning_sessions_sms"] = SMS
    assert client.post("/o/331/gov-uk-notify/", form).status_code == 302
    service = NotifyService.objects.get(organisation=org)
    assert service.enabled and service.version == 1
    assert sorted((t.kind, t.channel, str(t.template_id)) for t in service.templates.all()) == [
        ("general", "email", GENERAL),
        ("learning.sessions", "sms", SMS),
    ]
    event = AuditEvent.objects.get(action="notify.configured")
    assert event.detail["after"]["api_key_env"] == "THRIVE_NOTIFY_KEY_331"
    page = client.get("/o/331/gov-uk-notify/")
    assert b"THRIVE_NOTIFY_KEY_331 is not set on this server" in page.content


def test_messages_sent_shows_each_status_and_notifys_id(client: Client, org: Any) -> None:
    OutboxMessage.objects.create(
        organisation=org,
        to=["a@coventry.gov.uk"],
        subject="Your booking",
        body="B",
        status="sent",
        provider="notify",
        provider_ids={"a@coventry.gov.uk": "4d7a0f3e-0000-4000-8000-00000000abcd"},
    )
    OutboxMessage.objects.create(
        organisation=org,
        to=["b@x.test"],
        subject="Refused one",
        body="B",
        status="failed",
        error="HTTPError: 400",
    )
    client.force_login(make_user(org, Role.SYSTEM_ADMIN, email="admin@coventry.gov.uk"))
    page = client.get("/o/331/messages-sent/").content.decode()
    assert "4d7a0f3e-0000-4000-8000-00000000abcd" in page and "HTTPError: 400" in page
    failed = client.get("/o/331/messages-sent/?status=failed").content.decode()
    assert "Refused one" in failed and "Your booking" not in failed
