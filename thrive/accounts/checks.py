"""Deployment checks (`manage.py check --deploy`) for the secrets sign-in depends on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
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
