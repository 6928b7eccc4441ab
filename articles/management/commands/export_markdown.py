import sys
import zipfile
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.exporting import ExportRefused, export_folder, export_zip, select_articles
from articles.import_lock import an_import_is_running
from articles.models import Article, Author


def day(text: str) -> date:
    return date.fromisoformat(text.strip())


class Command(BaseCommand):
    help = (
        "Write every article (drafts and scheduled ones included) to OUT as <slug>.md with front matter, the "
        "images held in media storage to OUT/images/, the authors to OUT/authors.yml and the default call to "
        "action and the tags to OUT/site.yml. The folder imports again with import_markdown."
    )
    # exporting.py writes beside OUT and moves the export into place only once it is whole.
    when_stopped = (
        "The folder or archive it writes is as it was before: an export takes its place only once whole. Run it again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "outdir",
            metavar="OUT",
            help=(
                "The folder to write to (created when missing, or an earlier export to replace), "
                "or the .zip with --zip."
            ),
        )
        parser.add_argument(
            "--slug", action="append", default=[], metavar="SLUG", help="Only this article; repeat for more."
        )
        parser.add_argument("--author", default="", metavar="SLUG", help="Only the articles of this author.")
        parser.add_argument(
            "--since", type=day, metavar="YYYY-MM-DD", help="Only articles published on or after this day."
        )
        parser.add_argument(
            "--until", type=day, metavar="YYYY-MM-DD", help="Only articles published on or before this day."
        )
        parser.add_argument("--zip", action="store_true", help="Write one .zip archive at OUT instead of a folder.")
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show the progress bar on standard error even when it is not a terminal.",
        )

    def handle(self, *args, **options):
        out = Path(options["outdir"])
        if options["zip"]:
            if out.is_dir():
                raise CommandError(f"{out} is a folder; give the name of the .zip to write", returncode=2)
            if not out.parent.is_dir():
                raise CommandError(f"{out.parent} is not a folder", returncode=2)
            # Writing the same archive again is how a site is re-exported; anything else there is someone's file.
            if out.exists() and not (out.is_file() and zipfile.is_zipfile(out)):
                raise CommandError(
                    f"{out} exists and is not a .zip archive: give the name of a new file, or of an earlier export",
                    returncode=2,
                )
        elif out.exists() and not out.is_dir():
            raise CommandError(f"{out} is a file, not a folder", returncode=2)
        if options["author"] and not Author.objects.filter(slug=options["author"]).exists():
            raise CommandError(f"--author: there is no author '{options['author']}'", returncode=2)
        missing = sorted(
            set(options["slug"]) - set(Article.objects.filter(slug__in=options["slug"]).values_list("slug", flat=True))
        )
        if missing:
            raise CommandError(f"--slug: there is no article {', '.join(repr(s) for s in missing)}", returncode=2)
        if options["since"] and options["until"] and options["since"] > options["until"]:
            raise CommandError("--since is after --until", returncode=2)
        partial = options["slug"] or options["author"] or options["since"] or options["until"]
        articles = (
            select_articles(
                slugs=options["slug"], author=options["author"], since=options["since"], until=options["until"]
            )
            if partial
            else None
        )
        show_progress = options["progress"] or sys.stderr.isatty()
        if show_progress:
            self.stderr.ending = ""  # the bar redraws its own line
        if an_import_is_running():
            self.stderr.write(
                "An import into this database is running: this export does not wait for it, so it may lack what "
                "the import writes from now on; export again once the import has finished to include all of it."
            )
        export = export_zip if options["zip"] else export_folder
        try:
            report = export(
                **{"path" if options["zip"] else "outdir": out},
                articles=articles,
                progress=self.stderr if show_progress else None,
            )
        except ExportRefused as error:
            raise CommandError(str(error), returncode=2) from None
        except OSError as error:
            raise CommandError(f"cannot write to {out}: {error.strerror or error}") from None
        self.stderr.ending = "\n"
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Exported {len(report.files)} articles, {report.authors} authors and "
                    f"{len(report.images)} images to {out}."
                )
            )
