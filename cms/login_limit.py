"""Admin sign-in limit against password guessing.

After LOGIN_FAILURE_LIMIT failed attempts for one username from one address, further attempts for that
pair are refused, even with the right password, until LOGIN_FAILURE_WINDOW seconds have passed since
the first failure. The count lives in the default cache, so app servers that share a cache share it.
Keying on the address as well as the username means a guesser cannot lock the real editor out.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

# Tests move this clock to step past the window.
clock = time.time


def client_ip(request) -> str:
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


class SignInLimit:
    def __init__(self, username: str, ip: str):
        digest = hashlib.sha256(f"{username.casefold()}\n{ip}".encode()).hexdigest()
        self.count_key = f"folio:sign-in-failures:{digest}"
        self.until_key = f"folio:sign-in-window:{digest}"

    def _window_end(self) -> float | None:
        until = cache.get(self.until_key)
        if until is not None and clock() >= until:
            cache.delete_many([self.count_key, self.until_key])
            return None
        return until

    def seconds_locked(self) -> float:
        """How long this username and address must wait before trying again; 0 when they may try now."""
        until = self._window_end()
        if until is None or (cache.get(self.count_key) or 0) < settings.LOGIN_FAILURE_LIMIT:
            return 0
        return until - clock()

    def record_failure(self) -> None:
        window = settings.LOGIN_FAILURE_WINDOW
        self._window_end()
        cache.add(self.until_key, clock() + window, window)
        cache.add(self.count_key, 0, window)
        try:
            failures = cache.incr(self.count_key)
        except ValueError:  # expired between add() and incr()
            failures = 1
            cache.set(self.count_key, failures, window)
        if failures == settings.LOGIN_FAILURE_LIMIT:
            logger.warning("Admin sign-in locked after %d failed attempts", failures)

    def reset(self) -> None:
        cache.delete_many([self.count_key, self.until_key])


def lockout_message(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many failed sign-in attempts; try again in %(minutes)d minute.",
        "Too many failed sign-in attempts; try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class LimitedAdminAuthenticationForm(AdminAuthenticationForm):
    retry_after = 0

    def clean(self):
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()
        limit = SignInLimit(username, client_ip(self.request))
        seconds = limit.seconds_locked()
        if seconds:
            self.retry_after = math.ceil(seconds)
            raise ValidationError(lockout_message(seconds), code="too_many_attempts")
        try:
            cleaned_data = super().clean()
        except ValidationError:
            limit.record_failure()
            raise
        limit.reset()
        return cleaned_data


def admin_login(request, extra_context=None):
    """The admin's own login view, answering 429 with a Retry-After header while locked out."""
    response = admin.site.login(request, extra_context)
    form = (getattr(response, "context_data", None) or {}).get("form")
    if getattr(form, "retry_after", 0):
        response.status_code = 429
        response["Retry-After"] = str(form.retry_after)
    return response
