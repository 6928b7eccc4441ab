"""Old addresses that lead to an article: its former slugs and the paths of the site it came from."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from .. import old_addresses


class SlugRedirect(models.Model):
    old_slug = models.SlugField(max_length=300, unique=True, allow_unicode=True)
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]
        verbose_name = "old address"
        verbose_name_plural = "old addresses"

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"slug": self.old_slug})


class OldAddress(models.Model):
    """A path of the site this article came from; a GET to it is redirected to the article while it is published."""

    path = models.CharField(
        max_length=old_addresses.MAX_LENGTH,
        unique=True,
        validators=[old_addresses.validate_path],
        help_text="A path on this site such as /2023/01/29/title.html or /blog/first-post/, without the host.",
    )
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="old_addresses")
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
