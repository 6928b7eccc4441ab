"""Markdown files with YAML front matter become articles.

Each file is imported in its own transaction and reported on its own, so a bad file
never stops the others and never leaves part of itself behind.
"""

import hashlib
import logging
import math
import os
import re
from collections.abc import Iterable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import reversion
import yaml
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from markdown_it import MarkdownIt

from .images import ImageRejected, check_image, store_image
from .models import Article, Author, CallToAction, Tag
from .rendering import parse_read_time

logger = logging.getLogger(__name__)

MARKDOWN_SUFFIXES = (".md", ".markdown")
STATUSES = ("created", "updated", "unchanged", "failed", "skipped")
KNOWN_KEYS = {
    "title",
    "subtitle",
    "description",
    "author",
    "read_time",
    "publish_date",
    "created_date",
    "heroImage",
    "heroImageAlt",
    "heroAlt",
    "cta",
    "slug",
    "tags",
    "draft",
}
# Front-matter names for the model fields that full_clean() reports on.
FIELD_KEYS = {"hero_image_url": "heroImage", "hero_image_alt": "heroImageAlt", "call_to_action": "cta"}

_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*(?P<src><[^>\n]*>|[^\s)]+)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
_image_finder = MarkdownIt("commonmark").enable("table")


class InvalidFile(Exception):
    """A problem with one file, worded for the person who wrote it."""


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


def is_markdown(path: Path) -> bool:
    return path.name.lower().endswith(MARKDOWN_SUFFIXES)


def find_files(paths: Iterable[str | Path]) -> list[tuple[Path, Path | None]]:
    """(file, import root) pairs in sorted path order; the root is None for a named file that is not Markdown."""
    found: dict[Path, tuple[Path, Path | None]] = {}
    for given in map(Path, paths):
        if given.is_dir():
            for folder, dirs, names in os.walk(given):
                dirs[:] = [name for name in dirs if not name.startswith(".")]  # .git and editor folders
                for name in names:
                    path = Path(folder, name)
                    if is_markdown(path):
                        found.setdefault(path.resolve(), (path, given))
        elif given.exists():
            found.setdefault(given.resolve(), (given, given.parent if is_markdown(given) else None))
        else:
            raise FileNotFoundError(f"{given}: no such file or folder")
    return sorted(found.values(), key=lambda pair: str(pair[0]))


def import_paths(paths: Iterable[str | Path], *, dry_run: bool = False) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    files = find_files(paths)
    # A dry run keeps each file's rows until the end, so later files are checked against earlier ones as for real.
    with transaction.atomic() if dry_run else nullcontext():
        for path, root in files:
            if root is None:
                report.files.append(
                    FileResult(path=str(path), status="skipped", warnings=["not a Markdown file (.md or .markdown)"])
                )
            else:
                report.files.append(import_file(path, root=root, dry_run=dry_run))
        if dry_run:
            transaction.set_rollback(True)
    return report


def import_file(path: Path, *, root: Path, dry_run: bool = False) -> FileResult:
    result = FileResult(path=str(path))
    try:
        with transaction.atomic(), recorded_as_revision(path):
            _import(Path(path), root=Path(root), dry_run=dry_run, result=result)
    except InvalidFile as error:
        result.status = "failed"
        result.errors.append(str(error))
    except Exception as error:
        logger.exception("Unexpected error while importing %s", path)
        result.status = "failed"
        result.errors.append(f"unexpected error: {error}")
    return result


