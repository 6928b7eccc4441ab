from django.core.management.base import BaseCommand

from articles.management.progress import progress_bar
from articles.rendering_refresh import refresh_renderings


class Command(BaseCommand):
    help = (
        "Render every article's Markdown and every author's bio again, and store the HTML where it changed. Run it "
        "after upgrading Folio, whose rendering may have learnt more Markdown; nothing an editor wrote changes, "
        "and no revision is recorded."
    )
    when_stopped = (
        "The HTML it stored is whole, one article at a time; run it again to render the rest: it stores only "
        "what still changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="say how many would change, and store nothing")
        parser.add_argument("--progress", action="store_true", help="show a progress bar (the default on a terminal)")

    def handle(self, *args, dry_run, progress, verbosity, **options):
        with progress_bar(self, asked=progress, verbosity=verbosity, unit="article", desc="Rendering") as step:
            report = refresh_renderings(dry_run=dry_run, progress=step)
        if verbosity:
            verb = "would change" if dry_run else "changed"
            self.stdout.write(
                f"{report.articles_changed:,} of {report.articles:,} articles and {report.authors_changed:,} of "
                f"{report.authors:,} author bios {verb}."
            )
