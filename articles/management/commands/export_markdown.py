from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.exporting import export_articles


class Command(BaseCommand):
    help = (
        "Write every article (drafts and scheduled ones included) to OUTDIR as <slug>.md with front matter, "
        "and the images held in media storage to OUTDIR/images/. The folder imports again with import_markdown."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", metavar="OUTDIR", help="The folder to write to; created when missing.")

    def handle(self, *args, **options):
        outdir = Path(options["outdir"])
        if outdir.exists() and not outdir.is_dir():
            raise CommandError(f"{outdir} is a file, not a folder", returncode=2)
        try:
            report = export_articles(outdir=outdir)
        except OSError as error:
            raise CommandError(f"cannot write to {outdir}: {error.strerror or error}") from None
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Exported {len(report.files)} articles and {len(report.images)} images to {outdir}."
                )
            )
