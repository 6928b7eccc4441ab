"""Markdown files with front matter become articles: the run, and what each file does to the database.

Each file is imported in a savepoint of its own and reported on its own, so a bad file never stops the
others and never leaves part of itself behind; files are committed a batch at a time, with their revisions
written together at the end of each batch, so an interrupted import leaves every article whole or absent.

The rest of an import has modules of its own: which files it takes, in what order (`import_folders.py`); what it
knows of each site (`import_sites.py`); reading a file and the slug it gets (`import_reading.py`,
`import_slugs.py`), its body as the generator would have made it (`import_bodies.py`, with
`import_template_links.py` for tags that link to other pages), the state it arrives in (`import_status.py`), the
article it was imported as before (`import_updates.py`), the authors, tags and calls to action it names
(`import_rows.py`), translations linked at the end (`import_translations.py`) and the planner's statistics after it
(`planner_statistics.py`). Files are read by `import_sources.py`, front matter by `frontmatter.py`, the site's
configuration by `site_finding.py` (what it means: `site_config.py`), images by `import_images.py` (found in a body
by `image_references.py`, fetched by `downloads.py`), links between files by `import_links.py` (and those that lead
nowhere on this site by `import_unreachable.py`), and Folio's own authors.yml and site.yml by `site_files.py`; with
more than one job, `import_workers.py` reads and renders files in other processes; `import_results.py` is what is
reported.
"""

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from pathlib import Path
from typing import TextIO

import emoji
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from . import mdx, old_addresses
from .downloads import DOWNLOAD_TIMEOUT
from .excerpts import divided_summary
from .exporting import AUTHORS_FILE, SITE_FILE
from .front_matter_values import json_safe
from .frontmatter import FrontMatter
from .image_references import classify
from .images import ImageNotStored
from .import_bodies import generator_body
from .import_folders import find_files, site_starts, skip_reason
from .import_images import FileImages, ImageOptions
from .import_links import SiteLinks
from .import_lock import one_import_at_a_time
from .import_reading import ReadFile, read_file
from .import_results import STATUSES, FileResult, ImportReport, SkippedFile, validate
from .import_rows import NoAddress, RunRows
from .import_sites import RunSites, aim_images
from .import_slugs import RunSlugs
from .import_status import import_status
from .import_template_links import TemplateLinks
from .import_translations import RunTranslations
from .import_unreachable import RunUnreachable
from .import_updates import existing_article, held_for_update
from .import_workers import Prepared, prepared_files
from .invalid_file import InvalidFile, with_outcome
from .models import Article, OldAddress
from .old_addresses import PageAddresses
from .old_addresses import record as record_old_addresses
from .permalinks import ALIAS_KEYS
from .planner_statistics import refresh_planner_statistics
from .real_paths import kept_for_run, real_path
from .rendering import removed_by_sanitiser
from .revisions import RevisionBatch
from .site_config import FOLIO, emoji_in_titles
from .site_files import SiteFiles
from .site_pages import Pages, bundle_picture

logger = logging.getLogger(__name__)

__all__ = ["STATUSES", "FileResult", "ImportReport", "InvalidFile", "find_files", "import_paths"]

PROGRESS_MIN_FILES = 5
# Files written in one transaction (each in a savepoint of its own): the most an interrupted import loses.
BATCH_FILES = 100
BATCH_SECONDS = 1.0