def parse_front_matter(raw: bytes) -> tuple[dict, str]:
    """The front matter as a dict and the body after it, from a file's bytes."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidFile(f"not UTF-8 text: {error}") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InvalidFile("the file is empty")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), None)
    if end is None:
        raise InvalidFile("the front matter has no closing --- line")
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # The mark counts from 0 inside the block; the file has the opening fence above it.
        where = f" on line {mark.line + 2}" if mark else ""
        raise InvalidFile(f"the front matter is not valid YAML{where}: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise InvalidFile(f"the front matter is not valid YAML: {error}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InvalidFile(f"the front matter must be 'key: value' lines, not a {type(meta).__name__}")
    return meta, "\n".join(lines[end + 1 :])


def _import(path: Path, *, root: Path, dry_run: bool, result: FileResult) -> None:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidFile(f"cannot read the file: {error.strerror or error}") from None
    meta, body = parse_front_matter(raw)
    title = _text(meta, "title")
    if not title:
        raise InvalidFile("missing title")
    slug = result.slug = _slug(meta, path=path, title=title)
    # Relative to the import root, so that a moved or freshly cloned content folder is still the same source.
    source_path = Path(os.path.relpath(path.absolute(), root.absolute())).as_posix()
    source_hash = hashlib.sha256(raw).hexdigest()

    article = Article.objects.filter(slug=slug).first()
    if article is None:
        article = Article(slug=slug)
    elif article.source_path != source_path:
        owner = f"the file {article.source_path}" if article.source_path else "an article created in the admin"
        raise InvalidFile(f"slug '{slug}' already belongs to {owner} ('{article.title}'); give this file another slug")
    elif article.source_hash == source_hash:
        result.status = "unchanged"
        return
    earlier = Article.objects.filter(source_path=source_path).exclude(slug=slug).values_list("slug", flat=True)
    for old_slug in earlier:
        result.warnings.append(f"this file was imported before as '{old_slug}'; that article is left as it was")

    publish_date = _datetime(meta, "publish_date")
    created_date = _datetime(meta, "created_date")
    draft = _bool(meta, "draft")
    author_name = _text(meta, "author")
    if not author_name:
        raise InvalidFile("missing author")
    cta_text = _text(meta, "cta")
    hero = _text(meta, "heroImage")
    hero_is_url = urlsplit(hero).scheme.lower() in ("http", "https")
    if hero and not hero_is_url and (urlsplit(hero).scheme or hero.startswith("//")):
        raise InvalidFile(f"heroImage: '{hero}' is not allowed; use an http(s) address or a path to an image file")

    if draft:
        status = Article.Status.DRAFT
    elif publish_date is None:
        status = Article.Status.DRAFT
        result.warnings.append("no publish_date: imported as a draft")
    else:
        status = Article.Status.PUBLISHED

    created = article.pk is None
    article.title = title
    article.subtitle = _text(meta, "subtitle")
    article.description = _text(meta, "description")
    article.author = _named(Author, author_name, key="author")
    article.read_time = _read_time(meta)
    article.status = status
    article.publish_date = publish_date
    if created_date:
        article.created_date = created_date
    elif created:
        article.created_date = publish_date or timezone.now()
    article.hero_image = ""
    article.hero_image_url = hero if hero_is_url else ""
    article.hero_image_alt = _text(meta, "heroImageAlt") or _text(meta, "heroAlt") or title
    article.call_to_action = _call_to_action(cta_text) if cta_text else None
    article.extra_front_matter = {str(k): _json_safe(v) for k, v in meta.items() if k not in KNOWN_KEYS}
    article.source_path = source_path
    article.source_hash = source_hash
    article.body = body
    tags = [_named(Tag, name, key="tags") for name in _tags(meta)]
    _validate(article)

    # Images are stored only once the file is known to be good, so a failed file leaves no media behind.
    images = _LocalImages(source=path, root=root, dry_run=dry_run, warnings=result.warnings)
    if hero and not hero_is_url:
        article.hero_image = images.store(hero, label="heroImage", outcome="imported without a hero image") or ""
    article.body = images.rewrite(body)
    article.save()
    article.tags.set(tags)
    result.status = "created" if created else "updated"


class _LocalImages:
    """The local images one file refers to: kept inside the import root, checked by Pillow, stored once."""

    def __init__(self, *, source: Path, root: Path, dry_run: bool, warnings: list[str]):
        self.folder = source.absolute().parent
        self.root = root.resolve()
        self.dry_run = dry_run
        self.warnings = warnings
        self.names: dict[Path, str | None] = {}

    def store(self, reference: str, *, label: str, outcome: str) -> str | None:
        """The storage name for a referenced image, or None with a warning when it cannot be used."""
        target = (self.folder / unquote(urlsplit(reference).path)).resolve()
        if target not in self.names:
            self.names[target] = None
            problem = None
            if not target.is_relative_to(self.root):
                problem = "is outside the import folder"
            elif not target.is_file():
                problem = "was not found"
            else:
                try:
                    data = target.read_bytes()
                    if self.dry_run:
                        check_image(data)
                    else:
                        self.names[target] = store_image(data, folder="images")
                except ImageRejected as error:
                    problem = f"was refused: {error}"
                except OSError as error:
                    problem = f"cannot be read: {error.strerror or error}"
            if problem:
                self.warnings.append(f"{label} '{reference}' {problem}; {outcome}")
        return self.names[target]

    def rewrite(self, body: str) -> str:
        """Point local image references at their stored copies; leave everything else as written."""
        real_images = {unquote(src) for src in _image_sources(body)}

        def replace(match: re.Match) -> str:
            src = match.group("src")
            reference = src[1:-1] if src.startswith("<") else src
            if not _is_local(reference) or unquote(reference) not in real_images:
                return match.group(0)
            name = self.store(reference, label="image", outcome="left as written")
            if name is None:
                return match.group(0)
            start, end = match.span("src")
            return match.string[match.start() : start] + default_storage.url(name) + match.string[end : match.end()]

        return _IMAGE.sub(replace, body)


def _image_sources(body: str) -> Iterable[str]:
    """Image addresses Markdown really shows, so that an example inside a code block is not touched."""
    for token in _image_finder.parse(body):
        for child in token.children or []:
            if child.type == "image":
                yield str(child.attrGet("src") or "")


def _is_local(reference: str) -> bool:
    parts = urlsplit(reference)
    return bool(parts.path) and not parts.scheme and not parts.netloc and not reference.startswith(("/", "#"))


def _text(meta: dict, key: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, bool | list | dict):
        raise InvalidFile(f"{key}: must be text")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _slug(meta: dict, *, path: Path, title: str) -> str:
    given = _text(meta, "slug")
    if given:
        slug = slugify(given, allow_unicode=True)
        if not slug:
            raise InvalidFile(f"slug: '{given}' has no letters or digits to make an address from")
        return slug[:300].strip("-")
    name = path.absolute().parent.name if path.stem.lower() == "index" else path.stem
    slug = slugify(name, allow_unicode=True) or slugify(title, allow_unicode=True)
    if not slug:
        raise InvalidFile("no address can be made from the file name or the title; add a slug key")
    return slug[:300].strip("-")


def _datetime(meta: dict, key: str) -> datetime | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidFile(f"{key}: '{value}' is not a date (use YYYY-MM-DD)") from None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if not isinstance(value, datetime):
        raise InvalidFile(f"{key}: '{value}' is not a date (use YYYY-MM-DD)")
    # A date written without a zone means that moment on the site's clock.
    if timezone.is_naive(value):
        value = timezone.make_aware(value, ZoneInfo(settings.TIME_ZONE))
    return value


def _read_time(meta: dict) -> str:
    value = meta.get("read_time")
    if value is None or value == "":
        return ""
    if isinstance(value, list | dict) or parse_read_time(value) is None:
        raise InvalidFile(f"read_time: '{value}' is not a number of minutes (for example 8 or '8 mins')")
    return str(value).strip()


def _bool(meta: dict, key: str) -> bool:
    value = meta.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    words = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
    if str(value).strip().lower() in words:
        return words[str(value).strip().lower()]
    raise InvalidFile(f"{key}: '{value}' must be true or false")


def _tags(meta: dict) -> list[str]:
    value = meta.get("tags")
    if value is None:
        return []
    if isinstance(value, str):
        names = value.split(",")
    elif isinstance(value, list) and not any(isinstance(item, bool | list | dict) or item is None for item in value):
        names = [str(item) for item in value]
    else:
        raise InvalidFile("tags: give a list of names or comma-separated text")
    return [name.strip() for name in names if name.strip()]


def _named(model: type[Author] | type[Tag], name: str, *, key: str) -> Author | Tag:
    """The author or tag with this name's slug, created when there is none."""
    max_length = model._meta.get_field("slug").max_length
    slug = slugify(name, allow_unicode=True)[:max_length].strip("-")
    if not slug:
        raise InvalidFile(f"{key}: '{name}' has no letters or digits to make an address from")
    existing = model.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    instance = model(name=name, slug=slug)
    _validate(instance, key=key)
    instance.save()
    return instance


def _call_to_action(text: str) -> CallToAction:
    existing = CallToAction.objects.filter(text=text).first()
    if existing is not None:
        return existing
    return CallToAction.objects.create(name=Truncator(text).chars(60), text=text)


def _validate(instance: models.Model, *, key: str | None = None) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        problems = [
            f"{key or FIELD_KEYS.get(name, name if name != NON_FIELD_ERRORS else 'article')}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        ]
        raise InvalidFile("; ".join(problems)) from None


def _json_safe(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_json_safe(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


@contextmanager
def recorded_as_revision(path: Path):
    """Every imported article gets a revision, like an admin save (see the editorial workflow)."""
    with reversion.create_revision(atomic=False):
        reversion.set_comment(f"Imported from {Path(path).name}.")
        yield
