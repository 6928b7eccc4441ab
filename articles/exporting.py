"""Articles written back out as Markdown files in the format `import_markdown` reads.

One `<slug>.md` per article, every status included, with front matter in the reference keys, the
unknown keys kept from import, and the Markdown body. Images held in media storage are copied to
`images/` beside the files and referenced relatively, so the folder imports again as it is.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path, PurePosixPath
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import yaml
from django.conf import settings
from django.core.files.storage import Storage, default_storage

from .import_images import replace_images
from .models import Article

IMAGES_FOLDER = "images"


@dataclass
class ExportReport:
    files: list[Path] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Media:
    """Copies stored images into the export folder once each, under their own (content-hash) file name."""

    def __init__(self, *, outdir: Path, storage: Storage, report: ExportReport):
        self.folder = outdir / IMAGES_FOLDER
        self.storage = storage
        self.report = report
        self.copied: dict[str, str] = {}  # storage name -> path relative to the export folder
        self.prefix = storage.url("")

    def name_for_url(self, url: str) -> str | None:
        """The storage name behind a media address, or None for any other address."""
        if not self.prefix or not url.startswith(self.prefix):
            return None
        name = unquote(url[len(self.prefix) :].split("?", 1)[0].split("#", 1)[0])
        return name if name and ".." not in PurePosixPath(name).parts else None

    def copy(self, name: str) -> str | None:
        if name in self.copied:
            return self.copied[name]
        if not self.storage.exists(name):
            self.report.warnings.append(f"media file '{name}' is missing from storage; its reference is kept")
            return None
        file_name = PurePosixPath(name).name
        taken = set(self.copied.values())
        stem, suffix = PurePosixPath(file_name).stem, PurePosixPath(file_name).suffix
        n = 1
        while f"{IMAGES_FOLDER}/{file_name}" in taken:
            n += 1
            file_name = f"{stem}-{n}{suffix}"
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / file_name
        with self.storage.open(name, "rb") as source:
            target.write_bytes(source.read())
        self.report.images.append(target)
        self.copied[name] = f"{IMAGES_FOLDER}/{file_name}"
        return self.copied[name]

    def rewrite(self, body: str) -> str:
        """Point images held in media storage at their copies in the export folder."""

        def new_address(reference: str) -> str | None:
            name = self.name_for_url(reference)
            return self.copy(name) if name else None

        return replace_images(body, new_address)


def export_date(value: datetime | None) -> str | None:
    """ISO 8601 on the site's clock; a midnight there is written as a bare date, which imports as the same instant."""
    if value is None:
        return None
    local = value.astimezone(ZoneInfo(settings.TIME_ZONE))
    if local.time() == time() and local.utcoffset() == local.replace(fold=0).utcoffset():
        return local.date().isoformat()
    return local.isoformat()


def front_matter(article: Article, *, hero: str) -> dict:
    """The article's front matter in the reference keys, followed by the keys kept from its import."""
    meta: dict = {"title": article.title}
    if article.subtitle:
        meta["subtitle"] = article.subtitle
    if article.description:
        meta["description"] = article.description
    meta["author"] = article.author.name
    if article.read_time:
        meta["read_time"] = article.read_time
    if article.publish_date:
        meta["publish_date"] = export_date(article.publish_date)
    meta["created_date"] = export_date(article.created_date)
    if hero:
        meta["heroImage"] = hero
    if article.hero_image_alt != article.title:
        meta["heroImageAlt"] = article.hero_image_alt
    if article.call_to_action_id:
        meta["cta"] = article.call_to_action.text
    meta["slug"] = article.slug
    tags = [tag.name for tag in article.tags.all()]
    if tags:
        meta["tags"] = tags
    if article.status != Article.Status.PUBLISHED:
        meta["draft"] = True
    if article.language != settings.LANGUAGE_CODE:
        meta["lang"] = article.language
    translations = sorted(other.slug for other in article.translations.all())
    if translations:
        meta["translations"] = translations
    aliases = [address.path for address in article.old_addresses.all()]
    if aliases:
        meta["aliases"] = aliases  # Hugo's key for a page's other addresses, read back by the import
    for key, value in (article.extra_front_matter or {}).items():
        meta.setdefault(key, value)
    return meta


def article_markdown(article: Article, *, media: _Media) -> str:
    hero = article.hero_image_url
    if article.hero_image:
        hero = media.copy(article.hero_image.name) or ""
    meta = front_matter(article, hero=hero)
    block = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    body = media.rewrite(article.body.replace("\r\n", "\n").replace("\r", "\n"))
    return f"---\n{block}---\n{body}"


def export_articles(
    *, outdir: str | Path, articles: Iterable[Article] | None = None, storage: Storage = default_storage
) -> ExportReport:
    """Write every article (or those given) to `outdir` as `<slug>.md`, with its images in `outdir/images/`."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    if articles is None:
        articles = (
            Article.objects.select_related("author", "call_to_action")
            .prefetch_related("tags", "translations", "old_addresses")
            .order_by("slug")
        )
    report = ExportReport()
    media = _Media(outdir=outdir, storage=storage, report=report)
    for article in articles:
        path = outdir / f"{article.slug}.md"
        path.write_text(article_markdown(article, media=media), encoding="utf-8")
        report.files.append(path)
    return report
