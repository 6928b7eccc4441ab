"""Where import files come from: read only inside the import root, within size limits, zip archives unpacked
with the same care, and what an MkDocs site's folders add to each page's front matter (`.meta.yml`)."""

import os
import stat
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from django.conf import settings

from . import permalinks
from .front_matter_reading import decode_text, read_front_matter
from .invalid_file import InvalidFile
from .real_paths import real_path
from .site_config import mkdocs_plugin_options
from .yaml_loading import load_yaml

# An archive holds a site's files, never more of them than this.
MAX_ARCHIVE_MEMBERS = 100_000
# Nor more bytes once unpacked: each file within its limit, a hundred thousand of them would fill a disk.
MAX_ARCHIVE_BYTES = 2 * 1024**3


def read_source(path: Path, *, root: Path, max_bytes: int) -> bytes:
    """A Markdown file's bytes, read only when its real path is inside `root` and it is a regular file
    no larger than `max_bytes`; InvalidFile says which rule it broke."""
    real, real_root = real_path(path), real_path(root)
    if not real.is_relative_to(real_root):
        raise InvalidFile(f"its real path {real} is outside the import root {real_root}; it was not read")
    try:
        _check_source(os.stat(real), max_bytes=max_bytes)
        # Checked again on what was opened, which may have changed since; a pipe must not block the run.
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as file:
            _check_source(os.fstat(fd), max_bytes=max_bytes)
            raw = file.read(max_bytes + 1)
    except OSError as error:
        raise InvalidFile(f"cannot read the file: {error.strerror or error}") from None
    if len(raw) > max_bytes:  # it grew while it was read
        raise InvalidFile(_too_big(len(raw), max_bytes=max_bytes))
    return raw


