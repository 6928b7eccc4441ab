"""Reading and rendering import files in worker processes, while the importing process writes the articles.

A worker does what depends on one file alone: reading it, its front matter, and rendering its body as it
would be stored if nothing else changed it. The importing process does everything that depends on the run
(slugs, template tags, links between files, images, the database), and uses a worker's rendering only when
the body it ends with is exactly the text the worker rendered. A rendering with an image in it is not sent:
an image's markup depends on the images stored, which only the importing process knows. So every stored
body is the same whichever process rendered it.

Files go out in chunks and come back in order, with only a few chunks in flight, so memory stays bounded
however many files there are. Workers are started with "spawn", which is safe with Django (nothing of the
importing process's connections or state is inherited), and ignore Ctrl+C: the importing process stops
them when it stops.
"""

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from . import mdx
from .frontmatter import fill_title, normalize, read_front_matter
from .import_sources import read_source
from .rendering import Rendered, removed_by_sanitiser, render_markdown

# Below this many files a pool costs more to start (a second or so per process) than it saves.
PARALLEL_MIN_FILES = 200
CHUNK_FILES = 16
CHUNKS_PER_WORKER = 4  # in flight at once: enough to keep every worker busy, few enough to bound memory
# What reading and rendering read from the settings: a worker gets the importing process's values.
WORKER_SETTINGS = (
    "TIME_ZONE",
    "USE_TZ",
    "LANGUAGE_CODE",
    "IMPORT_MAX_FILE_BYTES",
    "IMPORT_MAX_FRONT_MATTER_BYTES",
    "IMAGE_UPLOAD_MAX_BYTES",
)


@dataclass
class Prepared:
    """A file as read, and perhaps its body's rendering (`text` is the body rendered)."""

    raw: bytes
    meta: dict
    body: str
    has_front_matter: bool
    text: str | None = None
    rendered: Rendered | None = None
    removed: list[str] | None = None  # what sanitising takes out of `text` (rendering.removed_by_sanitiser)

    def rendering_of(self, body: str) -> Rendered | None:
        return self.rendered if body == self.text else None


def default_jobs() -> int:
    return os.cpu_count() or 1


def prepare(path: Path, *, root: Path, max_bytes: int) -> Prepared | None:
    """Read one file and render its body; None when it cannot be read (the importing process says why)."""
    try:
        raw = read_source(path, root=root, max_bytes=max_bytes)
        meta, body, has_front_matter = read_front_matter(raw)
    except Exception:  # reported by the importing process, which reads the file again
        return None
    prepared = Prepared(raw=raw, meta=meta, body=body, has_front_matter=has_front_matter)
    try:
        text = fill_title(normalize(meta, path=path), body, path=path)
        if path.suffix.lower() == ".mdx":
            text = mdx.to_markdown(text, warnings=[])
        rendered = render_markdown(text)
    except Exception:  # a file that fails does so in the importing process, with its message
        return prepared
    if "<img" not in rendered.html:
        prepared.text, prepared.rendered, prepared.removed = text, rendered, removed_by_sanitiser(text)
    return prepared


def _prepare_chunk(chunk: list[tuple[Path, Path | None]], max_bytes: int) -> list[Prepared | None]:
    return [None if root is None else prepare(path, root=root, max_bytes=max_bytes) for path, root in chunk]


def _start_worker(values: dict) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import django

    django.setup()
    for name, value in values.items():
        setattr(settings, name, value)


def prepared_files(
    files: Iterable[tuple[Path, Path | None]], *, jobs: int, max_bytes: int
) -> Iterator[tuple[Path, Path | None, Prepared | None]]:
    """Each (file, root) with what a worker made of it, in the order given; None for each when `jobs` is 1."""
    files = list(files)
    if jobs <= 1 or len(files) < PARALLEL_MIN_FILES:
        for path, root in files:
            yield path, root, None
        return
    values = {name: getattr(settings, name) for name in WORKER_SETTINGS}
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(values,),
    )
    chunks = (files[start : start + CHUNK_FILES] for start in range(0, len(files), CHUNK_FILES))
    in_flight: deque[tuple[list, Future]] = deque()
    try:
        for chunk in chunks:
            in_flight.append((chunk, pool.submit(_prepare_chunk, chunk, max_bytes)))
            if len(in_flight) >= jobs * CHUNKS_PER_WORKER:
                yield from _finished(*in_flight.popleft())
        while in_flight:
            yield from _finished(*in_flight.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _finished(chunk: list[tuple[Path, Path | None]], future: Future):
    for (path, root), prepared in zip(chunk, future.result(), strict=True):
        yield path, root, prepared
