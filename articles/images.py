"""Image files: checked by Pillow, stored once under a name taken from their content, with their renditions."""

import hashlib
import io
import re
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.template.defaultfilters import filesizeformat
from PIL import Image

from .renditions import ensure_renditions

# Formats a browser shows and Pillow can check; SVG is refused because it can carry script.
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


class ImageRejected(ValueError):
    """The bytes are not an image Folio will store; the message says why, for the person who sent it."""


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
            if image_format in FORMATS and width * height <= settings.IMAGE_MAX_PIXELS:
                # verify() reads little of a JPEG, a GIF or a WebP, and checks a PNG's chunks but not the pixels
                # they hold: damage is found only by decoding (a JPEG at an eighth of its size, which reads every
                # byte all the same). Renditions decode it anyway, and would otherwise fail after it was stored.
                with Image.open(io.BytesIO(data)) as image:
                    image.draft(None, (max(1, width // 8), max(1, height // 8)))
                    image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("The image has too many pixels to be processed safely.") from None
    except Exception:
        raise ImageRejected(
            "The file is not an image, or it is damaged: upload a JPEG, PNG, GIF or WebP file."
        ) from None
    if image_format not in FORMATS:
        raise ImageRejected(f"{image_format} images are not accepted: upload a JPEG, PNG, GIF or WebP file.")
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ImageRejected(
            f"The image is {width}×{height} pixels; the limit is {settings.IMAGE_MAX_PIXELS / 1e6:.0f} megapixels."
        )
    return FORMATS[image_format]


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
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(data))
        if saved != name:  # another writer stored the same bytes at the same moment
            storage.delete(saved)
    image_set = ensure_renditions(name, storage, data=data)
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
