"""The site written back out as Markdown files in the format `import_markdown` reads, losing nothing.

One `<slug>.md` per article, every status included, with front matter in the reference keys, the
unknown keys kept from import, and the Markdown body. Images held in media storage are copied to
`images/` beside the files, under their original file names where those do not collide, and referenced
relatively. `authors.yml` holds the authors, `site.yml` the default call to action and the tags, so the
folder imports again as it is into an empty site. site.yml also says that Folio wrote the folder
(`generator: folio`): the import then takes each body as written, where it would run Liquid over a folder of
Markdown from elsewhere and un-escape Hugo's escaped shortcodes.
"""

import contextlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path, PurePosixPath
from typing import TextIO
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import yaml
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils.text import Truncator

from . import old_addresses
from .image_references import replace_html_images, replace_images
from .instants import fits_the_calendar
from .models import Article, Author, CallToAction, ImageName, Tag, tags_in_order_prefetch
from .site_config import FOLIO, SITE_FILE
from .site_finding import is_folio_export
from .text import lf_line_breaks

AUTHORS_FILE = "authors.yml"
PROGRESS_MIN_ARTICLES = 5
# A fixed time for every member of a zip archive, so that the same site gives the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
IMAGES_FOLDER = "images"


class ExportRefused(ValueError):
    """The export would replace what is not an earlier export; the message says what is there."""


@dataclass
class ExportReport:
    files: list[Path] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)
    authors: int = 0
    warnings: list[str] = field(default_factory=list)


class _Media:
    """Copies stored images into the export folder once each: under the name the file had before it was stored
    when there is one and it is free, else under its stored (content-hash) file name."""

    def __init__(self, *, outdir: Path, storage: Storage, report: ExportReport):
        self.folder = outdir / IMAGES_FOLDER
        self.storage = storage
        self.report = report
        self.copied: dict[str, str] = {}  # storage name -> path relative to the export folder
        self.prefix = storage.url("")
        self.originals = dict(ImageName.objects.values_list("stored_name", "original_name"))

    def name_for_url(self, url: str) -> str | None:
        """The storage name behind a media address, or None for any other address."""
        if not self.prefix or not url.startswith(self.prefix):
            return None
        name = unquote(url[len(self.prefix) :].split("?", 1)[0].split("#", 1)[0])
        return name if name and ".." not in PurePosixPath(name).parts else None

    def copy(self, name: str, *, keep_folder: bool = False) -> str | None:
        """The export's path for a stored file, copied there the first time; `keep_folder` keeps its storage
        folder under images/ (an avatar's name is its own, not its content's: images/avatars/ada.jpg)."""
        if name in self.copied:
            return self.copied[name]
        if not self.storage.exists(name):
            self.report.warnings.append(f"media file '{name}' is missing from storage; its reference is kept")
            return None
        taken = set(self.copied.values())
        file_name = name if keep_folder else self.originals.get(name, "")
        if not file_name or f"{IMAGES_FOLDER}/{file_name}" in taken:
            file_name = PurePosixPath(name).name
        stem, suffix = PurePosixPath(file_name).stem, PurePosixPath(file_name).suffix
        n = 1
        while f"{IMAGES_FOLDER}/{file_name}" in taken:
            n += 1
            file_name = f"{stem}-{n}{suffix}"
        target = self.folder / file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        with self.storage.open(name, "rb") as source:
            target.write_bytes(source.read())
        self.report.images.append(target)
        self.copied[name] = f"{IMAGES_FOLDER}/{file_name}"
        return self.copied[name]

    def rewrite(self, body: str) -> str:
        """Point images held in media storage, Markdown's and HTML's, at their copies in the export folder."""

        def new_address(reference: str) -> str | None:
            name = self.name_for_url(reference)
            return self.copy(name) if name else None

        return replace_html_images(replace_images(body, new_address), new_address)


