"""Checks shared by the models: Markdown they hold, and web addresses they point readers at."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models

from ..rendering import TooDeeplyNested, check_nesting, size_problem
from ..web_addresses import WEB_ADDRESS_PROBLEM, check_web_address


def check_markdown(
    field: str, text: str, *, max_bytes: int | None = None, render: Callable[[], object] | None = None
) -> None:
    """What Markdown must be to be saved, however it comes in: within `max_bytes`, and shown whole when rendered.

    `render`, when given, renders the text as it will be stored; the check is then that rendering.
    """
    problem = None if max_bytes is None else size_problem(text, max_bytes=max_bytes)
    if problem:
        raise ValidationError({field: problem})
    try:
        render() if render else check_nesting(text)
    except TooDeeplyNested as error:
        raise ValidationError({field: str(error)}) from None


class WebAddressField(models.URLField):
    """A URLField that takes http and https addresses alone, refused with one message, the same in a form and in
    the model's own check."""

    default_validators = [check_web_address]

    def formfield(self, **kwargs):
        return super().formfield(**{"error_messages": {"invalid": WEB_ADDRESS_PROBLEM}, **kwargs})
