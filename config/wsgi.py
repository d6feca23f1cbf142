"""WSGI entry point for production servers (waitress via `thrive serve`, or gunicorn)."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
try:
    settings.SECRET_KEY  # noqa: B018 (Django refuses an empty key here)
except ImproperlyConfigured as exc:
    # Name the variable, rather than Django's "The SECRET_KEY setting must not be empty".
    raise ImproperlyConfigured(settings.SECRET_KEY_MISSING_MESSAGE) from exc
application = get_wsgi_application()
