"""A person's notifications on a phone: the unread count in the header, the in-app list (mark
as read), and choosing how each kind of message reaches them — with axe on every page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import BasePage, SignInPage
from tests.factories import PASSWORD, make_org, make_user
from thrive.core.outbox import email_on_commit
from thrive.core.roles import Role
from thrive.notifications.models import NotificationSettings

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_list_and_the_settings(phone: Any) -> None:
    coventry = make_org("331", "Coventry")
    user = make_user(coventry, Role.PRACTITIONER, email="p@example.test")
    email_on_commit(
        to=[user.email],
        subject="Supervision due with Sam",
        body="Book it this week.",
        organisation=coventry,
        kind="supervision.reminder",
    )
    SignInPage(phone).open().sign_in("p@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    home = BasePage(phone)
    home.page.get_by_role("link", name="Notifications 1 unread").click()
    inbox = home.now(BasePage).check_accessible()
    assert inbox.heading == "Your notifications" and "Supervision due with Sam" in inbox.main_text
    inbox.press("Mark as read")
    assert "Unread" not in inbox.main_text
    inbox.follow("Choose how you hear about each kind")
    settings = inbox.now(BasePage).check_accessible()
    phone.get_by_role("group", name="Supervision reminders").get_by_label("Only in Thrive").check()
    settings.choose("Send me one email a day with all my messages, instead of one email each")
    settings.press("Save settings")
    settings.check_accessible()
    assert "Notification settings saved" in settings.banner
    saved = NotificationSettings.objects.get(user=user)
    assert saved.digest and saved.channels == {"supervision.reminder": "none"}
