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

import contextlib
import fcntl
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing.connection import Connection
from pathlib import Path

from django.conf import settings

from . import mdx
from .frontmatter import FrontMatter, fill_title, normalize
from .import_sources import read_page
from .real_paths import kept_for_run, real_path
from .rendering import Rendered, removed_by_sanitiser, render_markdown
from .site_finding import find_site

# Below this many files a pool costs more to start (a second or so per process) than it saves.
PARALLEL_MIN_FILES = 200
CHUNK_FILES = 16
RESULTS_PIPE_BYTES = 1 << 20
CHUNKS_PER_WORKER = 8  # in flight at once: enough to keep every worker busy, few enough to bound memory
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
    meta: dict  # the folders' front matter (import_sources.folder_meta) merged in
    body: str
    has_front_matter: bool
    inherited: dict = field(default_factory=dict)  # the folders' front matter alone
    fm: FrontMatter | None = None  # the front matter normalised, its title filled in: `titled` is the body then
    titled: str = ""
    text: str | None = None
    rendered: Rendered | None = None
    removed: list[str] | None = None  # what sanitising takes out of `text` (rendering.removed_by_sanitiser)

    def rendering_of(self, body: str) -> Rendered | None:
        return self.rendered if body == self.text else None


def default_jobs() -> int:
    """The CPUs this process may run on (os.cpu_count() counts the machine's, which a container may not have)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def prepare(path: Path, *, root: Path, max_bytes: int, site_start: Path | None = None) -> Prepared | None:
    """Read one file and render its body; None when it cannot be read (the importing process says why)."""
    try:
        page = read_page(path, root=root, max_bytes=max_bytes)
    except Exception:  # reported by the importing process, which reads the file again
        return None
    meta, body = page.meta, page.body
    prepared = Prepared(
        raw=page.raw, meta=meta, body=body, has_front_matter=page.has_front_matter, inherited=page.inherited
    )
    try:
        generator = _generator(site_start or root)
        fm = normalize(meta, path=path, generator=generator)
        text = fill_title(fm, body, path=path, generator=generator)
    except Exception:  # a file that fails does so in the importing process, with its message
        return prepared
    prepared.fm, prepared.titled = fm, text
    try:
        if path.suffix.lower() == ".mdx":
            text = mdx.to_markdown(text, warnings=[])
        rendered = render_markdown(text)
    except Exception:  # a file that fails does so in the importing process, with its message
        return prepared
    if "<img" not in rendered.html:
        prepared.text, prepared.rendered, prepared.removed = text, rendered, removed_by_sanitiser(text)
    return prepared


@lru_cache(maxsize=64)
def _generator(start: Path) -> str:
    """The generator of the site found from `start`, as the importing process finds it (RunSites.site)."""
    return find_site(start).generator


def _prepare_chunk(
    chunk: list[tuple[Path, Path | None]], max_bytes: int, site_starts: dict[Path, Path]
) -> list[Prepared | None]:
    return [
        None
        if root is None
        else prepare(path, root=root, max_bytes=max_bytes, site_start=site_starts.get(real_path(root)))
        for path, root in chunk
    ]


def _serve(tasks: Connection, results: Connection, values: dict) -> None:
    """A worker: prepare each chunk it is sent, until the importing process says stop or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the importing process, which stops this one
    import django

    django.setup()
    for name, value in values.items():
        setattr(settings, name, value)
    try:
        with kept_for_run():  # a worker serves one import run
            while (task := tasks.recv()) is not None:
                results.send(_prepare_chunk(*task))
    except (EOFError, OSError):  # the importing process has gone
        pass


def _widen(results: Connection) -> None:
    """Let a worker's results pipe hold a few chunks' results (Linux: up to fs.pipe-max-size, 1 MiB by default,
    where a pipe holds 64 KiB): a worker then renders on while this process writes a batch, instead of waiting
    for it to read."""
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        with contextlib.suppress(OSError):
            fcntl.fcntl(results.fileno(), fcntl.F_SETPIPE_SZ, RESULTS_PIPE_BYTES)


