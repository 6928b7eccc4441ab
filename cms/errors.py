"""The answer to a request the site cannot take, with the problem named.

Django's own answer is a bare "Bad Request (400)", which leaves a writer whose form was too large with no idea
why nothing was saved.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponseBadRequest
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string


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
    return "The request could not be read, so nothing was done."


def bad_request(request, exception=None):
    return HttpResponseBadRequest(render_to_string("400.html", {"problem": problem(exception)}))