def import_paths(
    paths: Iterable[str | Path],
    *,
    dry_run: bool = False,
    root: str | Path | None = None,
    public_dir: str | Path | None = None,
    download_images: bool = False,
    download_timeout: float = DOWNLOAD_TIMEOUT,
    force: bool = False,
    site_vars: dict[str, str] | None = None,
    default_author: str = "",
    progress: TextIO | None = None,
    max_file_bytes: int | None = None,
    jobs: int = 1,
    batch_files: int = BATCH_FILES,
    batch_seconds: float = BATCH_SECONDS,
    waiting: Callable[[], None] | None = None,
) -> ImportReport:
    """Import every Markdown file under `paths`; `progress` is where a progress bar goes for larger runs.

    A file larger than `max_file_bytes` (IMPORT_MAX_FILE_BYTES by default) fails without being read. With
    `jobs` above 1, `jobs - 1` worker processes read and render the files while this one writes
    (import_workers.py). Files are written `batch_files` to a transaction (fewer when they take longer than
    `batch_seconds`), each in a savepoint of its own.
    An import into a database another import is writing to waits for it (import_lock.py), calling `waiting`
    first.
    """
    with one_import_at_a_time(waiting=waiting), kept_for_run():
        report = ImportReport(dry_run=dry_run)
        paths = list(paths)
        files = find_files(paths, root=root)
        starts = site_starts(paths, root=root)
        run = _Run(
            files=files,
            site_starts=starts,
            max_file_bytes=max_file_bytes or settings.IMPORT_MAX_FILE_BYTES,
            dry_run=dry_run,
            force=force,
            site_vars=dict(site_vars or {}),
            default_author=default_author.strip(),
            images=ImageOptions(
                root=Path("."),
                public_dir=Path(public_dir) if public_dir else None,
                download=download_images,
                timeout=download_timeout,
                dry_run=dry_run,
            ),
        )
        bar = None
        if progress is not None and len(files) > PROGRESS_MIN_FILES:
            from tqdm import tqdm

            bar = tqdm(total=len(files), file=progress, unit="file", desc="Importing")
        # A dry run keeps each file's rows until the end, so later files are checked against earlier ones as for real.
        with transaction.atomic() if dry_run else nullcontext():
            # The authors, tags and default call to action of Folio's own export come before the articles naming them.
            roots = [file_root for _, file_root in files if file_root is not None]
            roots += [Path(root)] if root is not None else [Path(path) for path in paths if Path(path).is_dir()]
            unique_roots: dict[Path, Path] = {}
            for folder in roots:
                unique_roots.setdefault(real_path(Path(folder)), Path(folder))
            for file_root in unique_roots.values():
                for name, read in ((AUTHORS_FILE, run.import_authors), (SITE_FILE, run.import_site_file)):
                    if (file_root / name).is_file():
                        result = read(file_root / name, root=file_root)
                        if result is not None:
                            report.files.append(result)
            prepared = prepared_files(files, jobs=jobs, max_bytes=run.max_file_bytes, site_starts=starts)
            try:
                size = max(1, batch_files)
                files_left = True
                while files_left:
                    # One commit for many files; an interrupted import loses at most this batch, each article whole.
                    # The files are taken one at a time, so the workers keep reading ahead while this one writes.
                    # A batch ends after `batch_seconds` too: an editor's save waits for the batch to be committed.
                    files_left = False
                    with transaction.atomic():
                        ends = time.monotonic() + batch_seconds
                        for taken, (path, file_root, read) in enumerate(prepared, 1):
                            if file_root is None:
                                reason = skip_reason(path) or "not a Markdown file (.md or .markdown)"
                                report.files.append(FileResult(path=str(path), status="skipped", warnings=[reason]))
                            else:
                                report.files.append(run.import_file(path, root=file_root, prepared=read))
                            if bar is not None:
                                bar.update()
                            if taken == size or time.monotonic() >= ends:
                                files_left = True
                                break
                        run.finish_batch()
                    make_way = getattr(connection, "make_way", None)
                    if make_way is not None:
                        make_way()  # a writer waiting for this batch's commit takes its turn (cms/sqlite3/base.py)
            finally:
                prepared.close()  # stops the worker processes, however the loop ended
            run.translations.link()
            # With every article written, a dry run's too: a link between two of the run's files finds the other.
            run.unreachable.warn()
            if dry_run:
                transaction.set_rollback(True)
        if bar is not None:
            bar.close()
        if not dry_run:
            refresh_planner_statistics()
        return report


