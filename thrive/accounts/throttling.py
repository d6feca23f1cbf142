"""Sign-in throttling on top of django-axes: failures counted against the identity as sign-in
matches it (case and surrounding spaces ignored), per address, and per account across addresses.

Three limits, each within the cool-off window (``AXES_COOLOFF_TIME``):

* one account from one address: ``AXES_FAILURE_LIMIT`` failures (default 5);
* one account from any number of addresses: ``THRIVE_LOGIN_ACCOUNT_FAILURE_LIMIT`` (default 20);
* any accounts from one address: ``THRIVE_LOGIN_ADDRESS_FAILURE_LIMIT`` (default 30).

Reaching any of them refuses every sign-in it covers, the right password included, until the
cool-off has passed or someone unlocks it (:func:`thrive.accounts.services.sign_in_unlock`).
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import QuerySet, Sum
from django.dispatch import receiver
from django.http import HttpRequest

from thrive.core.audit import audit_log

RULE_PAIR = "account from this address"
RULE_ACCOUNT = "account from any address"
RULE_ADDRESS = "accounts from this address"


def normalise_identity(value: Any) -> str:
    """The identity sign-in matches: the email without surrounding spaces, in lower case."""
    return str(value or "").strip().lower()


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """``AXES_USERNAME_CALLABLE``: count failures against the normalised email."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and field in credentials:
        return normalise_identity(credentials.get(field))
    data = getattr(request, "data", None) or request.POST
    return normalise_identity(data.get(field))


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class ThriveAxesHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes' database handler with the three limits above.

    ``AXES_LOCKOUT_PARAMETERS`` stays the (account, address) pair, so a successful sign-in clears
    only that pair's failures: signing in to one account never clears an address's count.
    """

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        username = get_client_username(request, credentials)
        address = request.axes_ip_address
        recent = AccessAttempt.objects.all()
        if settings.AXES_COOLOFF_TIME is not None:
            recent = recent.filter(attempt_time__gte=get_cool_off_threshold(request))
        limit = get_failure_limit(request, credentials)
        pair = _failures(recent.filter(username=username, ip_address=address))
        if pair >= limit:
            request.thrive_lockout_rule = RULE_PAIR
            return pair
        if username and _failures(recent.filter(username=username)) >= (
            settings.THRIVE_LOGIN_ACCOUNT_FAILURE_LIMIT
        ):
            request.thrive_lockout_rule = RULE_ACCOUNT
            return max(pair, limit)
        if address and _failures(recent.filter(ip_address=address)) >= (
            settings.THRIVE_LOGIN_ADDRESS_FAILURE_LIMIT
        ):
            request.thrive_lockout_rule = RULE_ADDRESS
            return max(pair, limit)
        return pair


def _user_for(identity: str) -> Any:
    from thrive.accounts.models import User

    return User.objects.filter(email__iexact=identity).first() if identity else None


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    identity = normalise_identity(credentials.get(settings.AXES_USERNAME_FORM_FIELD))
    user = _user_for(identity)
    audit_log(
        action="auth.sign_in_failed",
        obj=user,
        organisation=getattr(user, "last_organisation", None),
        object_type="accounts.user",
        summary=f"Sign-in failed for {identity or '(no email)'}"[:255],
        detail={"identity": identity[:254]},
        request=request,
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: Any, ip_address: Any, **kw: Any) -> None:
    identity = normalise_identity(username)
    rule = getattr(request, "thrive_lockout_rule", RULE_PAIR)
    user = _user_for(identity)
    audit_log(
        action="auth.locked_out",
        obj=user,
        organisation=getattr(user, "last_organisation", None),
        object_type="accounts.user",
        summary=f"Sign-in refused for {identity or '(no email)'}: too many failures ({rule})"[:255],
        detail={"identity": identity[:254], "rule": rule, "ip_address": ip_address},
        request=request,
    )
