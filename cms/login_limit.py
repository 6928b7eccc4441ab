"""Admin sign-in limit against password guessing.

After LOGIN_FAILURE_LIMIT failed attempts for one username from one address within LOGIN_FAILURE_WINDOW
seconds, further attempts for that pair are refused, even with the right password, until enough of those
failures are older than the window. The failures are rows in the database (SignInFailure), so every
worker and every app server counts the same ones, whatever the cache is. Keying on the address as well
as the username means a guesser cannot lock the real editor out.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from articles.models import SignInFailure

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
        self.key = hashlib.sha256(f"{username.casefold()}\n{ip}".encode()).hexdigest()

    def _recent(self):
        return SignInFailure.objects.filter(key=self.key, failed_at__gt=clock() - settings.LOGIN_FAILURE_WINDOW)

    def claim_attempt(self) -> float:
        """Count this attempt as a failure before the password is checked; returns how long to wait, 0 to go on.

        Counting first means that attempts sent all at once, to any number of workers, each see the others:
        no more than LOGIN_FAILURE_LIMIT passwords are ever checked in one window.
        """
        now = clock()
        SignInFailure.objects.filter(failed_at__lte=now - settings.LOGIN_FAILURE_WINDOW).delete()
        self.attempt = SignInFailure.objects.create(key=self.key, failed_at=now)
        earlier = list(
            self._recent().exclude(pk=self.attempt.pk).order_by("-failed_at").values_list("failed_at", flat=True)
        )
        if len(earlier) < settings.LOGIN_FAILURE_LIMIT:
            if len(earlier) + 1 == settings.LOGIN_FAILURE_LIMIT:
                logger.warning("Admin sign-in: the last attempt before the limit of %d", settings.LOGIN_FAILURE_LIMIT)
            return 0
        # Locked: this attempt is not counted, and the pair may try again once the limit-th newest failure ages out.
        self.attempt.delete()
        return max(earlier[settings.LOGIN_FAILURE_LIMIT - 1] + settings.LOGIN_FAILURE_WINDOW - now, 1)

    def succeeded(self) -> None:
        SignInFailure.objects.filter(key=self.key).delete()


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
        seconds = limit.claim_attempt()
        if seconds:
            self.retry_after = math.ceil(seconds)
            raise ValidationError(lockout_message(seconds), code="too_many_attempts")
        cleaned_data = super().clean()  # a failure raises, and its attempt stays counted
        limit.succeeded()
        return cleaned_data


def admin_login(request, extra_context=None):
    """The admin's own login view, answering 429 with a Retry-After header while locked out."""
    response = admin.site.login(request, extra_context)
    form = (getattr(response, "context_data", None) or {}).get("form")
    if getattr(form, "retry_after", 0):
        response.status_code = 429
        response["Retry-After"] = str(form.retry_after)
    return response
