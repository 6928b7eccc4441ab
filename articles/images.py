"""Image files: checked by Pillow, stored once under a name taken from their content, with their renditions."""

import hashlib
import io
import logging
import re
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.template.defaultfilters import filesizeformat
from PIL import Image

from .renditions import ensure_renditions

logger = logging.getLogger(__name__)

# Formats a browser shows and Pillow can check; SVG is refused because it can carry script.
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


class ImageRejected(ValueError):
    """The bytes are not an image Folio will store; the message says why, for the person who sent it."""


class ImageNotStored(OSError):
    """The image is good, but the media storage would not take it: a MEDIA_ROOT Folio cannot write, a full disk.
    The message is for the operator, who alone can fix it."""


def refused_upload(error: ImageNotStored) -> str:
    """Log why the media storage refused an editor's upload, for the operator, who alone can fix it, in one line;
    return what to tell the editor."""
    logger.error("An image upload was refused: %s", error)
    return "The server could not store the image: its media storage cannot be written. Tell the site's operator."


def check_size(size: int) -> None:
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    if size > limit:
        raise ImageRejected(f"The image is {filesizeformat(size)}; the limit is {filesizeformat(limit)}.")


def read_upload(upload: File) -> bytes:
    """The bytes of an uploaded image, refused before reading when it is too large."""
    check_size(upload.size)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    check_image(data)
    return data


def check_image(data: bytes) -> str:
    """Return the file extension for an acceptable image, or raise ImageRejected naming the problem."""
    if not data:
        raise ImageRejected("The file is empty.")
    check_size(len(data))
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<?xml") or b"<svg" in head:
        raise ImageRejected("SVG images are not accepted: upload a JPEG, PNG, GIF or WebP file.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
            if image_format in FORMATS and width * height <= pixel_limit():
                # verify() reads little of a JPEG, a GIF or a WebP, and checks a PNG's chunks but not the pixels
                # they hold: damage is found only by decoding (a JPEG at an eighth of its size, which reads every
                # byte all the same). Renditions decode it anyway, and would otherwise fail after it was stored.
                with Image.open(io.BytesIO(data)) as image:
                    image.draft(None, (max(1, width // 8), max(1, height // 8)))
                    image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(too_many_pixels(header_size(data))) from None
    except Exception:
        raise ImageRejected(
            "The file is not an image, or it is damaged: upload a JPEG, PNG, GIF or WebP file."
        ) from None
    if image_format not in FORMATS:
        raise ImageRejected(f"{image_format} images are not accepted: upload a JPEG, PNG, GIF or WebP file.")
    if width * height > pixel_limit():
        raise ImageRejected(too_many_pixels((width, height)))
    return FORMATS[image_format]


def not_stored(error: OSError, *, storage: Storage) -> str:
    """Why the storage would not take an image, naming the setting to look at."""
    reason = f"{error.strerror}: {error.filename}" if error.strerror and error.filename else str(error)
    if isinstance(storage, FileSystemStorage):
        return f"Images cannot be written under MEDIA_ROOT ({storage.location}): {reason}. Check MEDIA_ROOT."
    return f"Images cannot be written to the media storage: {reason}. Check the S3_* settings."


def pixel_limit() -> int:
    """The most pixels in an accepted image: IMAGE_MAX_PIXELS, within Pillow's own decompression-bomb limit."""
    return min(settings.IMAGE_MAX_PIXELS, Image.MAX_IMAGE_PIXELS or settings.IMAGE_MAX_PIXELS)


def too_many_pixels(size: tuple[int, int] | None) -> str:
    limit = megapixels(pixel_limit())
    if size is None:
        return f"The image has more pixels than the limit of {limit}."
    width, height = size
    return f"The image is {width}×{height} pixels ({megapixels(width * height)}); the limit is {limit}."


def megapixels(pixels: int) -> str:
    value = f"{pixels / 1e6:,.1f}".removesuffix(".0")
    return "1 megapixel" if value == "1" else f"{value} megapixels"


def header_size(data: bytes) -> tuple[int, int] | None:
    """The width and height an image's header gives, read without decoding it; None if no format reads it.

    Image.open() refuses a decompression bomb without saying its size: each format's own reader, which only
    reads the header, does say it.
    """
    Image.init()
    for image_format in FORMATS:
        factory, accept = Image.OPEN[image_format]
        if accept is not None and not accept(data[:16]):
            continue
        try:
            with factory(io.BytesIO(data)) as image:
                return image.size
        except Exception:  # not this format after all, or a header too damaged to say
            continue
    return None


def store_image(
    data: bytes,
    *,
    folder: str = "images",
    storage: Storage = default_storage,
    original_name: str = "",
    uploaded_by=None,
) -> str:
    """Check and store an image with its renditions, returning its storage name. The same bytes are stored once.

    `original_name`, the file's name where it came from, is remembered for export (the first one given wins).
    An image stored in the site's own storage joins the editor's media library, under `uploaded_by` if given.
    """
    extension = check_image(data)
    digest = hashlib.sha256(data).hexdigest()
    name = f"{folder}/{digest[:2]}/{digest}.{extension}"
    try:
        if not storage.exists(name):
            saved = storage.save(name, ContentFile(data))
            if saved != name:  # another writer stored the same bytes at the same moment
                storage.delete(saved)
        image_set = ensure_renditions(name, storage, data=data)
    except OSError as error:
        raise ImageNotStored(not_stored(error, storage=storage)) from error
    original = original_file_name(original_name, extension=extension)
    if original:
        from .models import ImageName  # the models store their images through this module

        ImageName.objects.get_or_create(stored_name=name, defaults={"original_name": original})
    if storage is default_storage and image_set is not None:
        from .media_library import register_image

        register_image(image_set, uploaded_by=uploaded_by)
    return name


def original_file_name(name: str, *, extension: str) -> str:
    """A safe file name from where an image came from (a path, an upload's or a URL's name), with the stored
    image's extension; "" when nothing usable is left."""
    stem = PurePosixPath(name.replace("\\", "/").split("?", 1)[0]).stem
    stem = re.sub(r"[^\w.-]+", "-", stem).strip(".-")[:100]
    return f"{stem}.{extension}" if stem else ""
