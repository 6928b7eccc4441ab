"""The images an imported file refers to: found, checked by Pillow and stored once (by content hash).

Relative references are read only from inside the import root; root-relative ones (`/hero.jpg`) only
from `--public-dir`. Remote images stay as addresses unless downloads are asked for. Only http, https
and relative references are accepted: anything else is refused for a hero image and dropped in the body.

A download goes only to public addresses: a file being imported must not make the server send requests to
itself or its network (a database, a cache, a cloud metadata service). The host is resolved, refused if
any of its addresses is private or local, and the connection is made to an address that was checked, so a
name that resolves differently a moment later changes nothing; every redirect is a new connection, checked
the same way. IMPORT_DOWNLOAD_PRIVATE_ADDRESSES turns this off, for a trusted network.
"""

import bisect
import html
import http.client
import ipaddress
import os
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .images import ImageNotStored, ImageRejected, check_image, check_size, store_image
from .invalid_file import InvalidFile, with_outcome
from .markdown_in_html import markdown_in_html_plugin
from .page_names import FOLDER_PAGES
from .shortcodes import video_page
from .tabbed import tabbed_plugin

IMAGE = re.compile(
    r"!\[[^\]\n]*\]\(\s*(?P<src><[^>\n]*>|(?:[^\s()]|\([^\s()]*\))+)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
# Where an image's alt text ends; every `![` before the same end shares it (see image_matches).
_ALT_END = re.compile(r"[\]\n]")
_IMAGE_START = re.compile(r"!\[")
WEB_SCHEMES = ("http", "https")
DOWNLOAD_TIMEOUT = 10.0


def block_parser(**options) -> MarkdownIt:
    """A parser that finds blocks as the renderer does: the Markdown it reads indented (admonitions, content tabs,
    footnotes, definitions) is not a code block here either, and the Markdown inside an HTML block marked
    `markdown` (Material's `<figure markdown>` around an image) is Markdown, so the images and links in it are the
    site's own."""
    return (
        MarkdownIt("commonmark", options)
        .enable("table")
        .use(admon_plugin)
        .use(tabbed_plugin)
        .use(footnote_plugin)
        .use(deflist_plugin)
        .use(markdown_in_html_plugin)
    )


# store_labels: a reference image's token names the definition that gives its address.
_image_finder = block_parser(store_labels=True)
# Find every image Markdown would parse, including those with addresses markdown-it refuses to link.
_image_finder.validateLink = lambda url: True
# A link reference definition as written, from its label to its destination, which may be on the next line.
REFERENCE_DEFINITION = re.compile(r"\[(?:\\.|[^\\\[\]])+\]:[ \t]*(?:\n[ \t>]*)?(?P<dest><[^>\n]*>|\S+)")


class DownloadFailed(Exception):
    pass


class PrivateAddress(DownloadFailed):
    """The address a download would go to is not a public one."""


# Where themes that take a hero by its file name alone keep their pictures, in the public folder.
PICTURE_FOLDERS = ("assets/img", "assets/images", "images", "img")


@dataclass
class ImageOptions:
    """What the whole run shares: where images may come from, and what was already fetched."""

    root: Path
    public_dir: Path | None = None
    # The path the old site was served under (Jekyll's baseurl, /blog), which its site-root paths start with.
    base_path: str = ""
    # The hosts the old site was served from: an image at one of them is the public folder's file when it is there.
    own_hosts: frozenset[str] = frozenset()
    # Gatsby's (gatsby-remark-images') rule: an image path, `/image.jpg` too, is the Markdown file's folder's
    # file when there is one; only then is it a site-root path.
    root_paths_beside_file: bool = False
    # Hugo's assets folder, where themes' image hooks (LoveIt's, Blowfish's) find a site-root image static/ lacks.
    assets_dir: Path | None = None
    # A Hugo site's themes' static folders, which Hugo serves under the site's own, in its order: a site-root path
    # is the public folder's file, else the first of these that holds it.
    theme_dirs: tuple[Path, ...] = ()
    download: bool = False
    timeout: float = DOWNLOAD_TIMEOUT
    dry_run: bool = False
    downloads: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    # Local files already read in this run: (storage name, problem), so a shared image is checked once.
    files: dict[Path, tuple[str | None, str | None]] = field(default_factory=dict)
    # The import root and public folder as resolved, once per run rather than once per file.
    resolved: dict[Path, Path] = field(default_factory=dict)

    def resolve(self, folder: Path) -> Path:
        if folder not in self.resolved:
            self.resolved[folder] = folder.resolve()
        return self.resolved[folder]


class FileImages:
    """The images of one file; problems become warnings on that file."""

    def __init__(self, *, source: Path, options: ImageOptions, warnings: list[str], page_address: str | None = None):
        self.folder = source.absolute().parent
        # Where the old site published the page (`/walk/`), whose files Hugo's page bundles and Jekyll's
        # jekyll-postfiles serve beside it.
        self.page_address = page_address
        # Generators with directory addresses (Hugo, MkDocs, Eleventy, Jekyll's "pretty") serve `post.md` at
        # `post/`, where a browser resolves the addresses the generator leaves alone, raw HTML's above all.
        self.page_folder = None if source.stem.lower() in FOLDER_PAGES else self.folder / source.stem
        self.options = options
        self.root = options.resolve(options.root)
        self.public = options.resolve(options.public_dir) if options.public_dir else None
        # Where site-root paths are looked up, the site's own folder first.
        own = [self.public] if self.public is not None else []
        self.publics = own + [theme for theme in map(options.resolve, options.theme_dirs) if theme not in own]
        self.warnings = warnings
        self.local: dict[Path, str | None] = {}
        self.problems: dict[Path, str] = {}  # why an image in `local` could not be used

    def hero(self, reference: str, *, key: str = "heroImage") -> tuple[str, str]:
        """(storage name, address) for a hero image: one of them is set, or neither after a warning naming `key`,
        the front-matter key it was given by."""
        if not reference:
            return "", ""
        written, reference = reference, with_scheme(reference)
        kind = classify(reference)
        if kind == "refused":
            raise InvalidFile(f"{key}: '{written}' is not allowed; use an http(s) address or a path to an image file")
        if kind == "remote" and (own := self._own_file(reference)):
            reference, kind = own, "local"
        if kind == "remote":
            if self.options.download:
                name = self.download(reference, label=key)
                if name is not None:
                    return name, ""
            return "", reference
        reference = self._from_site_root(reference)
        name = self.store(reference, label=key, outcome="imported without a hero image")
        return name or "", ""

    def rewrite(self, body: str) -> str:
        """Point image references at their stored copies; drop refused ones; leave everything else as written."""

        def new_address(written: str) -> str | None:
            reference = with_scheme(written)
            if page := written_video_page(reference):  # jekyll-spaceship's way of showing a video
                return Instead(f"[{page[1]}]({page[0]})")
            kind = classify(reference)
            if kind == "refused":
                self.warnings.append(
                    f"image '{_short(written)}' is not allowed (only http, https and relative addresses); dropped"
                )
                return DROP
            if kind == "anchor":
                return None
            if kind == "remote" and (own := self._own_file(reference)):
                name = self.store(own, label="image", outcome="left as written")
            elif kind == "remote":
                name = self.download(reference, label="image") if self.options.download else None
            else:
                name = self.store(reference, label="image", outcome="left as written")
            if name:
                return default_storage.url(name)
            return reference if reference != written else None  # a scheme written in, or left as written

        return replace_html_images(replace_images(body, new_address), new_address)

    def store(self, reference: str, *, label: str, outcome: str) -> str | None:
        """The storage name for a local image, or None with a warning when it cannot be used."""
        path = unquote(urlsplit(reference).path)
        beside_file = self.options.root_paths_beside_file and path.startswith("/")
        if beside_file and real_path(self.folder / path.lstrip("/")).is_file():
            path = path.lstrip("/")
        asset = self._asset(path) if path.startswith("/") else None
        if asset is not None:
            base, allowed, where = asset.parent, asset.parent, "the assets folder"
            path = asset.name
        elif path.startswith("/") and (beside := self._at_page_address(path)) is not None:
            base, allowed, where = self.folder, self.folder, "the import folder"
            path = beside
        elif path.startswith("/"):
            if not self.publics:
                not_beside = "is not beside the file and " if beside_file else ""
                self.warnings.append(
                    f"{label} '{reference}' {not_beside}is a site-root path; give --public-dir to import it; {outcome}"
                )
                return None
            found = self._public_file(path)
            base = found[0] if found else self.publics[0]
            allowed, where = base, "the public folder"
            path = self._under_base(path).lstrip("/")
        else:
            base, allowed, where = self.folder, self.root, "the import folder"
        target = real_path(base / path)
        if base == self.folder and self.page_folder and not (target.is_file() and target.is_relative_to(allowed)):
            beside_page = real_path(self.page_folder / path)
            if beside_page.is_file():
                target = beside_page
        if base == self.folder and not target.is_file() and (from_root := self._from_root(path)) is not None:
            target, allowed = from_root, from_root.parent
        if target in self.local:
            # Used again (a hero image shown in the body too): each use is told what became of it.
            if target in self.problems:
                self._warn(with_outcome(f"{label} '{reference}' {self.problems[target]}", outcome))
            return self.local[target]
        self.local[target] = None
        problem = None
        if not target.is_relative_to(allowed):
            problem = f"is outside {where}"
        elif target.is_dir():
            problem = "is a folder, not an image"
        elif not target.is_file():
            problem = "was not found"
        elif target in self.options.files:
            self.local[target], problem = self.options.files[target]
        else:
            try:
                check_size(target.stat().st_size)  # before reading: a file of gigabytes named .png is no image
                self.local[target] = self.keep(target.read_bytes(), name=target.name)
            except ImageRejected as error:
                problem = f"was refused: {error}"
            except ImageNotStored:
                raise  # not this file's problem: the storage fails alike for every image, and stops the import
            except OSError as error:
                problem = f"cannot be read: {error.strerror or error}"
            self.options.files[target] = (self.local[target], problem)
        if problem:
            self.problems[target] = problem
            self._warn(with_outcome(f"{label} '{reference}' {problem}", outcome))
        return self.local[target]

    def _warn(self, warning: str) -> None:
        if warning not in self.warnings:  # an image shown twice in the body is one problem
            self.warnings.append(warning)

    def _from_site_root(self, reference: str) -> str:
        """A front-matter path that is not beside the file, as a site-root path when the public folder holds it:
        themes (Jekyll's Mediumish: `image: assets/images/1.jpg`) put the site's address before it, not the page's."""
        path = unquote(urlsplit(reference).path)
        if path.startswith("/") or not self.publics:
            return reference
        beside = [self.folder, self.page_folder] if self.page_folder else [self.folder]
        if any(real_path(folder / path).is_file() for folder in beside):
            return reference
        if self._public_file("/" + path):
            return "/" + reference
        if "/" not in path:
            # A file name alone: themes that keep their pictures in one folder put it before the name (Flexible
            # Jekyll's `img: tide.jpg` is assets/img/tide.jpg).
            for folder in PICTURE_FOLDERS:
                if self._public_file(f"/{folder}/{path}"):
                    return f"/{folder}/{reference}"
        return reference

    def _at_page_address(self, path: str) -> str | None:
        """The path, beside the file, of a site-root path under the page's own address that the public folder lacks:
        a Hugo page bundle's `/walk/map.png`, or a Jekyll post folder's that jekyll-postfiles copies to the post's
        address. None for any other path."""
        address = self.page_address
        if not address or not address.endswith("/"):
            return None
        if self._public_file(path):
            return None
        # Either may be written with the path the site was served under, or without it.
        base = self.options.base_path

        def unbased(written: str) -> str:
            return written[len(base) :] if base and written.startswith(f"{base}/") else written

        own, path = unbased(address), unbased(path)
        if own == "/" or not path.startswith(own) or not real_path(self.folder / path[len(own) :]).is_file():
            return None
        return path[len(own) :]

    def _from_root(self, path: str) -> Path | None:
        """The public (or assets) folder's file for a relative path that is neither beside the file nor beside its
        page, read from the site's root: themes that pass an image's path through Hugo's absURL or relURL, or
        Jekyll's relative_url, show `../images/a.png` and `images/a.png` as `/images/a.png`."""
        if not self.publics and self.options.assets_dir is None:
            return None
        rooted = "/" + re.sub(r"^(?:\.{1,2}/)+", "", path)
        if rooted == "/":
            return None
        found = self._public_file(rooted)
        return found[1] if found else self._asset(rooted)

    def _asset(self, path: str) -> Path | None:
        """The assets folder's file for a site-root path the public folder does not have."""
        if self.options.assets_dir is None:
            return None
        if self._public_file(path):
            return None
        assets = self.options.resolve(self.options.assets_dir)
        target = real_path(assets / path.lstrip("/"))
        return target if target.is_file() and target.is_relative_to(assets) else None

    def _own_file(self, url: str) -> str | None:
        """The site-root path of an image written with the old site's own address (`https://site/blog/a.png`), when
        the public folder holds that file: the site's copy, not one fetched back from where the site was."""
        parts = urlsplit(url)
        if not self.publics or parts.netloc.lower() not in self.options.own_hosts or not parts.path:
            return None
        path = unquote(parts.path)
        return path if self._public_file(path) else None

    def _public_file(self, path: str) -> tuple[Path, Path] | None:
        """(folder, file) of a site-root path: the public folder's file, else the first theme's that has it, as Hugo
        serves its themes' static files under the site's own. None when none has it."""
        relative = self._under_base(path).lstrip("/")
        for folder in self.publics:
            target = real_path(folder / relative)
            if target.is_file() and target.is_relative_to(folder):
                return folder, target
        return None

    def _under_base(self, path: str) -> str:
        """A site-root path without the base path the site was served under, unless a file is there as written."""
        base = self.options.base_path
        written = path.lstrip("/")
        if base and path.startswith(f"{base}/") and not any((folder / written).is_file() for folder in self.publics):
            return path[len(base) :]
        return path

    def download(self, url: str, *, label: str) -> str | None:
        """Fetch a remote image into storage; None (and a warning) keeps the address instead."""
        if url not in self.options.downloads:
            try:
                data = fetch(
                    url,
                    timeout=self.options.timeout,
                    max_bytes=settings.IMAGE_UPLOAD_MAX_BYTES,
                    permitted=any_address if settings.IMPORT_DOWNLOAD_PRIVATE_ADDRESSES else is_public_address,
                )
                self.options.downloads[url] = (self.keep(data, name=urlsplit(url).path), None)
            except (DownloadFailed, ImageRejected) as error:
                self.options.downloads[url] = (None, str(error))
        name, problem = self.options.downloads[url]
        if problem:
            warning = with_outcome(f"{label} '{url}' could not be downloaded: {problem}", "the address is kept")
            self.warnings.append(warning)
        return name

    def keep(self, data: bytes, *, name: str = "") -> str | None:
        """Store the bytes (remembering the file's `name` for export), or only check them in a dry run."""
        if self.options.dry_run:
            check_image(data)
            return None
        return store_image(data, folder="images", original_name=name)


def real_path(path: Path) -> Path:
    """The path with every link followed, like Path.resolve(), which in Python 3.11 raises RuntimeError on a
    link loop: here the loop stays a path, and fails like a missing file when it is opened. So does a name with a
    NUL in it (written as %00 in a link), which no file can have."""
    try:
        return Path(os.path.realpath(path))
    except ValueError:
        return Path(os.path.abspath(path))


# A video's own page, which some sites (jekyll-spaceship's) write as an image to show its player.
_VIDEO_PAGES = (
    (re.compile(r"https?://(?:www\.|m\.)?youtube\.com/watch\?(?:[^#\s]*&)?v=(?P<id>[\w-]{6,20})"), "youtube"),
    (re.compile(r"https?://youtu\.be/(?P<id>[\w-]{6,20})"), "youtube"),
    (re.compile(r"https?://(?:www\.)?vimeo\.com/(?P<id>\d{1,20})"), "vimeo"),
)


def written_video_page(reference: str) -> tuple[str, str] | None:
    """(the video's page, the link's text) when an image's address is a YouTube or Vimeo video's page."""
    for pattern, service in _VIDEO_PAGES:
        found = pattern.match(reference)
        if found:
            return video_page(service, found.group("id"))
    return None


def with_scheme(reference: str) -> str:
    """A protocol-relative address (`//cdn.example.org/a.png`, as older sites wrote them) with https, as the old
    site's pages would have fetched it."""
    return "https:" + reference if reference.startswith("//") else reference


def classify(reference: str) -> str:
    """remote (http/https), local (a relative or site-root path), anchor (#…) or refused (any other scheme)."""
    parts = urlsplit(reference.strip())
    if parts.scheme:
        return "remote" if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else "refused"
    if reference.startswith("//"):  # protocol-relative: the old site's pages fetched it with their own scheme
        return "remote" if parts.netloc else "refused"
    if not parts.path:
        return "anchor"
    return "local"


def image_sources(body: str) -> Iterable[str]:
    """Image addresses Markdown really shows, so that an example inside a code block is not touched."""
    for child in _images(_image_finder.parse(body)):
        yield str(child.attrGet("src") or "")


DROP = ""


class Instead(str):
    """Markdown that takes an inline image's place whole (a video's page written as an image becomes a link to it);
    an image given by a reference keeps its definition."""


def replace_images(body: str, new_address: Callable[[str], str | None]) -> str:
    """Each image Markdown shows gets the address `new_address` gives for its own: None keeps the image as
    written, DROP removes it, Instead puts other Markdown in its place. A reference image (`![alt][label]`) has
    its definition's address replaced, or the definition removed. Examples inside code are never touched."""
    if "![" not in body:
        return body
    env: dict = {}
    tokens = _image_finder.parse(body, env)
    starts = line_starts(body)
    is_shown = shown_images(tokens, starts)
    # Each image's (what dropping it removes, where its address is written).
    found = [(match.span(), match.span("src"), True) for match in image_matches(body) if is_shown(match)]
    labels = {child.meta["label"] for child in _images(tokens) if child.meta.get("label")}
    found += [(*spans, False) for label, spans in reference_definitions(body, env, starts).items() if label in labels]
    edits = []
    for whole, (start, end), inline in sorted(found):
        address = new_address(unbracketed(body[start:end]))
        if isinstance(address, Instead):
            if inline:
                edits.append((*whole, str(address)))
        elif address == DROP:
            edits.append((*whole, ""))
        elif address is not None:
            edits.append((start, end, address))
    pieces, done = [], 0
    for start, end, replacement in edits:
        pieces += [body[done:start], replacement]
        done = end
    pieces.append(body[done:])
    return "".join(pieces)


Span = tuple[int, int]


def reference_definitions(body: str, env: dict, starts: list[int]) -> dict[str, tuple[Span, Span]]:
    """Where each link reference definition of a markdown-it parse (`env`, from parsing `body`) is written:
    its normalised label -> (the whole definition, its destination with any `<…>`), as spans of `body`."""
    spans = {}
    for label, reference in env.get("references", {}).items():
        first, last = reference["map"]
        whole = (starts[first], starts[last] if last < len(starts) else len(body))
        if match := REFERENCE_DEFINITION.search(body, *whole):
            spans[label] = (whole, match.span("dest"))
    return spans


def line_starts(text: str) -> list[int]:
    """Where each line of `text` starts, so that `line_of` finds the line an offset is on."""
    return [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]


def line_of(starts: list[int], at: int) -> int:
    return bisect.bisect_right(starts, at) - 1


def unbracketed(written: str) -> str:
    return written[1:-1] if written.startswith("<") and written.endswith(">") else written


def _images(tokens: list) -> Iterator:
    for token in tokens:
        for child in token.children or []:
            if child.type == "image":
                yield child


_HTML_IMG_SRC = re.compile(r"""<img\b[^<>]*?\ssrc\s*=\s*(?:"(?P<dq>[^"<>]*)"|'(?P<sq>[^'<>]*)')""", re.IGNORECASE)


def replace_html_images(body: str, new_address: Callable[[str], str | None]) -> str:
    """`<img src>` in a body's own HTML gets the address `new_address` gives, like a Markdown image;
    an <img> shown as code, in a code block or span, is left as written."""
    if "<img" not in body.lower():
        return body
    lines = html_lines(body, holding="<img")
    if not lines:
        return body
    starts = line_starts(body)
    pieces, done = [], 0
    for match in _HTML_IMG_SRC.finditer(body):
        if line_of(starts, match.start()) not in lines:
            continue
        group = "dq" if match.group("dq") is not None else "sq"
        address = new_address(html.unescape(match.group(group)))
        if address is None or isinstance(address, Instead):
            continue
        start, end = match.span(group)
        pieces += [body[done:start], html.escape(address)]
        done = end
    pieces.append(body[done:])
    return "".join(pieces)


def html_lines(body: str, *, holding: str) -> set[int]:
    """The numbers of the lines of a body's own HTML (not HTML shown as code) that hold `holding` (lower case)."""
    lines: set[int] = set()
    for token in _image_finder.parse(body):
        is_html = token.type == "html_block" or any(child.type == "html_inline" for child in token.children or [])
        if is_html and token.map and holding in token.content.lower():
            lines.update(range(*token.map))
    return lines


def image_matches(body: str) -> Iterator[re.Match]:
    """IMAGE.finditer(body), in linear time.

    From every `![` the pattern scans to the end of the alt text: a long line of `![` took minutes. The
    openings before the same `]` share everything after it, so either the first of them matches or none does.
    """
    done = alt_end = 0
    for opening in _IMAGE_START.finditer(body):
        start = opening.start()
        if start < done or start < alt_end:
            continue
        end = _ALT_END.search(body, start + 2)
        alt_end = end.start() if end else len(body)
        match = IMAGE.match(body, start)
        if match:
            yield match
            done = match.end()


def shown_images(tokens: list, starts: list[int]) -> Callable[[re.Match], bool]:
    """A test for IMAGE matches: true only for images Markdown shows (not examples in code), by address and line,
    from the tokens of the body's parse and where its lines start."""
    sources: set[str] = set()
    lines: set[int] = set()
    for token in tokens:
        images = [child for child in token.children or [] if child.type == "image"]
        if images:
            sources.update(unquote(str(child.attrGet("src") or "")) for child in images)
            if token.map:
                lines.update(range(*token.map))

    def is_shown(match: re.Match) -> bool:
        line = line_of(starts, match.start())
        return unquote(unbracketed(match.group("src"))) in sources and line in lines

    return is_shown


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# NAT64's well-known prefix: an IPv6-only network reaches an IPv4 address through it, so the IPv4 one counts.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public_address(address: IPAddress) -> bool:
    """True for an address on the public internet; false for loopback, private, link-local (cloud metadata),
    shared, multicast, reserved and unspecified ones, however an IPv6 address wraps an IPv4 one."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped or address.sixtofour:
            address = address.ipv4_mapped or address.sixtofour
        elif address in _NAT64:
            address = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def any_address(address: IPAddress) -> bool:
    return True


def checked_addresses(host: str, port: int, permitted: Callable[[IPAddress], bool]) -> list[IPAddress]:
    """The addresses `host` resolves to, or PrivateAddress if any of them is not permitted: a name with one
    public and one private address could be either when connected to."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError:
        raise DownloadFailed(f"'{_short(host)}' is not a valid host name") from None
    addresses = []
    for *_, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0])
        if not permitted(address):
            raise PrivateAddress(f"points at a private or local address: {address}")
        if address not in addresses:
            addresses.append(address)
    return addresses


