"""Deployment checks (`manage.py check --deploy`) for the secrets sign-in depends on, and for
where password reset links go."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Refuse a deployment with no SECRET_KEY, or with the development key."""
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:
        return [Error(settings.SECRET_KEY_MISSING_MESSAGE, id="thrive.E001")]
    if key == settings.DEV_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the development key written in config/settings.py.",
                hint="Set the SECRET_KEY environment variable to a long random value.",
                id="thrive.E002",
            )
        ]
    return []


# Email backends that never deliver: what they "send" lands in the server's log, a file or memory.
UNDELIVERED_EMAIL = {
    "django.core.mail.backends.console.EmailBackend": "printed in the server's log",
    "django.core.mail.backends.filebased.EmailBackend": "written to files on the server",
    "django.core.mail.backends.locmem.EmailBackend": "kept in memory",
    "django.core.mail.backends.dummy.EmailBackend": "thrown away",
}


@register(Tags.security, deploy=True)
def email_is_delivered(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Warn when email is not really sent: password reset links would land in the server's log
    (anyone reading it could take over an account)."""
    where = UNDELIVERED_EMAIL.get(settings.EMAIL_BACKEND)
    if where is None:
        return []
    return [
        Warning(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}: email (password reset links included) is "
            f"{where}, not sent.",
            hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST "
            "(docs/operators/configuration.md), or give every council a GOV.UK Notify service.",
            id="thrive.W001",
        )
    ]