class _Workers:
    """Worker processes, each with a pipe of its own: chunk i goes to worker i % n, and each answers its chunks in
    the order it got them, so the results come back in order with no thread to collect them (a thread would
    compete with the importing process's own work for its GIL).

    A result may be larger than a pipe holds (its pipe is widened where the system allows: _widen), and then a
    worker's send waits until this process reads it: collect() takes in whatever has arrived, between files, so
    that workers keep working ahead instead of waiting on the pipe.
    """

    def __init__(self, count: int) -> None:
        context = multiprocessing.get_context("spawn")
        values = {name: getattr(settings, name) for name in WORKER_SETTINGS}
        self.connections: list[Connection | None] = []
        self.received: list[deque[list]] = [deque() for _ in range(count)]
        self.processes = []
        self.tasks: list[Connection] = []
        for _ in range(count):
            task_reader, task_writer = context.Pipe(duplex=False)
            result_reader, result_writer = context.Pipe(duplex=False)
            _widen(result_writer)
            process = context.Process(target=_serve, args=(task_reader, result_writer, values), daemon=True)
            process.start()
            task_reader.close()
            result_writer.close()  # so that this end sees the pipe close if the worker dies
            self.tasks.append(task_writer)
            self.connections.append(result_reader)
            self.processes.append(process)

    def send(self, number: int, task: tuple) -> None:
        at = number % len(self.connections)
        if self.connections[at] is not None:
            try:
                self.tasks[at].send(task)
            except OSError:
                self.connections[at] = None

    def receive(self, number: int) -> list | None:
        """Chunk `number`'s results, or None when its worker is gone (the importing process then reads it)."""
        at = number % len(self.connections)
        if self.received[at]:
            return self.received[at].popleft()
        if self.connections[at] is None:
            return None
        try:
            return self.connections[at].recv()
        except (EOFError, OSError):
            self.connections[at] = None
            return None

    def collect(self) -> None:
        """Take in every result already sent, without waiting for any."""
        for at, connection in enumerate(self.connections):
            try:
                while connection is not None and connection.poll():
                    self.received[at].append(connection.recv())
            except (EOFError, OSError):
                self.connections[at] = None

    def stop(self) -> None:
        for tasks, results in zip(self.tasks, self.connections, strict=True):
            with contextlib.suppress(OSError):
                tasks.send(None)
            tasks.close()
            if results is not None:
                results.close()
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()


def prepared_files(
    files: Iterable[tuple[Path, Path | None]], *, jobs: int, max_bytes: int, site_starts: dict[Path, Path] | None = None
) -> Iterator[tuple[Path, Path | None, Prepared | None]]:
    """Each (file, root) with what a worker made of it, in the order given; None for each when `jobs` is 1.

    `jobs` counts the processes at work: this one, which writes, and `jobs - 1` workers reading and rendering.
    """
    files = list(files)
    if jobs <= 1 or len(files) < PARALLEL_MIN_FILES:
        for path, root in files:
            yield path, root, None
        return
    chunks = [files[start : start + CHUNK_FILES] for start in range(0, len(files), CHUNK_FILES)]
    ahead = (jobs - 1) * CHUNKS_PER_WORKER  # task messages are small: sending this many never waits on a worker
    workers = _Workers(jobs - 1)
    try:
        for number in range(min(ahead, len(chunks))):
            workers.send(number, (chunks[number], max_bytes, site_starts or {}))
        for number, chunk in enumerate(chunks):
            results = workers.receive(number)
            if number + ahead < len(chunks):
                workers.send(number + ahead, (chunks[number + ahead], max_bytes, site_starts or {}))
            for (path, root), prepared in zip(chunk, results or [None] * len(chunk), strict=True):
                yield path, root, prepared
                workers.collect()
    finally:
        workers.stop()