def export_date(value: datetime | None) -> str | None:
    """ISO 8601 on the site's clock; a midnight there is written as a bare date, which imports as the same instant."""
    if value is None:
        return None
    local = value.astimezone(ZoneInfo(settings.TIME_ZONE))
    if local.time() == time() and local.utcoffset() == local.replace(fold=0).utcoffset():
        return local.date().isoformat()
    return local.isoformat()


def default_cta_name(text: str) -> str:
    """The editors' name an import gives a call to action that has none."""
    return Truncator(text).chars(60)


def cta_value(cta: CallToAction) -> str | dict:
    """Text alone, or a mapping when the call to action has a button or a name of its own."""
    if not cta.button_label and not cta.button_url and cta.name == default_cta_name(cta.text):
        return cta.text
    value = {} if cta.name == default_cta_name(cta.text) else {"name": cta.name}
    value["text"] = cta.text
    if cta.button_label or cta.button_url:
        value.update(button_label=cta.button_label, button_url=cta.button_url)
    return value


def front_matter(article: Article, *, hero: str, shared_names: Iterable[str] = ()) -> dict:
    """The article's front matter in the reference keys, followed by the keys kept from its import.

    The author is named, as authors.yml names them; by name and slug when another author has the same name.
    """
    meta: dict = {"title": article.title}
    if article.subtitle:
        meta["subtitle"] = article.subtitle
    if article.description:
        meta["description"] = article.description
    author = article.author
    meta["author"] = {"name": author.name, "slug": author.slug} if author.name in shared_names else author.name
    if article.read_time:
        meta["read_time"] = article.read_time
    if article.publish_date:
        meta["publish_date"] = export_date(article.publish_date)
    if article.revised_at:
        meta["updated_date"] = export_date(article.revised_at)
    meta["created_date"] = export_date(article.created_date)
    if hero:
        meta["heroImage"] = hero
    if article.hero_image_alt != article.title:
        meta["heroImageAlt"] = article.hero_image_alt
    if article.canonical_url:
        meta["canonical_url"] = article.canonical_url
    if article.call_to_action_id:
        meta["cta"] = cta_value(article.call_to_action)
    meta["slug"] = article.slug
    tags = [tag.name for tag in article.tags_in_order()]
    if tags:
        meta["tags"] = tags
    if article.status != Article.Status.PUBLISHED:
        meta["draft"] = True
    if article.status == Article.Status.REVIEW:
        meta["status"] = article.status
    if article.language != settings.LANGUAGE_CODE:
        meta["lang"] = article.language
    translations = sorted(other.slug for other in article.translations.all())
    if translations:
        meta["translations"] = translations
    aliases, old_slugs = [], []
    for address in article.old_addresses.all():
        slug = old_addresses.earlier_slug(address.path)
        old_slugs.append(slug) if slug else aliases.append(address.path)
    if aliases:
        meta["aliases"] = aliases  # Hugo's key for a page's other addresses, read back by the import
    old_slugs.sort()
    if old_slugs:
        meta["old_slugs"] = old_slugs  # earlier slugs of this article, each still redirecting to it
    for key, value in (article.extra_front_matter or {}).items():
        meta.setdefault(key, value)
    return meta


def dump_yaml(value: object) -> str:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)


def article_markdown(article: Article, *, media: _Media, shared_names: Iterable[str] = ()) -> str:
    hero = article.hero_image_url
    if article.hero_image:
        hero = media.copy(article.hero_image.name) or ""
    meta = front_matter(article, hero=hero, shared_names=shared_names)
    block = dump_yaml(meta)
    body = media.rewrite(lf_line_breaks(article.body))
    return f"---\n{block}---\n{body}"


def author_entry(author: Author, *, media: _Media) -> dict:
    """An author as authors.yml holds them; the admin account they write as stays behind."""
    entry: dict = {"name": author.name, "slug": author.slug}
    if author.bio:
        entry["bio"] = author.bio
    if author.avatar:
        avatar = media.copy(author.avatar.name, keep_folder=True)
        if avatar:
            entry["avatar"] = avatar
    if author.website:
        entry["website"] = author.website
    if author.social_links:
        entry["social_links"] = dict(author.social_links)
    return entry


