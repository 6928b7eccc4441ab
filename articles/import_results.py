"""What an import reports of each file, and how a model's own checks become a file's error."""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from .invalid_file import InvalidFile, joined

STATUSES = ("created", "updated", "unchanged", "failed", "skipped")
# Front-matter names for the model fields that full_clean() reports on.
FIELD_KEYS = {
    "hero_image_url": "heroImage",
    "hero_image_alt": "heroImageAlt",
    "call_to_action": "cta",
    "language": "lang",
}


class SkippedFile(Exception):
    """A file that is not an article (a list, home or error page); the message says which."""


@dataclass
class FileResult:
    path: str
    status: str = "failed"
    slug: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "status": self.status,
            "slug": self.slug,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }


@dataclass
class ImportReport:
    files: list[FileResult] = field(default_factory=list)
    dry_run: bool = False

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for result in self.files:
            counts[result.status] += 1
        return counts

    @property
    def failed(self) -> bool:
        return self.summary["failed"] > 0

    def as_dict(self) -> dict:
        return {"summary": self.summary, "files": [result.as_dict() for result in self.files]}


def validate(instance: models.Model, *, key: str | None = None, **options) -> None:
    try:
        instance.full_clean(**options)
    except ValidationError as error:
        problems = [
            f"{key or FIELD_KEYS.get(name, name if name != NON_FIELD_ERRORS else 'article')}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        ]
        raise InvalidFile(joined(problems)) from None
