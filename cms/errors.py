"""The answer to a request the site cannot take, with the problem named.

Django's own answer is a bare "Bad Request (400)", which leaves a writer whose form was too large with no idea
why nothing was saved.
"""

import sys

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.views import defaults

from articles.api import access
from cms.database_problems import problem_behind


def problem(exception: Exception | None) -> str:
    if isinstance(exception, RequestDataTooBig):
        size = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return (
            f"What was sent is larger than the {size} this site takes in one form (uploaded files aside), "
            "so nothing was saved."
        )
    if isinstance(exception, TooManyFieldsSent):
        return f"The form sent more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} fields, so nothing was saved."
    if isinstance(exception, TooManyFilesSent):
        return f"The form sent more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES:,} files, so nothing was saved."
    if isinstance(exception, NulCharacter):
        return str(exception)
    return "The request could not be read, so nothing was done."


def bad_request(request, exception=None):
    return HttpResponseBadRequest(render_to_string("400.html", {"problem": problem(exception)}))


def server_error(request):
    """A page the database fails for the operator to fix (it does not answer, or `migrate` has not been run) is a
    503: the site is down until then, not broken, and a crawler comes back for the page rather than dropping it.
    Django calls this while the error is being handled, so the error is the one being handled."""
    if problem_behind(sys.exc_info()[1]) is not None:
        return HttpResponse(render_to_string("503.html"), status=503)
    return defaults.server_error(request)


class NulCharacter(BadRequest):
    """The address or a parameter holds a NUL character, which PostgreSQL refuses in any text it is given."""


def nul_character_in(request) -> NulCharacter | None:
    if "\x00" in request.path:
        return NulCharacter("The address contains a NUL character (%00), which no address on this site has.")
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            shown = name.replace("\x00", "%00")
            return NulCharacter(f"{shown}: contains a NUL character (%00), which no parameter may hold.")
    return None


def refuse_nul_characters(get_response):
    """Before anything looks a request's address or parameters up in the database, which would fail on them."""

    def middleware(request):
        problem_ = nul_character_in(request)
        if problem_ is None:
            return get_response(request)
        if request.path.startswith("/api/"):
            return access.problem(400, str(problem_))
        return bad_request(request, problem_)

    return middleware