def site_entries(*, tags: Iterable[Tag], unused_ctas: Iterable[CallToAction] = ()) -> dict:
    """What site.yml holds: that Folio wrote the folder, the default call to action, the tags (with their own
    slugs), and the calls to action no article uses (the others travel in their articles' front matter)."""
    site: dict = {"generator": FOLIO}
    default = CallToAction.site_default()
    if default is not None:
        site["default_cta"] = cta_mapping(default)
    tag_list = [{"name": tag.name, "slug": tag.slug} for tag in sorted(tags, key=lambda tag: tag.slug)]
    if tag_list:
        site["tags"] = tag_list
    unused = [cta_mapping(cta) for cta in sorted(unused_ctas, key=lambda cta: (cta.name, cta.pk))]
    if unused:
        site["calls_to_action"] = unused
    return site


def distinct_unused_ctas() -> list[CallToAction]:
    """The calls to action no article uses, each unlike the others and unlike those in use or the default.

    An import finds an identical call to action again rather than make a second one, so a copy written twice
    would come back once, and a second export would differ from the first.
    """
    seen = {
        json.dumps(cta_mapping(cta), sort_keys=True)
        for cta in CallToAction.objects.filter(Q(is_default=True) | Q(articles__isnull=False)).distinct()
    }
    distinct = []
    for cta in CallToAction.objects.filter(is_default=False, articles__isnull=True).order_by("name", "pk"):
        key = json.dumps(cta_mapping(cta), sort_keys=True)
        if key not in seen:
            seen.add(key)
            distinct.append(cta)
    return distinct


def cta_mapping(cta: CallToAction) -> dict:
    value = cta_value(cta)
    return value if isinstance(value, dict) else {"text": value}


def select_articles(
    *, slugs: Iterable[str] = (), author: str = "", since: date | None = None, until: date | None = None
):
    """The articles an export writes: all of them, or those with these slugs, by this author (a slug),
    or published from `since` to `until` (whole days on the site's clock, both included)."""
    articles = Article.objects.all()
    slugs = list(slugs)
    if slugs:
        articles = articles.filter(slug__in=slugs)
    if author:
        articles = articles.filter(author__slug=author)
    zone = ZoneInfo(settings.TIME_ZONE)
    # A bound off the calendar (the first day of year 1 east of UTC, the last of 9999) is before or after every
    # date an article can have: that side stays open.
    if since is not None and fits_the_calendar(start := datetime.combine(since, time(), tzinfo=zone)):
        articles = articles.filter(publish_date__gte=start)
    if until is not None and until < date.max:
        articles = articles.filter(publish_date__lt=datetime.combine(until + timedelta(days=1), time(), tzinfo=zone))
    return articles


