"""The Python half of bench/serve.sh: load the articles, time the admin's article list, print the table.

    python bench/serve.py load --articles N [--loader import|fast] --out urls.json --paths paths.txt
    python bench/serve.py admin --base http://127.0.0.1:PORT
    python bench/serve.py save-unrelated --urls urls.json
    python bench/serve.py table WRK_DIR

Run with the bench site's environment (DATABASE_URL and the rest), which serve.sh sets.
"""

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import sys
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

# Bodies rendered once and shared by many rows in the fast loader.
DISTINCT_BODIES = 500
BATCH = 5_000


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()


def load_with_importer(count: int, work: Path) -> str:
    from articles.importing import import_paths

    content = work / "content"
    corpus.generate(content, count, local_heroes=0.0)
    report = import_paths([content])
    failed = [r.as_dict() for r in report.files if r.errors]
    if failed:
        raise SystemExit(f"import failed: {failed[:3]}")
    return f"bench/corpus.py files imported by import_markdown's importer ({report.summary})"


def load_fast(count: int) -> str:
    """Rows built like the importer's, but each distinct body is rendered once and rows are bulk-inserted."""
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, Author, CallToAction, Tag

    rng = random.Random(2025)
    with transaction.atomic():
        authors = [
            Author.objects.create(name=f"Writer {i}", slug=f"writer-{i}", bio=corpus.sentence(rng))
            for i in range(1, corpus.AUTHORS + 1)
        ]
        tags = Tag.objects.bulk_create(Tag(name=f"topic {t}", slug=f"topic-{t}") for t in range(corpus.TAGS))
        ctas = CallToAction.objects.bulk_create(
            CallToAction(name=f"cta {i}", text=f"Call to action number {i}: follow us.")
            for i in range(1, corpus.CALLS_TO_ACTION + 1)
        )
    rendered = []
    for n in range(DISTINCT_BODIES):
        sample = Article(body=corpus.body(n, rng))
        sample.refresh_rendering()  # the model's own rendering, as Article.save() runs it
        rendered.append(sample)
    epoch = datetime(2010, 1, 1, tzinfo=timezone.get_current_timezone())
    span = (datetime(2025, 12, 28, tzinfo=epoch.tzinfo) - epoch).total_seconds()
    through = Article.tags.through
    for start in range(0, count, BATCH):
        rows, tag_rows = [], []
        for n in range(start, min(start + BATCH, count)):
            source = rendered[n % DISTINCT_BODIES]
            title = f"Article {n}: {corpus.sentence(rng)[:60]}"
            subtitle, description = corpus.sentence(rng), corpus.sentence(rng)
            published = epoch + timedelta(seconds=rng.random() * span)
            rows.append(
                Article(
                    title=title,
                    slug=f"article-{n}",
                    subtitle=subtitle,
                    description=description,
                    author=rng.choice(authors),
                    body=source.body,
                    body_html=source.body_html,
                    toc=source.toc,
                    word_count=source.word_count,
                    read_time_minutes=source.read_time_minutes,
                    hero_image_url=f"https://example.org/hero/{n}.jpg",
                    call_to_action=rng.choice(ctas),
                    status=Article.Status.PUBLISHED,
                    publish_date=published,
                    created_date=published,
                    content_hash=hashlib.sha256(
                        "\x1f".join((title, subtitle, description, source.body)).encode()
                    ).hexdigest(),
                    version=1,
                )
            )
        with transaction.atomic():
            Article.objects.bulk_create(rows)
            for article in rows:
                for tag in rng.sample(tags, k=3):
                    tag_rows.append(through(article_id=article.pk, tag_id=tag.pk))
            # The database's triggers make each link's TagListing row.
            through.objects.bulk_create(tag_rows)
    return (
        f"fast loader: {DISTINCT_BODIES} distinct bodies rendered by Article.refresh_rendering(), "
        "rows bulk-inserted (no revisions recorded)"
    )


