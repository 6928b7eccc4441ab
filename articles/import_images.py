"""The images an imported file refers to: each one's file found, checked by Pillow and stored once (by content hash).

Relative references are read only from inside the import root; root-relative ones (`/hero.jpg`) only
from `--public-dir`. Remote images stay as addresses unless downloads are asked for. Only http, https
and relative references are accepted: anything else is refused for a hero image and dropped in the body.

Where an address is written in a body, and what kind it is, is image_references.py's; a remote image is
fetched by downloads.py.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage

from .downloads import DOWNLOAD_TIMEOUT, DownloadFailed, any_address, fetch, is_public_address
from .image_references import (
    DROP,
    Instead,
    classify,
    replace_html_images,
    replace_images,
    with_scheme,
    written_video_page,
)
from .images import ImageNotStored, ImageRejected, check_image, check_size, store_image
from .invalid_file import InvalidFile, shortened, with_outcome
from .page_names import FOLDER_PAGES
from .real_paths import real_path

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

    def hero(
        self, reference: str, *, key: str = "heroImage", outcome: str = "imported without a hero image"
    ) -> tuple[str, str]:
        """(storage name, address) for a hero image (or an author's avatar): one of them is set, or neither after a
        warning naming `key`, the front-matter key it was given by, and the `outcome`."""
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
        name = self.store(reference, label=key, outcome=outcome)
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
                    f"image '{shortened(written)}' is not allowed (only http, https and relative addresses); dropped"
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