def _connector(permitted: Callable[[IPAddress], bool]) -> Callable:
    """socket.create_connection, but connecting only to addresses `permitted` allows, which it checks itself."""

    def connect(host_port, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
        host, port = host_port
        error = None
        for address in checked_addresses(host, port, permitted):
            try:
                # An address, not the name: nothing is resolved again between the check and the connection.
                return socket.create_connection((str(address), port), timeout, source_address)
            except OSError as failure:
                error = failure
        raise error or OSError(f"no address for {host}")

    return connect


def _checked(kind: type[http.client.HTTPConnection], permitted: Callable[[IPAddress], bool]) -> Callable:
    def connection(*args, **kwargs) -> http.client.HTTPConnection:
        made = kind(*args, **kwargs)
        # http.client opens its socket through this attribute; an https connection still verifies the
        # certificate against the host name, as it wraps the socket afterwards.
        made._create_connection = _connector(permitted)
        return made

    return connection


def _through_proxy(request: urllib.request.Request) -> bool:
    """Whether ProxyHandler sent the request to a proxy: plain http names the whole URL to it, https tunnels."""
    return request.has_proxy() or request._tunnel_host is not None


class _CheckedHandler(urllib.request.AbstractHTTPHandler):
    """http and https, connecting only to addresses `permitted` allows."""

    def __init__(self, permitted: Callable[[IPAddress], bool]):
        super().__init__()
        self.permitted = permitted

    def checked_open(self, kind: type[http.client.HTTPConnection], request: urllib.request.Request):
        if _through_proxy(request):
            # A proxy from the environment (the operator's own) resolves and connects for itself: the host
            # is checked here, the best that can be done without seeing its connection.
            target = urlsplit(request.full_url)
            if not target.hostname:
                raise DownloadFailed("the address has no host")
            checked_addresses(target.hostname, target.port or (443 if target.scheme == "https" else 80), self.permitted)
            return self.do_open(kind, request)
        return self.do_open(_checked(kind, self.permitted), request)

    def http_open(self, request):
        return self.checked_open(http.client.HTTPConnection, request)

    def https_open(self, request):
        return self.checked_open(http.client.HTTPSConnection, request)

    http_request = https_request = urllib.request.AbstractHTTPHandler.do_request_


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in WEB_SCHEMES:
            raise DownloadFailed(f"redirected to '{_short(newurl)}'")
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req, fp, code, msg, headers):
        try:
            return super().http_error_302(req, fp, code, msg, headers)
        except PrivateAddress as error:
            if str(error).startswith("redirected"):  # from a later hop, which names itself
                raise
            location = urljoin(req.full_url, headers.get("Location") or headers.get("URI") or "")
            raise PrivateAddress(f"redirected to '{_short(location)}', which {error}") from None

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(permitted: Callable[[IPAddress], bool]) -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        _CheckedHandler(permitted),
        _WebOnlyRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(
    url: str, *, timeout: float, max_bytes: int, permitted: Callable[[IPAddress], bool] = is_public_address
) -> bytes:
    """The bytes at an http(s) address, within a time and size limit, from addresses `permitted` allows (the
    first and every one redirected to); DownloadFailed says what went wrong."""
    if classify(url) != "remote":
        raise DownloadFailed("only http and https addresses are fetched")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": "Folio-importer/1.0", "Accept": "image/*"})
    try:
        with _opener(permitted).open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise DownloadFailed(f"{int(declared)} bytes is over the limit of {max_bytes}")
            chunks, size = [], 0
            while chunk := response.read(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise DownloadFailed(f"more than the limit of {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise DownloadFailed(f"took longer than {timeout:g} seconds")
                chunks.append(chunk)
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            raise DownloadFailed(f"redirected to '{_short(error.headers.get('Location', ''))}'") from None
        raise DownloadFailed(f"HTTP {error.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError) or isinstance(error, TimeoutError):
            raise DownloadFailed(f"took longer than {timeout:g} seconds") from None
        raise DownloadFailed(str(reason)) from None
    return b"".join(chunks)


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "…"
