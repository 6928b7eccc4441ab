from concurrent.futures.process import BrokenProcessPool

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.import_lock import an_import_is_running
from articles.management.progress import progress_bar
from articles.page_building import build_pages, reader_paths
from cms.starting import static_files_problem

SHOWN = 20  # pages left unstored, named one by one


class Command(BaseCommand):
    help = (
        "Build and store every reader's page that is not stored yet: the home page, feeds, sitemap, author and "
        "tag pages and every published article. Run it after a deploy or an import so that no reader, nor a "
        "crawler, waits for a page to be built; it runs beside the app servers and skips what is stored."
    )
    when_stopped = "The pages it stored are kept; run it again to build the rest: it skips what is stored."

    def add_arguments(self, parser):
        parser.add_argument("--progress", action="store_true", help="show a progress bar (the default on a terminal)")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="processes building pages (1): more finish sooner, and take more of the CPU the app servers share",
        )

    def handle(self, *args, verbosity, progress, jobs, **options):
        if not settings.STORED_PAGES:
            raise CommandError(
                "Stored pages are off (STORED_PAGES=0): every page is built on every request, so there is nothing "
                "to build ahead."
            )
        if jobs < 1:
            raise CommandError(f"--jobs must be 1 or more, not {jobs}.")
        if (problem := static_files_problem()) is not None:
            raise CommandError(problem)
        if an_import_is_running():
            self.stderr.write(
                "An import into this database is running: the pages it changes while they are built are left to "
                "their next readers; run build_pages again once the import has finished."
            )
        try:
            with progress_bar(self, asked=progress, verbosity=verbosity, unit="page", desc="Building") as step:
                report = build_pages(paths=reader_paths(), progress=step, jobs=jobs)
        except BrokenProcessPool as error:
            raise CommandError(f"A process building pages stopped: {error}. Try again with --jobs 1.") from None
        if verbosity:
            rate = report.built / report.seconds if report.seconds else 0
            self.stdout.write(
                f"{report.built:,} pages built and stored in {report.seconds:.1f} s ({rate:,.0f} a second); "
                f"{report.already_stored:,} were stored already."
            )
            # A run beside a busy import can leave thousands: a few name the reasons.
            for path, why in report.not_stored[:SHOWN]:
                self.stdout.write(f"{path}: left to its next reader ({why}).")
            if len(report.not_stored) > SHOWN:
                self.stdout.write(f"... and {len(report.not_stored) - SHOWN:,} more left to their next readers.")
        for path, why in report.failed:
            self.stderr.write(f"{path}: {why}")
        if report.failed:
            raise CommandError(f"{len(report.failed):,} pages could not be built; see above and the server's log.")
