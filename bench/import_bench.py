"""How fast import_markdown is, against the floor of rendering the same files with markdown-it-py alone.

    .venv/bin/python bench/import_bench.py [--articles 10000] [--jobs N] [--tracemalloc] [--profile]

Generates the articles in a temporary folder, imports them into a fresh SQLite database with its own media
folder (nothing of the project's own database or media is touched), and prints articles per second, peak
memory and the ratio to the floor. It is a measurement, not a test: run it on a quiet machine.
"""

import argparse
import cProfile
import pstats
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate
from django_setup import start_django


def children_cpu() -> float:
    """CPU seconds of the finished worker processes (counted once they have exited)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


# The parts of an import worth telling apart, by the function that does each.
PROFILED = {
    "rendering Markdown (with highlighting)": "rendering.py:render_markdown",
    "highlighting code (Pygments)": "code.py:render_fence",
    "template tags (Liquid, shortcodes)": "generator_tags.py:convert_template_tags",
    "links between files": "import_links.py:rewrite",
    "recording revisions": "revisions.py:write",
    "storing images and renditions": "import_images.py:",
    "Article.save()": "models/articles.py:save",
}


def print_profile(profiler: cProfile.Profile) -> None:
    stats = pstats.Stats(profiler)
    total = max(cumulative for _, _, _, cumulative, _ in stats.stats.values())
    print(f"profile:     {total:.1f} s in all (profiled)")
    for label, where in PROFILED.items():
        file_part, _, function = where.partition(":")
        cumulative = max(
            (
                entry[3]
                for (filename, _, name), entry in stats.stats.items()
                if filename.endswith(file_part) and (not function or name == function)
            ),
            default=0.0,
        )
        print(f"             {label:42} {cumulative:6.1f} s  {cumulative / total:5.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="how many articles to generate (10000)")
    parser.add_argument(
        "--local-heroes",
        type=float,
        default=0.5,
        metavar="SHARE",
        help="the share of articles whose hero is a local image (0.5); the others point at a URL",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="worker processes reading and rendering (import_markdown's default)"
    )
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace Python allocations (slower; gives the Python peak)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile the import (slower) and print where its time goes"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="folio-bench-"))
    start_django(
        database_url=f"sqlite:///{work / 'bench.sqlite3'}", MEDIA_ROOT=str(work / "media"), LOG_LEVEL="WARNING"
    )
    from django.core.management import call_command
    from markdown_it import MarkdownIt

    from articles.import_workers import default_jobs
    from articles.importing import import_paths
    from articles.models import Article

    call_command("migrate", verbosity=0)
    content = work / "content"
    started = time.perf_counter()
    generate(content, args.articles, local_heroes=args.local_heroes)
    share = f"{args.local_heroes:.0%} with a local hero image"
    print(f"generated {args.articles} articles ({share}) in {time.perf_counter() - started:.1f} s ({content})")

    # The floor: markdown-it-py alone, reading and rendering the same files.
    md = MarkdownIt("commonmark").enable("table")
    started, cpu_started = time.perf_counter(), time.process_time()
    for path in sorted(content.glob("*.md")):
        md.render(path.read_text(encoding="utf-8"))
    floor, floor_cpu = time.perf_counter() - started, time.process_time() - cpu_started

    rss_before = peak_rss_mb()
    if args.tracemalloc:
        tracemalloc.start()
    started, cpu_started, workers_started = time.perf_counter(), time.process_time(), children_cpu()
    profiler = cProfile.Profile() if args.profile else None
    jobs = args.jobs or default_jobs()
    report = profiler.runcall(import_paths, [content], jobs=jobs) if profiler else import_paths([content], jobs=jobs)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    workers_cpu = children_cpu() - workers_started
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else None
    rss_after = peak_rss_mb()

    summary = report.summary
    assert summary["failed"] == 0, [r.as_dict() for r in report.files if r.errors][:3]
    assert Article.objects.count() == args.articles
    rate = args.articles / elapsed
    print(
        f"import:      {elapsed:6.1f} s wall, {cpu:6.1f} s CPU (+ {workers_cpu:.1f} s in workers), "
        f"{rate:,.0f} articles/s, --jobs {jobs}  {summary}"
    )
    print(
        f"floor:       {floor:6.1f} s wall, {floor_cpu:6.1f} s CPU, {args.articles / floor:,.0f} articles/s "
        "(reading and rendering the same files with markdown-it-py alone)"
    )
    print(f"ratio:       import takes {elapsed / floor:.1f}x the floor (wall), {cpu / floor_cpu:.1f}x (CPU)")
    print(f"             all processes' CPU: {(cpu + workers_cpu) / floor_cpu:.1f}x the floor's")
    print(f"peak memory: {rss_after:.0f} MB resident (was {rss_before:.0f} MB before the import)")
    if traced_peak is not None:
        print(f"             {traced_peak:.1f} MB peak of Python allocations during the import (tracemalloc)")
    if profiler:
        print_profile(profiler)
    print(f"(work folder {work} can be deleted)")


if __name__ == "__main__":
    main()