def _check_source(info: os.stat_result, *, max_bytes: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise InvalidFile("not a regular file; it was not read")
    if info.st_size > max_bytes:
        raise InvalidFile(_too_big(info.st_size, max_bytes=max_bytes))


def _too_big(size: int, *, max_bytes: int) -> str:
    return (
        f"the file is {size:,} bytes, over the import limit of {max_bytes:,} (--max-file-size or IMPORT_MAX_FILE_BYTES)"
    )


@contextmanager
def unpacked(archive: Path):
    """A .zip of Folio's export (or any folder of Markdown), unpacked into a temporary folder while in use.

    Refused whole, with InvalidFile, when a member would land outside the folder, is a link, is larger than
    a Markdown file or an image may be, or shares its name with another (one would silently replace the other).
    """
    limit = max(settings.IMPORT_MAX_FILE_BYTES, settings.IMAGE_UPLOAD_MAX_BYTES)
    try:
        with zipfile.ZipFile(archive) as source, tempfile.TemporaryDirectory(prefix="folio-import-") as folder:
            members = source.infolist()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                raise InvalidFile(f"{archive}: more than {MAX_ARCHIVE_MEMBERS:,} files in the archive")
            if sum(member.file_size for member in members) > MAX_ARCHIVE_BYTES:
                raise InvalidFile(_archive_too_big(archive))
            unpacked_bytes = 0
            names = set()
            for member in members:
                parts = PurePosixPath(member.filename).parts
                if member.filename.startswith(("/", "\\")) or ".." in parts or ":" in member.filename:
                    raise InvalidFile(f"{archive}: '{member.filename}' would be unpacked outside its folder")
                if stat.S_ISLNK(member.external_attr >> 16):
                    raise InvalidFile(f"{archive}: '{member.filename}' is a link; links are not unpacked")
                if member.file_size > limit:
                    raise InvalidFile(f"{archive}: '{member.filename}' is over {limit:,} bytes")
                if parts in names and not member.is_dir():
                    raise InvalidFile(
                        f"{archive}: '{member.filename}' is in the archive twice; it holds two files so named"
                    )
                names.add(parts)
            for member in members:
                target = Path(folder, *PurePosixPath(member.filename).parts)
                if member.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with source.open(member) as data:
                    content = data.read(limit + 1)
                if len(content) > limit:  # the size written in the archive was not the truth
                    raise InvalidFile(f"{archive}: '{member.filename}' is over {limit:,} bytes")
                unpacked_bytes += len(content)
                if unpacked_bytes > MAX_ARCHIVE_BYTES:  # nor were the sizes of the files before it
                    raise InvalidFile(_archive_too_big(archive))
                target.write_bytes(content)
            yield Path(folder)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise InvalidFile(f"{archive}: not a zip archive Folio can read ({error})") from None


def _archive_too_big(archive: Path) -> str:
    return f"{archive}: its files come to more than {MAX_ARCHIVE_BYTES:,} bytes unpacked; unpack it yourself"


# MkDocs Material's meta plugin, by the names mkdocs.yml may give it.
_META_PLUGINS = ("meta", "material/meta")


class SourcePage(NamedTuple):
    raw: bytes
    meta: dict  # its front matter over what its folders give it (folder_meta)
    body: str
    has_front_matter: bool
    inherited: dict  # what its folders give it


def read_page(path: Path, *, root: Path, max_bytes: int) -> SourcePage:
    """A Markdown file as the importer reads every page: its bytes (read_source), its front matter and body, and
    what its folders give it; InvalidFile says what is wrong."""
    raw = read_source(path, root=root, max_bytes=max_bytes)
    meta, body, has_front_matter = read_front_matter(raw)
    inherited = folder_meta(path, root=root, max_bytes=max_bytes)
    return SourcePage(raw, merged_meta(inherited, meta), body, has_front_matter, inherited)


def folder_meta(path: Path, *, root: Path, max_bytes: int) -> dict:
    """The front matter an MkDocs site's folders give the page at `path`: with Material's meta plugin on, each
    `.meta.yml` from the docs folder down to the page's own, merged in that order (the nearest winning); {} on
    any other site. InvalidFile names a meta file that cannot be read."""
    site = permalinks.site_of(path, root=root)
    name = _meta_file_name(site.config) if site.generator == "mkdocs" and site.root is not None else None
    if name is None:
        return {}
    docs, real = real_path(site.root / str(site.config.get("docs_dir") or "docs")), real_path(path)
    if not real.is_relative_to(docs):
        return {}
    inherited: dict = {}
    for folder in reversed([real.parent, *(parent for parent in real.parent.parents if parent.is_relative_to(docs))]):
        candidate = folder / name
        if candidate.is_file():
            inherited = merged_meta(inherited, _meta_file(candidate, root=root, max_bytes=max_bytes))
    return inherited


def _meta_file_name(config: dict) -> str | None:
    """The meta files' name when the meta plugin is on (`meta_file` is a pattern such as `**/.meta.yml`)."""
    options = mkdocs_plugin_options(config, *_META_PLUGINS)
    if options is None:
        return None
    pattern = options.get("meta_file")
    return PurePosixPath(pattern).name if isinstance(pattern, str) and pattern.strip() else ".meta.yml"


def _meta_file(path: Path, *, root: Path, max_bytes: int) -> dict:
    try:
        meta = load_yaml(decode_text(read_source(path, root=root, max_bytes=max_bytes)))
    except InvalidFile as error:
        raise InvalidFile(f"the folder's {path.name} ({path}): {error}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise InvalidFile(f"the folder's {path.name} ({path}) must be 'key: value' lines")
    return meta


def merged_meta(base: dict, over: dict) -> dict:
    """`over` merged into `base` as the meta plugin merges: mappings key by key, lists added to, any other value
    replaced."""
    result = dict(base)
    for key, value in over.items():
        if isinstance(result.get(key), dict) and isinstance(value, dict):
            result[key] = merged_meta(result[key], value)
        elif isinstance(result.get(key), list) and isinstance(value, list):
            result[key] = [*result[key], *(item for item in value if item not in result[key])]
        else:
            result[key] = value
    return result
