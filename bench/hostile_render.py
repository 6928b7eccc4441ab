"""How render and import times grow with hostile text: each body at n and at 4n, and the ratio of the two.

    .venv/bin/python bench/hostile_render.py [--n 20000] [--only NAME] [--limit 60] [--no-import]

A ratio near 4 is linear; near 16, quadratic. Each body is built from a few characters repeated n times
(50,000 `{`, a 1 MB line, 10,000 footnote references…), and timed through render_markdown() ("render") and
through a whole import of one file into a Hugo, Jekyll, MkDocs or plain site ("import: <site>"), in a fresh
SQLite database and media folder of its own. Include bombs are sites whose files include the next eight times
each: they are timed at depth 3 and 8. Times are CPU seconds of this process, so that other work on the machine
changes them less; a case still running after `--limit` seconds of the clock is stopped and shown as such.
It is a measurement, not a test: run it on a quiet machine.
"""

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import start_django


class Overran(BaseException):
    pass


def _alarm(signum, frame):
    raise Overran()


# Bodies by name: each takes n and gives text about n units long.
BODIES = {
    "open braces": lambda n: "{" * n,
    "open brackets": lambda n: "[" * n,
    "brackets and parens": lambda n: "[a](" * n,
    "stars": lambda n: "*a" * n,
    "underscores": lambda n: "_a" * n,
    "backticks": lambda n: "`a" * n,
    "pipes": lambda n: "|" * n,
    "table of many columns": lambda n: "|a" * (n // 4) + "|\n" + "|-" * (n // 4) + "|\n" + "|b" * (n // 4) + "|\n",
    "table of many rows": lambda n: "|a|b|\n|-|-|\n" + "|c|d|\n" * (n // 4),
    "angle brackets": lambda n: "<" * n,
    "unclosed comments": lambda n: "<!--" * n,
    "unclosed tags": lambda n: "<a " * n,
    "ampersands": lambda n: "&a" * n,
    "shortcode openings": lambda n: "{{< " * n,
    "shortcode pairs unclosed": lambda n: "{{< note >}}\n" * (n // 4),
    "percent shortcodes unclosed": lambda n: "{{% note %}}\n" * (n // 4),
    "liquid openings": lambda n: "{% " * n,
    "liquid blocks unclosed": lambda n: "{% if x %}\n" * (n // 4),
    "liquid outputs": lambda n: "{{ a }}" * (n // 2),
    "colon fences": lambda n: ":::\n" * n,
    "colon fences named": lambda n: "::: note\n" * (n // 2),
    "slash blocks": lambda n: "/// " * n,
    "slash block lines": lambda n: "/// note\n" * (n // 2),
    "admonitions": lambda n: "!!! note\n" * (n // 2),
    "admonitions nested": lambda n: "".join("    " * min(i, 4) + "!!! note\n" for i in range(n // 4)),
    "tabs": lambda n: '=== "Tab"\n' * (n // 2),
    "details": lambda n: "??? note\n" * (n // 2),
    "attribute lists": lambda n: "{: .a }" * (n // 2),
    "attribute openings": lambda n: "{:" * n,
    "heading attributes": lambda n: "## a {#b .c}\n" * (n // 4),
    "same headings": lambda n: "## a\n\n" * (n // 4),
    "footnote references": lambda n: "[^1]" * (n // 2) + "\n\n[^1]: note\n",
    "footnote definitions": lambda n: "".join(f"[^{i}]: note\n" for i in range(n // 8)),
    "link definitions": lambda n: "".join(f"[l{i}]: /u{i}\n" for i in range(n // 8)) + "[l1]" * (n // 8),
    "abbreviations": lambda n: "".join(f"*[A{i}]: x\n" for i in range(n // 16)) + "A1 " * (n // 4),
    "marks": lambda n: "==a" * n,
    "ins marks": lambda n: "^^a" * n,
    "keys": lambda n: "++a" * n,
    "dollars": lambda n: "$a" * n,
    "double dollars": lambda n: "$$\n" * n,
    "backslash parens": lambda n: "\\(" * n,
    "markdown in html": lambda n: '<div markdown="1">\n' * (n // 4),
    "open divs": lambda n: "<div>\n" * (n // 2),
    "open spans then quotes": lambda n: "<span>" * (n // 8) + "<blockquote>" * (n // 8),
    "emoji colons": lambda n: ":a" * n,
    "icons": lambda n: ":material-a" * (n // 4),
    "quote lines": lambda n: "> a\n" * n,
    "list lines": lambda n: "- a\n" * n,
    "definition lines": lambda n: "a\n: b\n" * (n // 2),
    "images": lambda n: "![a](b.png)" * (n // 4),
    "autolinks": lambda n: "<http://a" * (n // 4),
    "one long line": lambda n: "word " * (n * 5),
    "svg openings": lambda n: "<svg>" * (n // 2) + "</svg>",
    "snippet lines": lambda n: '--8<-- "missing.md"\n' * (n // 8),
    "mdx includes": lambda n: "{! missing.md !}" * (n // 8),
    "hugo includes": lambda n: '{{< include file="missing.md" >}}\n' * (n // 16),
    "mdx imports": lambda n: "import a from 'b'\n" * (n // 8),
    "mdx components unclosed": lambda n: "<Tabs>\n" * (n // 4),
    "mdx expressions": lambda n: "{a" * n,
}

SITES = {
    "plain": {},
    "hugo": {"hugo.toml": 'title = "Bench"\n'},
    "jekyll": {"_config.yml": "title: Bench\n"},
    "mkdocs": {
        "mkdocs.yml": "site_name: Bench\nmarkdown_extensions:\n  - pymdownx.snippets\n  - mdx_include\n",
    },
}


def article(body: str) -> str:
    return f"---\ntitle: Bench\nauthor: Bench Writer\npublish_date: 2025-03-01\n---\n\n{body}\n"


def timed(function, *args, limit: float) -> float | None:
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.process_time()  # CPU seconds: what the work costs, whatever else the machine is doing
    try:
        function(*args)
    except Overran:
        return None
    except Exception as error:  # a refusal (too deep, too long) is an answer too: say which, and time it
        print(f"      ({type(error).__name__}: {str(error)[:80]})")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.process_time() - start


def show(label: str, small: float | None, large: float | None) -> None:
    def seconds(value):
        return "   stopped" if value is None else f"{value:9.3f}s"

    ratio = f"{large / small:6.1f}×" if small and large else "      "
    flag = "  <-- super-linear" if (small and large and large / small > 8 and large > 0.2) or large is None else ""
    print(f"  {label:<16}{seconds(small)} {seconds(large)} {ratio}{flag}")


def import_one(work: Path, site: str, name: str, text: str, extra: dict[str, str] | None = None) -> None:
    from articles.importing import import_paths
    from articles.models import Article

    folder = Path(tempfile.mkdtemp(dir=work))
    for file, content in {**SITES[site], **(extra or {})}.items():
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / file).write_text(content)
    docs = folder / ("docs" if site == "mkdocs" else "content" if site == "hugo" else "")
    docs.mkdir(parents=True, exist_ok=True)
    (docs / name).write_text(text)
    report = import_paths([folder])
    problems = [error for result in report.files for error in result.errors]
    if problems:
        print(f"      (failed: {problems[0][:100]})")
    Article.objects.all().delete()


def include_bomb(site: str, depth: int, width: int = 8) -> dict[str, str]:
    """Files 0…depth in the site's own way of including a file: each includes the next `width` times."""
    way = {
        "mkdocs": ("snips/s{}.md", '--8<-- "snips/s{}.md"\n\n{{! snips/m{}.md !}}\n'),
        "hugo": ("inc/h{}.md", '{{{{< include file="inc/h{}.md" >}}}}\n\n'),
        "jekyll": ("_includes/j{}.html", "{{% include j{}.html %}}\n"),
    }
    name, line = way[site]
    files = {name.format(level): line.format(level + 1, level + 1) * width for level in range(depth)}
    files[name.format(depth)] = ""  # nothing: a bound on the text alone never stops the includes
    if site == "mkdocs":
        files.update({f"snips/m{level}.md": text for level, text in enumerate(files.values())})
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--only", default="", help="only the bodies whose name holds this")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a case is stopped")
    parser.add_argument("--no-import", action="store_true", help="time render_markdown() alone")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="folio-hostile-"))
    start_django(database_url=f"sqlite:///{work / 'bench.sqlite3'}", MEDIA_ROOT=str(work / "media"), LOG_LEVEL="ERROR")
    from django.core.management import call_command

    from articles.rendering import render_markdown

    call_command("migrate", verbosity=0)
    n, limit = args.n, args.limit
    print(f"n = {n:,}; times at n and 4n, and their ratio")
    for name, body in BODIES.items():
        if args.only not in name:
            continue
        small, large = body(n), body(4 * n)
        print(f"{name} ({len(large.encode()):,} bytes at 4n)")
        show(
            "render",
            timed(render_markdown, small, limit=limit),
            timed(render_markdown, large, limit=limit),
        )
        if args.no_import:
            continue
        for site in SITES:
            suffix = ".mdx" if name.startswith("mdx") else ".md"
            show(
                f"import: {site}",
                timed(import_one, work, site, f"a{suffix}", article(small), limit=limit),
                timed(import_one, work, site, f"a{suffix}", article(large), limit=limit),
            )
    if args.no_import or args.only not in "include bombs":
        return
    print("include bombs: files that include the next 8 times each; at depth 3 and 8 (8**8 copies of the last)")
    for site, line in {
        "mkdocs": '--8<-- "snips/s0.md"\n\n{! snips/m0.md !}\n',
        "hugo": '{{< include file="inc/h0.md" >}}\n',
        "jekyll": "{% include j0.html %}\n",
    }.items():
        show(
            f"import: {site}",
            timed(import_one, work, site, "a.md", article(line), include_bomb(site, 3), limit=limit),
            timed(import_one, work, site, "a.md", article(line), include_bomb(site, 8), limit=limit),
        )


if __name__ == "__main__":
    main()