def cmd_load(args) -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article
    from articles.page_building import reader_paths
    from articles.planner_statistics import refresh_planner_statistics

    call_command("migrate", verbosity=0)
    loader = args.loader or ("import" if args.articles <= 10_000 else "fast")
    started = time.perf_counter()
    how = load_with_importer(args.articles, Path(args.work)) if loader == "import" else load_fast(args.articles)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:  # the importer does it at its end; the fast loader is not the importer
        refresh_planner_statistics()
    elapsed = time.perf_counter() - started
    total = Article.objects.count()
    # A published article with tags from the middle of the list, and its author and first tag.
    article = Article.objects.published().filter(tags__isnull=False).order_by("-publish_date", "-id")[total // 2]
    tag = article.tags.order_by("name").first()
    urls = {
        "home": "/",
        "article": article.get_absolute_url(),
        "feed": "/feed/",
        "tag": tag.get_absolute_url(),
        "author": article.author.get_absolute_url(),
    }
    Path(args.out).write_text(json.dumps(urls))
    # What a crawler walks: every page build_pages stores, in an order of its own so that no two requests in a
    # row share a list or an author.
    paths = list(reader_paths())
    random.Random(0).shuffle(paths)
    Path(args.paths).write_text("\n".join(paths) + "\n")
    print(f"loaded {total:,} articles in {elapsed:.0f} s: {how}; {len(paths):,} reader pages to crawl")


def cmd_save_unrelated(args) -> None:
    """Save, as an editor would, the newest article that the measured article, author and tag pages do not
    show (the newest is among the most pages' related articles), and say what the save did to the stored pages."""
    setup_django()
    from django.utils import timezone

    from articles.models import Article, PageDependency, StoredPage

    urls = json.loads(Path(args.urls).read_text())
    measured = [urls[name] for name in ("article", "author", "tag")]
    measured_article = Article.objects.get(slug=urls["article"].strip("/").split("/")[-1])
    keys = PageDependency.objects.filter(path__in=measured).values_list("key", flat=True)
    shown = {int(key.split(":")[1]) for key in keys if key.startswith(("article:", "related:"))}
    article = (
        Article.objects.published()
        .exclude(pk__in=shown)
        .exclude(author=measured_article.author)
        .exclude(tags__in=measured_article.tags.all())
        .order_by("-publish_date", "-id")
        .first()
    )
    fresh_before = dict(StoredPage.objects.values_list("path", "fresh_until"))
    related_to = PageDependency.objects.filter(key=f"related:{article.pk}").count()
    article.title += " (edited)"
    article.save()
    now = timezone.now()
    fresh_after = dict(StoredPage.objects.values_list("path", "fresh_until"))
    deleted = sorted(fresh_before.keys() - fresh_after.keys())
    stale = [path for path, until in fresh_after.items() if until <= now < fresh_before.get(path, now)]
    kept = all(path in fresh_after and fresh_after[path] > now for path in measured)
    print(
        f"saved {article.get_absolute_url()}, shown among the related articles of {related_to} pages: of "
        f"{len(fresh_before):,} stored pages it deleted {len(deleted)} {deleted[:12]}"
        f"{' …' if len(deleted) > 12 else ''}, marked {len(stale)} stale (served once more, then rebuilt), "
        f"left the rest fresh; the measured article, author and tag pages {'fresh' if kept else 'NOT fresh'}"
    )


def get(url: str, cookie: str = "") -> tuple[int, float, int]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        size = len(response.read())
        status = response.status
    return status, (time.perf_counter() - started) * 1000, size


def cmd_admin(args) -> None:
    """A superuser made for this run, signed in through a session, times a few GETs of the article list."""
    setup_django()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.create_superuser("bench-admin", "bench@example.org", None)
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
    )
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    pages = {
        "article list": "/admin/articles/article/",
        "page 50": "/admin/articles/article/?p=50",
        "state: published": "/admin/articles/article/?state=published",
        "a year (date drill-down)": "/admin/articles/article/?publish_date__year=2020",
        "an author": "/admin/articles/article/?author__id__exact=1",
        "a tag": "/admin/articles/article/?tags__id__exact=1",
        "search": "/admin/articles/article/?q=margins",
    }
    print(f"{'admin page':<26} {'median ms':>10} {'max ms':>8}  status")
    for name, path in pages.items():
        get(args.base + path, cookie)  # warm the worker
        timings, statuses = [], set()
        for _ in range(args.repeat):
            status, ms, _size = get(args.base + path, cookie)
            timings.append(ms)
            statuses.add(status)
        print(f"{name:<26} {statistics.median(timings):>10.1f} {max(timings):>8.1f}  {sorted(statuses)}")


