"""Old addresses that lead to an article: the paths of the site it came from, and its earlier slugs' addresses."""

from django.core.exceptions import ValidationError
from django.db import models

from .. import old_addresses


class OldAddress(models.Model):
    """An address that leads to an article: a path of the site it came from, or its address under an earlier slug.

    A GET to it is redirected to the article while the article is published.
    """

    path = models.CharField(
        max_length=old_addresses.MAX_LENGTH,
        unique=True,
        validators=[old_addresses.validate_path],
        help_text="A path on this site such as /2023/01/29/title.html, /blog/first-post/ or an earlier "
        "/articles/slug/, without the host.",
    )
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="old_addresses")
    alias = models.BooleanField(
        default=False,
        help_text="One of the article's aliases in its front matter (aliases, redirect_from), not where the old "
        "site published it: importing the page that was published here gives the address to that page.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "old site address"
        verbose_name_plural = "old site addresses"

    def __str__(self):
        return self.path

    def save(self, *args, **kwargs):
        self.path = old_addresses.normalize_path(self.path)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.path

    def clean(self):
        # Stored in its one form, so that the form shown is the form looked up.
        try:
            self.path = old_addresses.normalize_path(self.path)
        except ValueError as error:
            raise ValidationError({"path": str(error)}) from None
