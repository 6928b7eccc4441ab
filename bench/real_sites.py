"""How well whole static sites import: one fresh database per site, then an export and a second import.

    bench/real_sites.py NAME=SITE[:CONTENT] [NAME=SITE[:CONTENT] ...] [--markdown]

SITE is a checkout of the site (given to import_markdown as --root, so its generator config is found), and
CONTENT the folder inside it that holds the posts (the whole site when left out). Its `static/` or `public/`
folder, when there is one, is given as --public-dir. For each site it prints what the import made of the
files (created, failed, skipped and why, warnings by kind); what is left in the rendered pages that looks
like template syntax (outside code, which keeps examples as written); how many code blocks are highlighted;
and whether exporting the site and importing the export into an empty database gives the same pages.

A measurement, not a test: the sites are whatever checkouts you give it (docs/real-sites.md lists ours).
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from django_setup import PROJECT, start_django

# Template syntax a generator would have turned into something else: Liquid and Hugo tags and outputs,
# markdown-include-variants' examples, MkDocs admonitions and pymdownx.blocks (`/// note | Title`), GitHub
# alerts, Docusaurus' and Starlight's directives, attribute lists (`{: .lead }`, `{#id}`, `{ width=300 }`), and
# pymdownx's subscripts (`H~2~O`), CriticMarkup (`{++ added ++}`) and progress bars (`[=50% "half"]`). A shortcode
# left in the text is `{{&lt;` in the stored HTML.
LEFTOVERS = {
    "{% tag %}": re.compile(r"\{%-?\s*\w"),
    "{{ output }}": re.compile(r"\{\{-?\s*[\w.]"),
    "{{< shortcode >}}": re.compile(r"\{\{(?:[<%]|&lt;)"),
    "!!! admonition": re.compile(r"(?m)^\s*(?:<p>)?[!?]{3}\+?\s+\w"),
    "/// block": re.compile(r"(?m)^\s*(?:<p>)?/{3,} ?[a-z][\w-]*\b"),
    "[!NOTE] alert": re.compile(r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE),
    ":::note directive": re.compile(r"(?m)^\s*(?:<p>)?:{3,}[a-z]"),
    # markdown-include-variants' example line, `{* docs_src/app/tutorial001.py hl[3] *}` (Typer, SQLModel).
    "{* example *}": re.compile(r"\{\*\s*\S+[^{}\n]*?\*\}"),
    # Not TeX's `_{k=0}`, a directive's `::github{repo=…}` or the inside of `{{ … }}`.
    "{: attribute list }": re.compile(r"(?<![\w{^_])\{:?[ \t]*(?:[#.][\w-]|[\w-]+=)[^{}\n]*\}"),
    "~subscript~": re.compile(r"(?<!~)~[^\s~<>]{1,40}~(?!~)"),
    "{++ critic ++}": re.compile(r"\{(?:\+\+|--|~~|==|&gt;&gt;)"),
    "[=50% progress bar]": re.compile(r"\[=+\s*\d+(?:\.\d+)?\s*(?:%|/)"),
}
CODE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.DOTALL)
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”|\d+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="*", metavar="NAME=SITE[:CONTENT]")
    parser.add_argument("--markdown", action="store_true", help="print the summary as a Markdown table")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(*args.worker)))
        return
    if not args.sites:
        parser.error("give at least one NAME=SITE[:CONTENT]")
    results = []
    for spec in args.sites:
        name, _, where = spec.partition("=")
        site, _, content = where.partition(":")
        site_path = Path(site).resolve()
        content_path = site_path / content if content else site_path
        if not content_path.is_dir():
            parser.error(f"{spec}: {content_path} is not a folder")
        print(f"importing {name} ({content_path}) ...", file=sys.stderr)
        worker = subprocess.run(
            [sys.executable, __file__, "--worker", name, str(site_path), str(content_path)],
            capture_output=True,
            text=True,
            cwd=PROJECT,
        )
        if worker.returncode != 0:
            print(worker.stderr, file=sys.stderr)
            sys.exit(f"{name}: the measurement itself failed")
        results.append(json.loads(worker.stdout))
    report(results, markdown=args.markdown)


def measure(name: str, site: str, content: str) -> dict:
    """Import one site into two fresh databases (the site, then its export); runs in a process of its own."""
    work = Path(tempfile.mkdtemp(prefix="folio-sites-"))
    start_django(database_url=f"sqlite:///{work / 'first.sqlite3'}", MEDIA_ROOT=str(work / "media"), LOG_LEVEL="ERROR")
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from articles.exporting import export_articles
    from articles.importing import import_paths
    from articles.models import Article, OldAddress

    call_command("migrate", verbosity=0)
    public = next((Path(site) / d for d in ("static", "public") if (Path(site) / d).is_dir()), None)
    first = import_paths([content], root=site, public_dir=public)
    pages = page_html(Article)
    leftovers, code_blocks, labelled, highlighted = Counter(), 0, 0, 0
    for html in pages.values():
        prose = CODE.sub("", html)
        for label, pattern in LEFTOVERS.items():
            leftovers[label] += len(pattern.findall(prose))
        code_blocks += html.count("<pre")
        labelled += html.count('<code class="language-')
        # Of the blocks naming a language: a fence with only line numbers is highlighted too, with none.
        highlighted += html.count('<pre class="highlight"><code class="language-')
    old_addresses = OldAddress.objects.count()

    export = work / "export"
    export_articles(outdir=export)
    # The export goes into a second, empty database: what comes back must be the same pages.
    connections["default"].close()
    settings.DATABASES["default"]["NAME"] = str(work / "second.sqlite3")
    call_command("migrate", verbosity=0)
    second = import_paths([export])
    again = page_html(Article)
    same = sum(1 for slug, html in pages.items() if again.get(slug) == html)

    files = first.files
    return {
        "name": name,
        "files": len(files),
        "summary": first.summary,
        "failures": sorted(f"{Path(r.path).name}: {'; '.join(r.errors)}" for r in files if r.status == "failed"),
        # A skipped file's reason is its one warning.
        "skipped": dict(Counter(kind(r.warnings[0] if r.warnings else "") for r in files if r.status == "skipped")),
        "warnings": dict(Counter(kind(w) for r in files if r.status != "skipped" for w in r.warnings)),
        "leftovers": dict(leftovers),
        "code_blocks": code_blocks,
        "labelled": labelled,
        "highlighted": highlighted,
        "old_addresses": old_addresses,
        "round_trip": {"pages": len(pages), "same": same, "failed": second.summary["failed"]},
    }


def page_html(article_model) -> dict[str, str]:
    """What readers get of each article: its stored HTML with its title, by slug."""
    rows = article_model.objects.values_list("slug", "title", "body_html")
    return {slug: f"<h1>{title}</h1>\n{html}" for slug, title, html in rows}


def kind(message: str) -> str:
    """A message without the names and numbers that differ from file to file."""
    return QUOTED.sub("…", message)[:90]


def report(results: list[dict], *, markdown: bool) -> None:
    header = [
        "site",
        "files",
        "created",
        "failed",
        "skipped",
        "warnings",
        "left as syntax",
        "code highlighted of those naming a language (all code blocks)",
        "old addresses",
        "export re-imports the same pages",
    ]
    rows = []
    for r in results:
        s = r["summary"]
        trip = r["round_trip"]
        rows.append(
            [
                r["name"],
                r["files"],
                s["created"],
                s["failed"],
                s["skipped"],
                sum(r["warnings"].values()),
                sum(r["leftovers"].values()),
                f"{r['highlighted']} of {r['labelled']} ({r['code_blocks']})",
                r["old_addresses"],
                f"{trip['same']} of {trip['pages']}" + (f" ({trip['failed']} failed)" if trip["failed"] else ""),
            ]
        )
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("| " + " | ".join("---" for _ in header) + " |")
        for row in rows:
            print("| " + " | ".join(str(cell) for cell in row) + " |")
    else:
        widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]
        for row in [header, *rows]:
            print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    for r in results:
        print(f"\n{r['name']}:")
        for label in ("skipped", "warnings", "leftovers"):
            for text, count in sorted(r[label].items(), key=lambda item: -item[1]):
                if count:
                    print(f"  {label}: {count} × {text}")
        for failure in r["failures"]:
            print(f"  failed: {failure}")


if __name__ == "__main__":
    main()
