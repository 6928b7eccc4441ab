"""Smaller copies of stored images, made once and kept beside the original.

An original stored as images/ab/abcdef….jpg gets images/ab/abcdef…-480w.webp, …-480w.jpg and so on:
the names come from the original's, so finding a rendition needs neither a lookup table nor a query.
Pages then offer them through srcset, and the browser picks the smallest that fits.
"""

import io
import posixpath
from dataclasses import dataclass, field
from urllib.parse import unquote

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from PIL import Image, ImageOps

WIDTHS = (480, 960, 1600)
WEBP = "webp"
# Pillow's format name for each extension an original can have.
PILLOW_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
MIME_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
QUALITY = 82
# WebP cannot hold a picture taller or wider than this: a long strip gets no WebP copy rather than a failed one.
WEBP_MAX_SIDE = 16383


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    extension: str


@dataclass(frozen=True)
class ImageSet:
    """An original image with its renditions: what a page needs for srcset, width and height."""

    name: str
    width: int
    height: int
    renditions: tuple[Rendition, ...] = field(default_factory=tuple)

    @property
    def extension(self) -> str:
        return posixpath.splitext(self.name)[1].lstrip(".").lower()

    def srcset(self, extension: str, storage: Storage = default_storage) -> str:
        """Every copy in one format, smallest first, as a srcset value; the original closes the list."""
        entries = [(r.width, storage.url(r.name)) for r in self.renditions if r.extension == extension]
        if extension == self.extension:
            entries.append((self.width, storage.url(self.name)))
        return ", ".join(f"{url} {width}w" for width, url in sorted(entries))

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "width": self.width,
            "height": self.height,
            "renditions": [[r.name, r.width, r.height, r.extension] for r in self.renditions],
        }

    @classmethod
    def from_json(cls, data: dict) -> "ImageSet | None":
        if not data:
            return None
        return cls(
            name=data["name"],
            width=data["width"],
            height=data["height"],
            renditions=tuple(Rendition(*entry) for entry in data["renditions"]),
        )


def rendition_name(name: str, width: int, extension: str) -> str:
    stem = posixpath.splitext(name)[0]
    return f"{stem}-{width}w.{extension}"


def planned(name: str, width: int, height: int) -> list[Rendition]:
    """The renditions an original of this size should have. GIFs keep only their original: resizing loses animation."""
    extension = posixpath.splitext(name)[1].lstrip(".").lower()
    if extension not in PILLOW_FORMATS:
        return []
    renditions = []
    for target in sorted({min(w, width) for w in WIDTHS}):
        target_height = max(1, round(height * target / width))
        extensions = [WEBP] if extension == WEBP or target == width else [WEBP, extension]
        if target_height > WEBP_MAX_SIDE:
            extensions.remove(WEBP)
        if extension == WEBP and target == width:
            continue  # the original already is that WebP
        renditions.extend(
            Rendition(rendition_name(name, target, ext), target, target_height, ext) for ext in extensions
        )
    return renditions


def _encode(image: Image.Image, rendition: Rendition) -> bytes:
    resized = image.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS)
    pillow_format = PILLOW_FORMATS[rendition.extension]
    if pillow_format == "JPEG" and resized.mode not in ("RGB", "L"):
        resized = resized.convert("RGB")
    buffer = io.BytesIO()
    options = {"optimize": True} if pillow_format == "PNG" else {"quality": QUALITY}
    resized.save(buffer, format=pillow_format, **options)
    return buffer.getvalue()


EXIF_ORIENTATION = 0x0112
# EXIF orientations that turn the picture a quarter: its displayed width is the stored height.
ROTATED_ORIENTATIONS = {5, 6, 7, 8}


def ensure_renditions(name: str, storage: Storage = default_storage, data: bytes | None = None) -> ImageSet | None:
    """Describe a stored image, making whichever of its renditions do not exist yet. None if it cannot be read."""
    try:
        if data is None:
            with storage.open(name, "rb") as stored:
                data = stored.read()
        with Image.open(io.BytesIO(data)) as image:
            # Only the header is read unless a rendition is missing: saving an article must not decode its images.
            width, height = image.size
            animated = getattr(image, "is_animated", False)
            if image.getexif().get(EXIF_ORIENTATION, 1) in ROTATED_ORIENTATIONS:
                width, height = height, width
            renditions = planned(name, width, height)
            missing = [r for r in renditions if not storage.exists(r.name)]
            if missing:
                image = ImageOps.exif_transpose(image)
                if image.mode == "P":
                    image = image.convert("RGBA")
                for rendition in missing:
                    storage.save(rendition.name, ContentFile(_encode(image, rendition)))
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    if animated:
        # An animated WebP or PNG is offered as it is, so that it moves: its renditions, stills of its first frame,
        # are only the media library's thumbnails.
        renditions = []
    return ImageSet(name=name, width=width, height=height, renditions=tuple(renditions))


def storage_name_for(src: str, storage: Storage = default_storage) -> str | None:
    """The storage name behind a page address such as /media/images/ab/abc.jpg, if it is one of ours."""
    base = storage.url("")
    if not base or not src.startswith(base) or "?" in src or "#" in src:
        return None
    name = posixpath.normpath(unquote(src[len(base) :]))
    if name.startswith(("../", "/")) or name == "..":
        return None
    return name


def image_set_for_src(src: str, storage: Storage = default_storage) -> ImageSet | None:
    """For rendering a body: the image behind a local address, with its renditions made if needed."""
    name = storage_name_for(src, storage)
    if name is None or not storage.exists(name):
        return None
    return ensure_renditions(name, storage)


def picture_html(
    image: ImageSet,
    *,
    alt: str,
    sizes: str,
    eager: bool = False,
    title: str = "",
    display_width: int | None = None,
    storage: Storage = default_storage,
) -> SafeString:
    """A <picture> offering WebP first and the original format as the fallback, sized so nothing shifts.

    `display_width`: the width the page asked for (`{ width="500" }`), the height following the image's shape;
    its natural size otherwise.
    """
    webp = ""
    webp_srcset = image.srcset(WEBP, storage) if image.extension != WEBP else ""
    # A GIF has no renditions (resizing loses its animation): an empty srcset is invalid HTML.
    if webp_srcset:
        webp = format_html('<source type="image/webp" srcset="{}" sizes="{}">', webp_srcset, sizes)
    width, height = image.width, image.height
    if display_width:
        width, height = display_width, max(1, round(image.height * display_width / image.width))
    loading = mark_safe('fetchpriority="high"' if eager else 'loading="lazy"')
    title_attr = format_html(' title="{}"', title) if title else ""
    return format_html(
        '<picture>{}<img src="{}" alt="{}" width="{}" height="{}" {} decoding="async"'
        ' srcset="{}" sizes="{}"{}></picture>',
        webp,
        storage.url(image.name),
        alt,
        width,
        height,
        loading,
        image.srcset(image.extension, storage),
        sizes,
        title_attr,
    )
