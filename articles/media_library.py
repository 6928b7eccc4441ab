"""The editor's media library: the site's stored article images, newest first, searchable by name and alt text.

A StoredImage row stands for each stored image (store_image() adds it), so that the library is one indexed
query rather than a listing of the storage, which would be slow for a big site and slower still on S3.
"""

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.storage import Storage, default_storage
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from .images import FORMATS
from .renditions import WEBP, ImageSet, ensure_renditions, planned

FOLDER = "images"
PER_PAGE = 24
MAX_QUERY_LENGTH = 100
# An original as store_image() names it (renditions add "-480w" and the like before the extension).
STORED_NAME = re.compile(rf"{FOLDER}/([0-9a-f]{{2}})/\1[0-9a-f]{{62}}\.(?:{'|'.join(FORMATS.values())})")


def register_image(image_set: ImageSet, *, uploaded_by=None):
    """Add a stored image to the library, once: the first upload of the same bytes keeps its date and uploader."""
    from .models import StoredImage

    stored, _ = StoredImage.objects.get_or_create(
        name=image_set.name,
        defaults={"width": image_set.width, "height": image_set.height, "uploaded_by": uploaded_by},
    )
    return stored


def remember_alt_text(name: str, alt_text: str) -> None:
    """Keep the first alt text an image is given, to offer it when the image is picked again."""
    from .models import StoredImage

    alt_text = one_line(alt_text)
    if alt_text:
        StoredImage.objects.filter(name=name, alt_text="").update(alt_text=alt_text)


def one_line(text: str) -> str:
    return " ".join(text.split())[:300]


def is_library_image(name: str) -> bool:
    """Whether `name` is an article image in the library: an original under images/, as store_image() names it."""
    from .models import StoredImage

    return bool(STORED_NAME.fullmatch(name)) and StoredImage.objects.filter(name=name).exists()


def label_of(name: str) -> str:
    """What the editor knows a stored image by: the name of the file it came from, else its stored name."""
    from .models import ImageName

    original = ImageName.objects.filter(stored_name=name).values_list("original_name", flat=True).first()
    return _label(name, original)


def _label(name: str, original: str | None) -> str:
    return original or posixpath.basename(name)


def thumbnail_name(name: str, *, width: int, height: int) -> str:
    """The smallest WebP rendition of an image, or the image itself when it has none (a GIF, a small WebP)."""
    webps = [r for r in planned(name, width, height) if r.extension == WEBP]
    return min(webps, key=lambda r: r.width).name if webps else name


@dataclass(frozen=True)
class LibraryPage:
    images: list[dict]
    page: int
    has_next: bool


def library_page(*, query: str = "", page: int = 1, per_page: int | None = None) -> LibraryPage:
    """One page of the library, newest first; `query` matches the stored name, the original name or the alt text."""
    per_page = per_page or PER_PAGE
    images = _library_images()
    words = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if words:
        images = images.filter(
            Q(name__contains_any_case=words)
            | Q(original_name__contains_any_case=words)
            | Q(alt_text__contains_any_case=words)
        )
    start = (page - 1) * per_page
    rows = list(images.order_by("-uploaded_at", "-id")[start : start + per_page + 1])
    return LibraryPage(images=[describe(row) for row in rows[:per_page]], page=page, has_next=len(rows) > per_page)


def library_entry(name: str) -> dict:
    """What library_page() gives for one image, by its stored name."""
    return describe(_library_images().get(name=name))


def _library_images():
    from .models import ImageName, StoredImage

    originals = ImageName.objects.filter(stored_name=OuterRef("name")).values("original_name")[:1]
    return StoredImage.objects.filter(name__startswith=f"{FOLDER}/").annotate(original_name=Subquery(originals))


def describe(image, storage: Storage = default_storage) -> dict:
    """What the image dialog shows and inserts for one stored image."""
    original = getattr(image, "original_name", None) or ""
    return {
        "name": image.name,
        "label": _label(image.name, original),
        "original_name": original,
        "url": storage.url(image.name),
        "thumbnail": storage.url(thumbnail_name(image.name, width=image.width, height=image.height)),
        "width": image.width,
        "height": image.height,
        "alt": image.alt_text,
        "uploaded_at": image.uploaded_at.isoformat(),
    }


def stored_originals(storage: Storage = default_storage) -> Iterator[str]:
    """The originals under images/ in storage (not their renditions): for filling the library once."""
    try:
        folders, _ = storage.listdir(FOLDER)
    except (FileNotFoundError, NotADirectoryError):
        return
    for folder in sorted(folders):
        _, files = storage.listdir(f"{FOLDER}/{folder}")
        for file in sorted(files):
            name = f"{FOLDER}/{folder}/{file}"
            if STORED_NAME.fullmatch(name):
                yield name


def register_existing_images(*, model, hero_articles=(), storage: Storage = default_storage) -> int:
    """Add every image already in storage to the library (`model` is StoredImage, or a migration's copy of it).

    `hero_articles` gives (hero image name, hero alt text) pairs, whose alt texts the library then offers.
    Returns how many images were added.
    """
    known = set(model.objects.values_list("name", flat=True))
    added = []
    for name in stored_originals(storage):
        if name in known:
            continue
        image_set = ensure_renditions(name, storage)
        if image_set is None:
            continue  # unreadable: nothing the dialog could show
        try:
            uploaded_at = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            uploaded_at = timezone.now()
        added.append(model(name=name, width=image_set.width, height=image_set.height, uploaded_at=uploaded_at))
    model.objects.bulk_create(added, batch_size=500)
    for name, alt_text in hero_articles:
        alt_text = one_line(alt_text)
        if alt_text:
            model.objects.filter(name=name, alt_text="").update(alt_text=alt_text)
    return len(added)
