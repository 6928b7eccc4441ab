"""Jinja2 against Django's template language on the reader's pages: the same context, the same HTML, timed.

    python bench/template_engines.py [--articles 2000] [--repeat 300]

Loads generated articles with serve.py's fast loader into a temporary SQLite file (the measured article with a
translation, a revision, quotes in its title and an author with profiles), requests the home, article,
author, tag and search pages through Django's WSGI handler and every middleware (stored pages off), and keeps
the context each view hands its TemplateResponse. Each context is then rendered by the product's Jinja2
template and by its translation to Django's template language in bench/dtl_templates/ (tags in
bench/dtl_tags.py), both through their Django backends with the same context processors, as a response
renders. The two outputs must be the same HTML (whitespace between tags aside) or the script stops with a
diff. It prints each engine's median render time, their ratio, and the whole page's median time (built on
every request, as bench/page_profile.py measures it) for scale. A measurement, not a test.
"""

import argparse
import atexit
import difflib
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import reader_pages, start_generated_site, wsgi_get

BENCH = Path(__file__).resolve().parent

SEARCH_WORDS = "margin"


def normalised(html: str) -> str:
    """Whitespace between tags removed; markupsafe's &#34; and &#39; spelt as Django's escape() spells them."""
    html = html.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
    return re.sub(r">\s+<", "><", html.strip())


def django_templates():
    """A DjangoTemplates backend over bench/dtl_templates, configured as the product's Jinja2 one is."""
    from django.conf import settings
    from django.template.backends.django import DjangoTemplates

    jinja_options = settings.TEMPLATES[0]["OPTIONS"]
    return DjangoTemplates(
        {
            "NAME": "dtl",
            "DIRS": [BENCH / "dtl_templates"],
            "APP_DIRS": False,
            "OPTIONS": {
                "context_processors": jinja_options["context_processors"],
                "libraries": {"folio_bench": "dtl_tags"},
                "builtins": ["dtl_tags", "django.templatetags.static"],
            },
        }
    )


def page_contexts(app, pages: dict[str, str]) -> dict[str, tuple[str, dict, object]]:
    """Each page's template name, context and request, as its view gave them to its TemplateResponse."""
    from django.template.response import SimpleTemplateResponse

    rendered_content = SimpleTemplateResponse.rendered_content
    kept = {}

    def keep(response):
        names = response.template_name
        name = names if isinstance(names, str) else names[0]
        kept["page"] = (name, response.resolve_context(response.context_data), response._request)
        return rendered_content.fget(response)

    contexts = {}
    with mock.patch.object(SimpleTemplateResponse, "rendered_content", property(keep)):
        for page, path in pages.items():
            status, _ = wsgi_get(app, path)
            assert status.startswith("200"), (path, status)
            contexts[page] = kept.pop("page")
    return contexts


def dress(article) -> None:
    """The measured article as a full page: a translation, a later revision, quotes in its title (escaping),
    an author with a website and a profile (their page's links and the article's JSON-LD)."""
    from articles.models import Article, Author

    other = Article.objects.published().exclude(author_id=article.author_id).order_by("id").first()
    Article.objects.filter(pk=other.pk).update(language="fr")
    article.translations.add(other)
    Article.objects.filter(pk=article.pk).update(
        title=f"{article.title[:40]} \"quoted\" & 'apostrophes' <tags>",
        revised_at=article.publish_date + timedelta(days=3),
    )
    Author.objects.filter(pk=article.author_id).update(
        website="https://example.org/writer", social_links={"mastodon": "https://example.social/@writer"}
    )


def median_ms(timings: list[float]) -> float:
    return statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="folio-templates-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    article = start_generated_site(work, articles=args.articles)
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.template import engines

    dress(article)
    pages = {
        **reader_pages(article),
        "search": f"/search/?q={SEARCH_WORDS}",
    }
    app = WSGIHandler()
    contexts = page_contexts(app, pages)
    jinja, dtl = engines["jinja2"], django_templates()

    # Equal output first: the comparison is of two ways to print the same page.
    templates = {}
    for page, (name, context, request) in contexts.items():
        templates[page] = jinja.get_template(name), dtl.get_template(name)
        outputs = [normalised(t.render(context, request)) for t in templates[page]]
        if outputs[0] != outputs[1]:
            print(f"{page}: the two engines' HTML differs ({name}):")
            split = [re.sub(r"><", ">\n<", html).splitlines() for html in outputs]
            diff = difflib.unified_diff(*split, "jinja2", "dtl", lineterm="", n=1)
            print("\n".join(list(diff)[:40]))
            sys.exit(1)
    print(f"the same HTML from both engines on {len(contexts)} pages (whitespace between tags aside)")

    queries, render_queries = [], 0

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    print(f"{args.articles:,} articles; medians of {args.repeat} turns, each rendering the page's own context with")
    print("each engine and building the whole page once (Jinja2, every middleware), in a rotating order:")
    print(
        f"  {'page':<8} {'Jinja2':>8} {'DTL':>8} {'DTL/Jinja2':>10} {'whole page':>10} "
        f"{'Jinja2 of page':>14} {'DTL-Jinja2 of page':>18}"
    )
    for page, (_, context, request) in contexts.items():
        steps = (
            (templates[page][0].render, context, request),
            (templates[page][1].render, context, request),
            (wsgi_get, app, pages[page]),
        )
        timings = ([], [], [])
        with connection.execute_wrapper(count):
            for turn in range(20 + args.repeat):
                # Each step goes first in turn, so that none always follows another or meets the same noise.
                for step in (0, 1, 2, 0, 1)[turn % 3 : turn % 3 + 3]:
                    function, *arguments = steps[step]
                    ran, started = len(queries), time.perf_counter()
                    function(*arguments)
                    elapsed = time.perf_counter() - started
                    render_queries += (len(queries) - ran) if step < 2 else 0
                    if turn >= 20:
                        timings[step].append(elapsed)
        jinja_ms, dtl_ms, page_ms = (median_ms(t) for t in timings)
        print(
            f"  {page:<8} {jinja_ms:6.3f}ms {dtl_ms:6.3f}ms {dtl_ms / jinja_ms:9.2f}x {page_ms:8.2f}ms "
            f"{jinja_ms / page_ms:14.1%} {(dtl_ms - jinja_ms) / page_ms:18.1%}"
        )
    print(f"SQL queries run by the renders themselves: {render_queries} (each context is read once, before timing)")


if __name__ == "__main__":
    main()
