"""Editors' saves made on SQLite while an import writes: how many go through, and how long each waits.

    .venv/bin/python bench/sqlite_writers.py [--articles 3000] [--every 0.5]

Generates the articles (bench/corpus.py, the files bench/import_bench.py uses) in a temporary folder, starts
`manage.py import_markdown` on them in a process of its own, into a fresh SQLite file, and from this process, once
the import has committed its first batch, makes a save every `--every` seconds until the import ends: a
transaction that writes, as the admin's saves are. Prints how many saves were made and refused ("database is
locked") and their waits. A measurement, not a test: it depends on the machine's load, so compare codes in one
sitting.
"""

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate
from django_setup import PROJECT, start_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000, help="how many articles the import writes (3000)")
    parser.add_argument("--every", type=float, default=0.5, help="seconds between two saves (0.5)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="folio-writers-"))
    database = work / "site.sqlite3"
    start_django(database_url=f"sqlite:///{database}", MEDIA_ROOT=str(work / "media"), LOG_LEVEL="WARNING")
    from django.core.management import call_command
    from django.db import OperationalError, transaction

    from articles.models import Author

    call_command("migrate", verbosity=0)
    generate(work / "content", args.articles, local_heroes=0)

    # The import's own process, with this one's settings (start_django put them in the environment).
    command = [sys.executable, "manage.py", "import_markdown", str(work / "content")]
    started = time.monotonic()
    importer = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    watch = sqlite3.connect(database)
    while importer.poll() is None and not watch.execute("SELECT count(*) FROM articles_article").fetchone()[0]:
        time.sleep(0.01)

    waits: list[float] = []
    refused = 0
    while importer.poll() is None:
        asked = time.monotonic()
        try:
            with transaction.atomic():
                Author.objects.filter(slug="nobody-at-all").update(name="Nobody")
            waits.append(time.monotonic() - asked)
        except OperationalError:
            refused += 1
        time.sleep(args.every)
    imported = time.monotonic() - started
    if importer.returncode != 0:
        sys.exit(f"the import failed: {importer.stderr.read().strip()}")

    print(f"import:  {args.articles:,} files in {imported:.1f} s (import_markdown, its own process)")
    print(f"saves:   {len(waits) + refused} made during it, one every {args.every} s; {refused} refused")
    if waits:
        slowest = ", ".join(f"{wait:.2f}" for wait in sorted(waits)[-5:])
        print(f"waits:   median {statistics.median(waits) * 1000:.1f} ms; the slowest {slowest} s")
    print(f"(work folder {work} can be deleted)")


if __name__ == "__main__":
    main()