@contextlib.contextmanager
def the_site_as_it_stands() -> Iterator[None]:
    """Every read in the block sees the site as it was at the first one, whatever is written meanwhile: an import
    running beside an export commits a hundred files at a time, and an export reading as it went would mix
    articles from before and after a batch with authors and tags read later. PostgreSQL keeps that moment in a
    repeatable-read transaction. Folio's SQLite transactions take the write lock at once, which would stop every
    writer for the whole export, so there it reads as it goes."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def export_articles(
    *,
    outdir: str | Path,
    articles: Iterable[Article] | None = None,
    storage: Storage = default_storage,
    progress: TextIO | None = None,
) -> ExportReport:
    """Write every article (or those given) to `outdir` as `<slug>.md`, with its images in `outdir/images/`,
    the authors in `authors.yml` and the default call to action and the tags in `site.yml`, which also marks
    the folder as Folio's own, all as the site stood at one moment.

    With `articles` given, only their authors and tags are written: the folder is a part of the site.
    """
    with the_site_as_it_stands():
        return _export_articles(outdir=outdir, articles=articles, storage=storage, progress=progress)


def _export_articles(
    *, outdir: Path | str, articles: Iterable[Article] | None, storage: Storage, progress: TextIO | None
) -> ExportReport:
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    whole_site = articles is None
    if whole_site:
        articles = Article.objects.all()
    if hasattr(articles, "select_related"):
        articles = (
            articles.select_related("author", "call_to_action")
            .prefetch_related(tags_in_order_prefetch(), "translations", "old_addresses")
            .order_by("slug")
        )
    articles = list(articles)
    report = ExportReport()
    media = _Media(outdir=outdir, storage=storage, report=report)
    bar = None
    if progress is not None and len(articles) > PROGRESS_MIN_ARTICLES:
        from tqdm import tqdm

        bar = tqdm(total=len(articles), file=progress, unit="article", desc="Exporting")
    shared_names = set(
        Author.objects.values("name").annotate(count=Count("pk")).filter(count__gt=1).values_list("name", flat=True)
    )
    for article in articles:
        path = outdir / f"{article.slug}.md"
        path.write_text(article_markdown(article, media=media, shared_names=shared_names), encoding="utf-8")
        report.files.append(path)
        if bar is not None:
            bar.update()
    if bar is not None:
        bar.close()
    unused_ctas = []
    if whole_site:
        authors = list(Author.objects.order_by("slug"))
        tags = list(Tag.objects.all())
        unused_ctas = distinct_unused_ctas()
    else:
        authors = sorted({article.author.pk: article.author for article in articles}.values(), key=lambda a: a.slug)
        tags = list({tag.pk: tag for article in articles for tag in article.tags.all()}.values())
    if authors:
        (outdir / AUTHORS_FILE).write_text(
            dump_yaml([author_entry(author, media=media) for author in authors]), encoding="utf-8"
        )
        report.authors = len(authors)
    (outdir / SITE_FILE).write_text(dump_yaml(site_entries(tags=tags, unused_ctas=unused_ctas)), encoding="utf-8")
    return report


def export_folder(*, outdir: str | Path, **options) -> ExportReport:
    """The export at `outdir`, whole or not at all: written in a folder beside it, then put in its place, so an
    interrupted export leaves what was there. An earlier export there is replaced, so an article deleted since
    does not come back with its next import, its hidden files and folders (a .git) kept; a folder holding
    anything else is refused."""
    outdir = Path(outdir)
    if outdir.is_dir() and any(outdir.iterdir()) and not is_folio_export(outdir):
        raise ExportRefused(
            f"{outdir} holds files and is not an earlier export (it has no site.yml saying generator: folio): "
            "give a new or empty folder, or an earlier export to replace"
        )
    outdir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{outdir.name}.partial-", dir=outdir.parent) as work:
        fresh = Path(work, "export")
        report = export_articles(outdir=fresh, **options)
        if outdir.exists():
            # A hidden file or folder is not the export's but its keeper's (.git, .gitignore): it stays.
            for kept in outdir.glob(".*"):
                if not (fresh / kept.name).exists():
                    kept.rename(fresh / kept.name)
            outdir.rename(Path(work, "earlier"))  # removed with the work folder
        fresh.rename(outdir)
    report.files = [outdir / file.relative_to(fresh) for file in report.files]
    report.images = [outdir / file.relative_to(fresh) for file in report.images]
    return report


def export_zip(*, path: str | Path, **options) -> ExportReport:
    """The export as one .zip archive at `path` instead of a folder; the same site gives the same bytes."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="folio-export-") as folder:
        report = export_articles(outdir=folder, **options)
        members = sorted(
            Path(dirpath, name).relative_to(folder).as_posix()
            for dirpath, _, names in os.walk(folder)
            for name in names
        )
        partial = path.with_name(f".{path.name}.partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for member in members:
                info = zipfile.ZipInfo(member, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, Path(folder, member).read_bytes())
        partial.replace(path)
    report.files = [path / PurePosixPath(file.name) for file in report.files]
    report.images = [path / IMAGES_FOLDER / file.name for file in report.images]
    return report