def cmd_latency(args) -> None:
    """One reader at a time: the median and slowest of a few GETs of each page, with no queueing behind others."""
    urls = json.loads(Path(args.urls).read_text())
    cells = []
    for name, path in urls.items():
        get(args.base + path)
        timings = [get(args.base + path)[1] for _ in range(args.repeat)]
        cells.append(f"{name} {statistics.median(timings):.1f} ms (max {max(timings):.1f})")
    print("one connection, median of", args.repeat, "GETs:", "; ".join(cells))


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(text: str) -> dict:
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = sum(int(n) for n in socket.groups()) if socket else 0
    return {
        "rate": rate,
        "p50": p50,
        "p99": p99,
        "requests": requests,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "errors": errors,
    }


def cmd_table(args) -> None:
    """One row per wrk output file named <order>_<mode>_<page>.txt, with its rate against the static ceiling's
    and against the one-query Django view's."""
    runs = []
    for path in sorted(Path(args.wrk_dir).glob("*.txt")):
        _order, mode, page = path.stem.split("_", 2)
        runs.append((mode.replace("-", " "), page, parse_wrk(path.read_text()), connections_per_worker(path)))
    ceiling = next((r["rate"] for mode, _page, r, _split in runs if mode == "ceiling"), None)
    yardstick = next((r["rate"] for _mode, page, r, _split in runs if page == "one-query"), None)
    print(
        "| mode | page | requests/s | p50 | p99 | errors / non-2xx | of the ceiling | of the one-query view "
        "| connections per worker |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for mode, page, r, split in runs:
        ratio = f"{r['rate'] / ceiling:.1%}" if ceiling else "-"
        against = f"{r['rate'] / yardstick:.2f}×" if yardstick else "-"
        print(
            f"| {mode} | {page} | {r['rate']:,.0f} | {r['p50']:.1f} ms | {r['p99']:.1f} ms "
            f"| {r['errors']} / {r['non2xx']} | {ratio} | {against} | {split} |"
        )


def connections_per_worker(wrk_output: Path, workers: int = 2) -> str:
    """wrk's connections held by each gunicorn worker a second into the run (serve.sh's count), most first; a
    worker holding none counts as 0. "-" where the run did not ask gunicorn directly."""
    counted = wrk_output.with_suffix(".workers")
    if not counted.exists() or not counted.read_text().strip():
        return "-"
    counts = [int(n) for n in counted.read_text().strip().split("/")]
    counts += [0] * (workers - len(counts))
    return " / ".join(str(n) for n in counts)


def cmd_soak(args) -> None:
    r = parse_wrk(Path(args.file).read_text())
    verdict = "ok" if r["errors"] == 0 and r["non2xx"] == 0 else "FAILED"
    print(
        f"{r['requests']:,} requests, {r['rate']:,.0f}/s, p99 {r['p99']:.1f} ms, "
        f"socket errors {r['errors']}, non-2xx {r['non2xx']}: {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load")
    load.add_argument("--articles", type=int, default=10_000)
    load.add_argument("--loader", choices=["import", "fast"])
    load.add_argument("--work", required=True)
    load.add_argument("--out", required=True)
    load.add_argument("--paths", required=True, help="file to write every reader page's path into, for the crawl")
    load.set_defaults(run=cmd_load)
    admin = commands.add_parser("admin")
    admin.add_argument("--base", required=True)
    admin.add_argument("--repeat", type=int, default=5)
    admin.set_defaults(run=cmd_admin)
    latency = commands.add_parser("latency")
    latency.add_argument("--base", required=True)
    latency.add_argument("--urls", required=True)
    latency.add_argument("--repeat", type=int, default=20)
    latency.set_defaults(run=cmd_latency)
    save = commands.add_parser("save-unrelated")
    save.add_argument("--urls", required=True)
    save.set_defaults(run=cmd_save_unrelated)
    table = commands.add_parser("table")
    table.add_argument("wrk_dir")
    table.set_defaults(run=cmd_table)
    soak = commands.add_parser("soak")
    soak.add_argument("file")
    soak.set_defaults(run=cmd_soak)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
