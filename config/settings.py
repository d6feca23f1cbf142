"""Thrive settings, read only from environment variables (see `.env.example`).

`DATABASE_URL` chooses the database: an embedded SQLite file under `var/` by default, or
PostgreSQL (`postgres://...`) through psycopg 3.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("THRIVE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# A key for development (DEBUG on) and the test suite only. With DEBUG off there is no fallback:
# SECRET_KEY stays empty, the web application refuses to start (config/wsgi.py) and
# `check --deploy` fails; commands that never sign anything (migrate, seed) still run.
DEV_SECRET_KEY = "thrive-insecure-development-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY_MISSING_MESSAGE = (
    "The SECRET_KEY environment variable is not set. Set SECRET_KEY to a long random value "
    "(50 or more characters) kept secret to this deployment; with DEBUG off Thrive has no "
    "fallback key."
)
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if env_bool("THRIVE_REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured(SECRET_KEY_MISSING_MESSAGE)
    if DEBUG or "pytest" in sys.modules:
        SECRET_KEY = DEV_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "dbfiles",  # uploaded files in the database (thrive.core.storage)
    "thrive.core",
    "thrive.people",
    "thrive.accounts",
    "thrive.intelligence",
    "thrive.caseloads",
    "thrive.workbook",
    "thrive.supervision",
    "thrive.learning",
    "thrive.privacy",
    "thrive.recruitment",
    "thrive.academy",
    "thrive.agency",
    "thrive.notifications",
    "thrive.engagement",
    "thrive.jobs",
    "thrive.api",
    "thrive.demo",
]

MIDDLEWARE = [
    "thrive.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "thrive.core.middleware.SecurityHeadersMiddleware",
    "thrive.core.middleware.RequestAddressMiddleware",
    "thrive.core.middleware.ErrorTitleMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "thrive.accounts.mfa.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "thrive.core.middleware.IdOutOfRangeMiddleware",
    # After CSPMiddleware: lets signing out continue at a council's identity provider.
    "thrive.accounts.views_sso.SsoSignOutCspMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "thrive.core.context_processors.shell",
                "thrive.notifications.context_processors.unread",
            ],
            "builtins": ["thrive.core.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "thrive.core.forms.GovukFormRenderer"

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'thrive.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers carry on while one writer writes; IMMEDIATE takes the write lock at
        # the start of a transaction so two writers queue instead of failing half-way.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("THRIVE_SQLITE_TEST_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
# Each server process keeps what it computed from a council's data (the measures per council and
# census year, the workforce, caseloads and compliance pages' aggregates and charts) under the
# council's data version, a row in the database that every audited write to the register,
# caseloads or supervision moves on (thrive/core/cache.py): never figures older than the data.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "thrive",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("THRIVE_CACHE_ENTRIES", "5000"))},
    }
}

# --- Accounts and sign-in ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# The model of a council, as core looks it up (core imports no app; see thrive/core/areas.py).
THRIVE_ORGANISATION_MODEL = "people.Organisation"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "thrive.accounts.validators.CharacterVarietyValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if env_bool("THRIVE_FAST_PASSWORD_HASHER", False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = None  # show the "You have signed out" page
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
# Password reset requests: at most this many per email address and per source address an hour.
THRIVE_PASSWORD_RESET_PER_EMAIL = int(os.environ.get("THRIVE_PASSWORD_RESET_PER_EMAIL", "3"))
THRIVE_PASSWORD_RESET_PER_ADDRESS = int(os.environ.get("THRIVE_PASSWORD_RESET_PER_ADDRESS", "10"))
# The jobs portal's public forms that send email (interest, apply, save a draft, sign-in link):
# at most this many emails to one address, and forms from one source address, an hour.
THRIVE_PORTAL_EMAILS_PER_EMAIL = int(os.environ.get("THRIVE_PORTAL_EMAILS_PER_EMAIL", "5"))
THRIVE_PORTAL_EMAILS_PER_ADDRESS = int(os.environ.get("THRIVE_PORTAL_EMAILS_PER_ADDRESS", "20"))
# API tokens end this many days after they are made (sooner for someone leaving).
THRIVE_API_TOKEN_DAYS = int(os.environ.get("THRIVE_API_TOKEN_DAYS", "90"))

# Login throttling (django-axes, thrive/accounts/throttling.py): failures are counted against the
# email as sign-in matches it (case and spaces ignored). Locked: one account from one address after
# AXES_FAILURE_LIMIT failures; one account from any addresses after the account limit; any accounts
# from one address after the address limit (all within the cool-off).
AXES_FAILURE_LIMIT = int(os.environ.get("THRIVE_LOGIN_FAILURE_LIMIT", "5"))
THRIVE_LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("THRIVE_LOGIN_ACCOUNT_FAILURE_LIMIT", "20"))
THRIVE_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("THRIVE_LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("THRIVE_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "thrive.accounts.throttling.axes_username"
AXES_HANDLER = "thrive.accounts.throttling.ThriveAxesHandler"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = env_bool("THRIVE_LOGIN_THROTTLING", True)

# Multi-factor sign-in (django-otp, thrive/accounts/mfa.py): the name authenticator apps show.
OTP_TOTP_ISSUER = os.environ.get("THRIVE_DEPLOYMENT_NAME", "Thrive")
THRIVE_RECOVERY_CODES = 10

# Single sign-on (OpenID Connect, thrive/accounts/sso.py, docs/operators/sso.md): each council's
# provider is set up on its "Single sign-on" page; its client secret is read from the environment
# variable named there. How long to wait for a provider, and how far its clock may be from ours.
THRIVE_SSO_TIMEOUT_SECONDS = int(os.environ.get("THRIVE_SSO_TIMEOUT_SECONDS", "10"))
THRIVE_SSO_CLOCK_LEEWAY_SECONDS = int(os.environ.get("THRIVE_SSO_CLOCK_LEEWAY_SECONDS", "120"))

# Sessions end after a period of inactivity; no cookies beyond session and CSRF.
SESSION_COOKIE_AGE = int(os.environ.get("THRIVE_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "thrive_session"
CSRF_COOKIE_NAME = "thrive_csrf"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "thrive.core.views.csrf_failure"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Security ---------------------------------------------------------------------------------
HTTPS = env_bool("THRIVE_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("THRIVE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Email ------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "email"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Thrive <no-reply@thrive.invalid>")
# GOV.UK Notify carries a council's messages when it has set up a Notify service (else email goes
# through EMAIL_BACKEND above). The outbox asks each sender in turn.
THRIVE_OUTBOX_SENDERS = ["thrive.notifications.notify.send"]
# Each person's notification settings and in-app list (thrive/notifications/preferences.py).
THRIVE_OUTBOX_ROUTER = "thrive.notifications.preferences.route"
THRIVE_NOTIFY_BASE_URL = os.environ.get(
    "THRIVE_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
)
# Notify does not accept .ics files for "send a file by email", so a calendar invitation sent
# through Notify carries a signed link to the .ics served by Thrive, good for this many days.
THRIVE_INVITATION_LINK_DAYS = int(os.environ.get("THRIVE_INVITATION_LINK_DAYS", "90"))
# Background jobs (thrive.jobs): a running job's worker beats every THRIVE_JOB_HEARTBEAT_SECONDS;
# a job whose worker has not beaten for THRIVE_JOB_STALE_SECONDS is taken over by another worker.
THRIVE_JOB_HEARTBEAT_SECONDS = float(os.environ.get("THRIVE_JOB_HEARTBEAT_SECONDS", "5"))
THRIVE_JOB_STALE_SECONDS = float(os.environ.get("THRIVE_JOB_STALE_SECONDS", "60"))
# The address people use to reach Thrive, for links in emails sent by scheduled commands.
THRIVE_BASE_URL = os.environ.get("THRIVE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = Path(os.environ.get("THRIVE_NODE_MODULES", BASE_DIR / "node_modules"))
STATICFILES_DIRS = [("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk")]
WHITENOISE_USE_FINDERS = True
# Uploaded files (CPD, academy and progression evidence): never served publicly; views check
# permission, audit and stream them. They live in a store every application server shares
# (docs/operators/deployment.md#uploaded-files): THRIVE_STORAGE=database (the default: a table in
# the database, thrive.core.storage) or s3 (an S3-compatible bucket through django-storages);
# filesystem keeps them under THRIVE_MEDIA_ROOT, for one server only. THRIVE_MEDIA_ROOT is also
# where `thrive uploads move` reads files uploaded before the store.
MEDIA_ROOT = Path(os.environ.get("THRIVE_MEDIA_ROOT", VAR_DIR / "uploads"))
MEDIA_URL = "/uploads/"
THRIVE_STORAGE = os.environ.get("THRIVE_STORAGE", "database").strip().lower() or "database"
UPLOAD_STORES: dict[str, dict[str, Any]] = {
    "database": {"BACKEND": "thrive.core.storage.DatabaseStorage"},
    "s3": {
        "BACKEND": "storages.backends.s3.S3Storage",
        # Credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY,
        # or the machine's role); nothing secret is named here.
        "OPTIONS": {
            "bucket_name": os.environ.get("THRIVE_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("THRIVE_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("THRIVE_S3_REGION") or None,
            "location": os.environ.get("THRIVE_S3_PREFIX", "uploads"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    },
    "filesystem": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}
if THRIVE_STORAGE not in UPLOAD_STORES:
    raise ImproperlyConfigured(
        f"THRIVE_STORAGE is '{THRIVE_STORAGE}': give one of {', '.join(UPLOAD_STORES)}."
    )
if THRIVE_STORAGE == "s3" and not UPLOAD_STORES["s3"]["OPTIONS"]["bucket_name"]:
    raise ImproperlyConfigured("THRIVE_STORAGE is s3 but THRIVE_S3_BUCKET (the bucket) is not set.")
STORAGES = {
    "default": UPLOAD_STORES[THRIVE_STORAGE],
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "thrive.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Signed in (session or token) and holding `api.use` in a council; org endpoints check there.
    "DEFAULT_PERMISSION_CLASSES": ["thrive.api.permissions.MayUseApi"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "thrive.api.pagination.CappedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "thrive.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Thrive API",
    "DESCRIPTION": "The workforce system for children's services. Authenticate with "
    "`Authorization: Token <key>`; every endpoint applies the same permissions as the web pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its browsable docs are for people who have signed in.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Thrive -----------------------------------------------------------------------------------
# What one import file may hold (docs/register.md): rows of data, columns, characters in a cell,
# and for a workbook the bytes and parts it unpacks to (checked before it is unpacked).
THRIVE_IMPORT_MAX_ROWS = int(os.environ.get("THRIVE_IMPORT_MAX_ROWS", "50000"))
THRIVE_IMPORT_MAX_COLUMNS = int(os.environ.get("THRIVE_IMPORT_MAX_COLUMNS", "60"))
THRIVE_IMPORT_MAX_CELL_CHARS = int(os.environ.get("THRIVE_IMPORT_MAX_CELL_CHARS", "2000"))
THRIVE_IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("THRIVE_IMPORT_MAX_UNZIPPED_MB", "60")) * (
    1024 * 1024
)
THRIVE_IMPORT_MAX_ZIP_ENTRIES = int(os.environ.get("THRIVE_IMPORT_MAX_ZIP_ENTRIES", "200"))
# An import lists at most this many problems, then says how many more there are.
THRIVE_IMPORT_MAX_PROBLEMS_LISTED = 100
THRIVE_SOFTWARE_NAME = "Thrive"
THRIVE_DEPLOYMENT_NAME = os.environ.get("THRIVE_DEPLOYMENT_NAME", "Thrive")
THRIVE_SHARED_DIR = Path(os.environ.get("THRIVE_SHARED_DIR", BASE_DIR.parent / "shared"))
# A copy of DfE's published files beside the repository, read only by tests (the application
# reads the copies that ship in thrive/intelligence/data/published/).
THRIVE_DFE_DATA_DIR = Path(
    os.environ.get("THRIVE_DFE_DATA_DIR", THRIVE_SHARED_DIR / "data" / "dfe")
)

# THRIVE_LOG_FORMAT=json (production): one JSON object a line, with the request's ID.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "thrive.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "thrive.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": os.environ.get("THRIVE_LOG_FORMAT", "text"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# The CSWW schema a census return is checked against (default: specs/csww_2022.xsd in the shared
# folder, where present; it is not copied into the repository).
THRIVE_CENSUS_XSD = os.environ.get("THRIVE_CENSUS_XSD", "")
