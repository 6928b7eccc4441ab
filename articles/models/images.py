"""Images in the site's storage."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImageName(models.Model):
    """The file name an image had before it was stored under its content's hash: an export gives it back."""

    stored_name = models.CharField(max_length=255, unique=True)
    original_name = models.CharField(max_length=255)

    class Meta:
        ordering = ["stored_name"]

    def __str__(self):
        return f"{self.original_name} ({self.stored_name})"


class StoredImage(models.Model):
    """An image in the site's storage, for the editor's media library: one row for each image stored.

    Every image is stored through articles/images.py store_image(), which adds its row.
    """

    name = models.CharField(
        max_length=255, unique=True, help_text="Where the image is stored, such as images/ab/….jpg."
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        default="",
        help_text="The first alt text the image was given (uploaded through the image dialog, or chosen as a hero): "
        "offered again when it is picked from the library.",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["-uploaded_at", "-id"], name="stored_image_newest_idx")]

    def __str__(self):
        return self.name