class _Run(SiteFiles):
    """One import run: its options, and what it knows of the database so each file asks little of it."""

    def __init__(
        self,
        *,
        files: list[tuple[Path, Path | None]],
        site_starts: dict[Path, Path],
        max_file_bytes: int,
        dry_run: bool,
        force: bool,
        site_vars: dict[str, str],
        default_author: str,
        images: ImageOptions,
    ):
        self.max_file_bytes = max_file_bytes
        self.public_dir_given = images.public_dir is not None
        self.dry_run = dry_run
        self.force = force
        self.site_vars = site_vars
        self.default_author = default_author
        self.images = images
        self.rows = RunRows()
        self.slugs = RunSlugs(Article.objects.values_list("slug", "source_path"))
        self.imported_slugs: dict[Path, str] = {}  # file -> slug, for links between imported files
        self.translations = RunTranslations()
        self.sites = RunSites(starts=site_starts, max_bytes=max_file_bytes)
        self.pages = Pages((path for path, file_root in files if file_root is not None), max_bytes=self.max_file_bytes)
        self.links = SiteLinks(files=files, read=self._planned, sources=self.slugs.sources)
        self.template_links = TemplateLinks(
            files=files,
            sites=self.sites,
            links=self.links,
            sources=self.slugs.sources,
            imported_slugs=self.imported_slugs,
            max_bytes=max_file_bytes,
        )
        self._with_old_addresses: set[int] | None = None  # articles that have an old address, read once
        self.revisions = RevisionBatch()
        # Old addresses (or those that were, in a file rolled back since): only a new article whose own address is
        # one has one to clear.
        self.redirected = set(OldAddress.objects.values_list("path", flat=True))
        self.tag_links: list = []  # of the new articles saved in this batch
        self.unreachable = RunUnreachable()

    def import_file(self, path: Path, *, root: Path, prepared: Prepared | None = None) -> FileResult:
        """Import one file in a savepoint of its own: a file that fails leaves nothing behind, and stops no other."""
        result = FileResult(path=str(path))
        self.rows.start_file()
        try:
            with transaction.atomic():
                saved = self._import(Path(path), root=Path(root), result=result, prepared=prepared)
            if saved is not None:
                article, tag_links, left = saved
                self.tag_links += tag_links
                self.unreachable.add(article, result=result, left=left)
                # Every import is a revision, like an admin save (see the editorial workflow).
                self.revisions.add(article, comment=f"Imported from {Path(path).name}.")
        except SkippedFile as reason:
            result.status = "skipped"
            result.warnings.append(str(reason))
        except InvalidFile as error:
            result.status = "failed"
            result.errors.append(str(error))
        except ImageNotStored:
            raise  # every file would fail alike: the command stops, saying why (manage.py)
        except Exception as error:
            logger.exception("Unexpected error while importing %s", path)
            result.status = "failed"
            result.errors.append(f"unexpected error: {error}")
        if result.status == "failed":
            self.rows.forget_new()
        return result

    def _read(self, path: Path, *, root: Path, prepared: Prepared | None = None) -> ReadFile:
        """The file read with this run's sites, pages and slugs (import_reading.read_file)."""
        return read_file(
            path,
            root=root,
            site=self.sites.site(root),
            pages=self.pages,
            slugs=self.slugs,
            max_bytes=self.max_file_bytes,
            prepared=prepared,
        )

    def _planned(self, path: Path, root: Path) -> tuple[dict, FrontMatter, str] | None:
        """For the link map: a file's front matter and slug, or None when it will not become an article."""
        try:
            read = self._read(path, root=root)
        except (InvalidFile, SkippedFile, OSError, ValueError):
            return None
        return read.meta, read.fm, read.slug

    def _import(self, path: Path, *, root: Path, result: FileResult, prepared: Prepared | None):
        """Import one file; returns its article when it was saved, with the tag links a new article still needs and
        the links to the old site's pages its body left as written."""
        read = self._read(path, root=root, prepared=prepared)
        site = self.sites.site(root)
        raw, meta, body, fm = read.raw, read.meta, read.body, read.fm
        result.warnings.extend(fm.warnings)
        if path.suffix.lower() == ".mdx":
            body = mdx.to_markdown(body, warnings=result.warnings)
        slug = result.slug = read.slug
        source_path = read.source
        digest = hashlib.sha256(raw)
        if read.inherited:  # a change to a folder's .meta.yml (a draft: true added) is a change to the file
            digest.update(json.dumps(json_safe(read.inherited, key=".meta.yml"), sort_keys=True).encode())
        source_hash = digest.hexdigest()

        article = existing_article(slug, source_path=source_path, fixed=read.fixed, slugs=self.slugs)
        created = article is None
        if created:
            article = Article(slug=slug)
        else:
            article, unchanged = held_for_update(
                article, source_hash=source_hash, force=self.force, warnings=result.warnings
            )
            if unchanged:
                self.imported_slugs[real_path(path)] = slug
                self._first_old_addresses(article, path, root=root, meta=meta, fm=fm, result=result)
                result.status = "unchanged"
                # Nothing is written, but what its links lead to may have changed since: they are checked again.
                self.unreachable.add(article, result=result)
                return None
        for old_slug in sorted(self.slugs.sources.get(source_path, set()) - {slug}):
            result.warnings.append(f"this file was imported before as '{old_slug}'; that article is left as it was")

        author = self.rows.author_of(fm, site=site, default_author=self.default_author, warnings=result.warnings)
        if not fm.hero and (picture := bundle_picture(path, site=site)):
            fm.hero, fm.hero_key = picture, "the page bundle's picture"
        if fm.hero and classify(fm.hero) == "refused":
            raise InvalidFile(
                f"{fm.hero_key}: '{fm.hero}' is not allowed; use an http(s) address or a path to an image file"
            )
        # A page its generator publishes without a date keeps the date of its first import.
        first_published = None if created else article.publish_date
        status = import_status(fm, generator=site.generator, first_published=first_published, warnings=result.warnings)
        body = generator_body(
            body,
            path=path,
            root=root,
            fm=fm,
            meta=meta,
            site=site,
            snippets=self.sites.snippet_options(root),
            site_vars=self.site_vars,
            link_for=self.template_links.link_for(path, root),
            max_bytes=self.max_file_bytes,
            warnings=result.warnings,
        )
        removed = prepared.removed if prepared and prepared.rendering_of(body) else removed_by_sanitiser(body)
        result.warnings.extend(f"HTML {name} removed: not allowed in an article" for name in removed)
        addresses = self._old_addresses(path, root=root, meta=meta, fm=fm)
        old_paths = addresses.all
        if slug != read.wanted and self.slugs.holder(read.wanted) not in (None, source_path):
            result.warnings.append(
                f"slug '{read.wanted}' already belongs to the file {self.slugs.holder(read.wanted)}, so this file's "
                f"article is '{slug}'" + (f"; its old address {old_paths[0]} leads there" if old_paths else "")
            )
        left: set[str] = set()  # links to the old site's pages left as written, each warned of
        body = self.links.rewrite(
            body, source=path, own_address=old_paths[0] if old_paths else None, warnings=result.warnings, left=left
        )

        if emoji_in_titles(site):
            fm.title = emoji.emojize(fm.title, language="alias")
        article.title = fm.title
        article.subtitle = fm.subtitle
        article.description = fm.description or divided_summary(
            body,
            generator=site.generator,
            separator=meta.get("excerpt_separator", site.config.get("excerpt_separator")),
        )
        article.author = author
        article.read_time = fm.read_time
        article.status = status
        article.publish_date = fm.publish_date
        if fm.created_date:
            article.created_date = fm.created_date
        elif created:
            article.created_date = fm.publish_date or timezone.now()
        article.hero_image = ""
        article.hero_image_url = ""
        article.hero_image_alt = fm.hero_alt if fm.hero_alt is not None else fm.title
        exact = site.generator == FOLIO
        article.call_to_action = self.rows.call_to_action(fm, exact=exact) if fm.cta else None
        article.language = fm.language or settings.LANGUAGE_CODE
        article.canonical_url = fm.canonical_url
        article.extra_front_matter = fm.extra
        article.source_path = source_path
        article.source_hash = source_hash
        article.body = body
        if prepared and (rendered := prepared.rendering_of(body)):
            article.reuse_rendering(rendered)
        tags = []
        for name in fm.tags:
            try:
                tags.append(self.rows.tag(name))
            except NoAddress as error:  # one odd tag is not worth the article: it is left out
                result.warnings.append(with_outcome(str(error), "left out"))
        # Related rows come from this run's lookups and slugs were checked above: no queries needed here.
        checks = {"exclude": ["author", "call_to_action"], "validate_unique": False, "validate_constraints": False}
        validate(article, **checks)

        # Images are stored only once the file is known to be good, so a failed file leaves no media behind.
        aim_images(self.images, site=site, root=root, public_dir_given=self.public_dir_given)
        images = FileImages(source=path, options=self.images, warnings=result.warnings, page_address=addresses.own)
        article.hero_image, article.hero_image_url = images.hero(fm.hero, key=fm.hero_key)
        if self.rows.undescribed is not None:
            self.describe_author(*self.rows.undescribed, warnings=result.warnings)
        article.body = images.rewrite(body)
        if article.hero_image_url:
            try:
                Article._meta.get_field("hero_image_url").clean(article.hero_image_url, article)
            except ValidationError as error:
                raise InvalidFile(f"{fm.hero_key}: {' '.join(error.messages)}") from None
        article.save(clear_redirects=old_addresses.article_address(slug) in self.redirected)
        # The import time is the saved row's own (set for the whole batch in finish_batch): any later save by an
        # editor is then an edit.
        article.imported_at = article.updated_at
        if fm.updated_date:
            article.revised_at = fm.updated_date
            Article.objects.filter(pk=article.pk).update(revised_at=fm.updated_date)
        tag_links = []
        if created:  # linked for the whole batch in finish_batch
            through = Article.tags.through
            tag_links = [through(article_id=article.pk, tag_id=pk) for pk in dict.fromkeys(tag.pk for tag in tags)]
        else:
            article.set_tags(tags)
        self._old_slugs(article, fm.old_slugs, result=result)
        record_old_addresses(article, addresses, warnings=result.warnings)
        self.slugs.remember(slug, source_path)
        self.imported_slugs[real_path(path)] = slug
        self.translations.add(fm, place=read.place, pk=article.pk, result=result)
        result.status = "created" if created else "updated"
        return article, tag_links, left

    def finish_batch(self) -> None:
        """Link the new articles saved since the last call to their tags, mark them all imported and write their
        revisions, in the transaction that saved them (import_paths: once per batch)."""
        # In each file's order: the link ids keep it.
        Article.tags.through.objects.bulk_create(self.tag_links)
        self.tag_links = []
        pks = [entry.article.pk for entry in self.revisions.saved]
        if pks:
            Article.objects.filter(pk__in=pks).update(imported_at=F("updated_at"))
        self.revisions.write()

    def _old_addresses(self, path: Path, *, root: Path, meta: dict, fm) -> PageAddresses:
        """Where the old site published this file; the front-matter keys that list them are not kept as extras."""
        for key in ALIAS_KEYS:
            fm.extra.pop(key, None)
        return self.links.addresses(path, root=root, meta=meta, fm=fm)

    def _first_old_addresses(self, article: Article, path: Path, *, root: Path, meta: dict, fm, result) -> None:
        """An article imported before old addresses were kept gets them from its unchanged file, once."""
        if self._with_old_addresses is None:
            self._with_old_addresses = set(OldAddress.objects.values_list("article_id", flat=True).distinct())
        if self.dry_run or article.pk in self._with_old_addresses:
            return
        record_old_addresses(article, self._old_addresses(path, root=root, meta=meta, fm=fm), warnings=result.warnings)

    def _old_slugs(self, article: Article, old_slugs: list[str], *, result: FileResult) -> None:
        """Earlier slugs of the article, each redirecting to it; one that is taken is said, not moved."""
        for old_slug in old_slugs:
            if old_slug == article.slug:
                continue
            try:
                Article._meta.get_field("slug").clean(old_slug, None)
            except ValidationError:
                result.warnings.append(f"old_slugs: '{old_slug}' is not a slug; it does not redirect here")
                continue
            if old_slug in self.slugs:
                result.warnings.append(f"old_slugs: '{old_slug}' is another article's slug; it does not redirect here")
                continue
            path = old_addresses.article_address(old_slug)
            redirect, _ = OldAddress.objects.get_or_create(path=path, defaults={"article": article})
            self.redirected.add(path)
            if redirect.article_id != article.pk:
                result.warnings.append(
                    f"old_slugs: '{old_slug}' already redirects to another article; it was left as it was"
                )
