import json
import re
import sys
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.downloads import DOWNLOAD_TIMEOUT
from articles.import_sources import unpacked
from articles.import_workers import PARALLEL_MIN_FILES, default_jobs
from articles.importing import ImportReport, InvalidFile, import_paths
from articles.models import Article, Author
from articles.text import printable


def site_var(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise ValueError(text)
    return name.strip(), value


def byte_size(text: str) -> int:
    """A size such as 1048576, 512K or 2M (binary units); ValueError unless it is above 0."""
    match = re.fullmatch(r"(\d+)\s*([KMG]?)(?:i?B)?", text.strip(), re.IGNORECASE)
    if not match or int(match.group(1)) == 0:
        raise ValueError(text)
    return int(match.group(1)) * 1024 ** " KMG".index(match.group(2).upper() or " ")


class Command(BaseCommand):
    help = (
        "Import Markdown files with front matter (Folio, Astro, Hugo, Jekyll or Ghost style) as articles. "
        "Exits with 0 when every file imported, 1 when any file failed, 2 when the command line is wrong."
    )
    # Files are saved in batches of many, each batch in one transaction (importing.py).
    when_stopped = (
        "The articles it saved are whole; the batch it was writing was not saved. Run the same import again to "
        "import the rest: the files it finished are unchanged and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="A .md or .markdown file, a folder searched recursively, or a .zip made by export_markdown --zip.",
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON and nothing else.")
        parser.add_argument("--dry-run", action="store_true", help="Check and render every file, but save nothing.")
        parser.add_argument(
            "--root",
            metavar="DIR",
            help="Read local images from anywhere inside DIR (for example a whole site), not only the PATH folder.",
        )
        parser.add_argument(
            "--public-dir",
            metavar="DIR",
            help="Where site-root image paths such as /hero.jpg are found (the old site's public/ or static/).",
        )
        parser.add_argument(
            "--download-images",
            action="store_true",
            help="Fetch remote images into media storage; an image that cannot be fetched keeps its address.",
        )
        parser.add_argument(
            "--download-timeout",
            type=float,
            default=DOWNLOAD_TIMEOUT,
            metavar="SECONDS",
            help=f"Give up on a remote image after this long (default {DOWNLOAD_TIMEOUT:g}).",
        )
        parser.add_argument(
            "--max-file-size",
            metavar="SIZE",
            help=(
                "Fail, unread, any file larger than this: bytes, or with K or M "
                f"(default IMPORT_MAX_FILE_BYTES, {settings.IMPORT_MAX_FILE_BYTES:,} bytes)."
            ),
        )
        parser.add_argument(
            "--force", action="store_true", help="Overwrite articles edited in the admin since their last import."
        )
        parser.add_argument(
            "--site-var",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="The value of a Jekyll {{ site.NAME }} variable; repeat for each one.",
        )
        parser.add_argument(
            "--default-author",
            default="",
            metavar="NAME",
            help="The author of files that do not name one (else the site config's author, else DEFAULT_AUTHOR).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Import only into a site that has no article and no author yet (make run's sample content).",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=default_jobs(),
            metavar="N",
            help=(
                "Processes at work: this one writes the articles while N-1 others read and render the files "
                f"(default: the number of CPUs, here {default_jobs()}); 1 does everything in this process. "
                f"Used from {PARALLEL_MIN_FILES} files up."
            ),
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show the progress bar on standard error even when it is not a terminal or --json is given.",
        )

    def handle(self, *args, **options):
        missing = [path for path in options["paths"] if not Path(path).exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}", returncode=2)
        for option in ("root", "public_dir"):
            if options[option] and not Path(options[option]).is_dir():
                raise CommandError(f"--{option.replace('_', '-')}: {options[option]} is not a folder", returncode=2)
        try:
            site_vars = dict(site_var(text) for text in options["site_var"])
        except ValueError as error:
            raise CommandError(f"--site-var: '{error}' is not NAME=VALUE", returncode=2) from None
        if options["jobs"] < 1:
            raise CommandError("--jobs: give a number of processes, 1 or more", returncode=2)
        if options["download_timeout"] <= 0:
            raise CommandError("--download-timeout: give a number of seconds above 0", returncode=2)
        try:
            max_file_bytes = byte_size(options["max_file_size"]) if options["max_file_size"] else None
        except ValueError:
            raise CommandError(
                f"--max-file-size: '{options['max_file_size']}' is not a size such as 2097152, 512K or 2M", returncode=2
            ) from None
        if options["if_empty"] and (Article.objects.exists() or Author.objects.exists()):
            # Later runs of `make run` must never bring back what an editor deleted or undo what they changed.
            if options["json"]:
                self.stdout.write(json.dumps(ImportReport().as_dict(), indent=2))
            else:
                self.stdout.write("The site already has articles or authors: nothing imported (--if-empty).")
            return
        show_progress = options["progress"] or (not options["json"] and sys.stderr.isatty())
        if show_progress:
            self.stderr.ending = ""  # the bar redraws its own line
        with ExitStack() as stack:
            try:
                archives = {
                    str(stack.enter_context(unpacked(Path(path)))): path
                    for path in options["paths"]
                    if path.lower().endswith(".zip") and Path(path).is_file()
                }
            except InvalidFile as error:
                raise CommandError(str(error), returncode=2) from None
            paths = [
                next((folder for folder, archive in archives.items() if archive == path), path)
                for path in options["paths"]
            ]
            report = self.run_import(paths, options, site_vars, max_file_bytes, show_progress)
            for result in report.files:  # named as they are in the archive, not in a temporary folder
                for folder, archive in archives.items():
                    if result.path.startswith(folder):
                        result.path = archive + ":" + result.path[len(folder) :].lstrip("/")
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        else:
            self.write_summary(report, verbosity=options["verbosity"], paths=options["paths"])
        if report.failed:
            raise SystemExit(1)

    def run_import(self, paths, options, site_vars, max_file_bytes, show_progress) -> ImportReport:
        try:
            return import_paths(
                paths,
                dry_run=options["dry_run"],
                root=options["root"],
                public_dir=options["public_dir"],
                download_images=options["download_images"],
                download_timeout=options["download_timeout"],
                force=options["force"],
                site_vars=site_vars,
                default_author=options["default_author"],
                progress=self.stderr if show_progress else None,
                max_file_bytes=max_file_bytes,
                jobs=options["jobs"],
                waiting=lambda: self.stderr.write(
                    "Another import into this database is running: waiting for it to finish, then importing."
                ),
            )
        except ValueError as error:  # a path outside --root
            raise CommandError(str(error), returncode=2) from None

    def write_summary(self, report: ImportReport, *, verbosity: int, paths: list[str]) -> None:
        for result in report.files:
            has_problems = result.errors or result.warnings or result.status in ("failed", "skipped")
            if not (verbosity >= 2 or (has_problems and verbosity >= 1) or result.status == "failed"):
                continue
            style = self.style.ERROR if result.status == "failed" else self.style.WARNING if has_problems else None
            slug = f" ({result.slug})" if result.slug else ""
            # A file's name and values are the file's own: printed so that none can forge a line of the report.
            self.stdout.write(printable(f"{result.status}: {result.path}{slug}"), style)
            for error in result.errors:
                self.stdout.write(printable(f"    error: {error}"))
            for warning in result.warnings:
                self.stdout.write(printable(f"    warning: {warning}"))
        if verbosity >= 1 or report.failed:
            counts = ", ".join(f"{count} {status}" for status, count in report.summary.items())
            prefix = "Dry run, nothing saved: " if report.dry_run else ""
            style = self.style.ERROR if report.failed else self.style.SUCCESS
            self.stdout.write(f"{prefix}{counts}.", style)
        if verbosity >= 1 and not report.files:
            # The wrong folder given, or one whose posts have another extension: not a silent success.
            found_none = f"No Markdown file (.md or .markdown) was found in {', '.join(paths)}."
            self.stdout.write(printable(found_none), self.style.WARNING)
        written = report.summary.get("created", 0) + report.summary.get("updated", 0)
        if verbosity >= 1 and written and not report.dry_run and settings.STORED_PAGES:
            self.stdout.write(
                "Their pages are built by their first readers, or all at once by `manage.py build_pages`."
            )
