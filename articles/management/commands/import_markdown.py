import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importing import ImportReport, import_paths


class Command(BaseCommand):
    help = (
        "Import Markdown files with front matter as articles. Exits with 0 when every file imported, "
        "1 when any file failed, 2 when the command line is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="A .md or .markdown file, or a folder searched recursively."
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON and nothing else.")
        parser.add_argument("--dry-run", action="store_true", help="Check and render every file, but save nothing.")

    def handle(self, *args, **options):
        missing = [path for path in options["paths"] if not Path(path).exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}", returncode=2)
        report = import_paths(options["paths"], dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        else:
            self.write_summary(report, verbosity=options["verbosity"])
        if report.failed:
            raise SystemExit(1)

    def write_summary(self, report: ImportReport, *, verbosity: int) -> None:
        for result in report.files:
            has_problems = result.errors or result.warnings or result.status in ("failed", "skipped")
            if not (verbosity >= 2 or (has_problems and verbosity >= 1) or result.status == "failed"):
                continue
            style = self.style.ERROR if result.status == "failed" else self.style.WARNING if has_problems else None
            slug = f" ({result.slug})" if result.slug else ""
            self.stdout.write(f"{result.status}: {result.path}{slug}", style)
            for error in result.errors:
                self.stdout.write(f"    error: {error}")
            for warning in result.warnings:
                self.stdout.write(f"    warning: {warning}")
        if verbosity >= 1 or report.failed:
            counts = ", ".join(f"{count} {status}" for status, count in report.summary.items())
            prefix = "Dry run, nothing saved: " if report.dry_run else ""
            style = self.style.ERROR if report.failed else self.style.SUCCESS
            self.stdout.write(f"{prefix}{counts}.", style)
