"""Site-wide state: the content generation, sign-in failures, and the stored pages served to readers."""

from django.db import models


class ContentState(models.Model):
    """One row that every change to what readers see moves on (written by the triggers in articles/triggers.py).

    A page being stored (articles/stored_pages.py) is kept only if the generation is the one read before it
    was built: a page built while a writer changed its rows is never stored.
    """

    generation = models.BigIntegerField(default=0)
    changed_at = models.FloatField(default=0, help_text="When the content last changed, in Unix seconds.")

    class Meta:
        verbose_name = "content state"

    def __str__(self):
        return f"generation {self.generation}"


class SignInFailure(models.Model):
    """A failed admin sign-in for one username from one address (cms/login_limit.py).

    Kept in the database, so every worker and app server counts the same failures.
    """

    key = models.CharField(max_length=64, help_text="A digest of the username and the address.")
    failed_at = models.FloatField(help_text="Unix seconds.")

    class Meta:
        indexes = [models.Index(fields=["key", "failed_at"], name="sign_in_failure_idx")]

    def __str__(self):
        return f"{self.key[:12]} at {self.failed_at}"


class StoredPage(models.Model):
    """An anonymous reader's page as it was built, served whole until something it shows changes.

    Written by articles/stored_pages.py when a page is built; deleted by the database triggers of
    articles/triggers.py, in the writing transaction, when a row the page depends on changes (PageDependency).
    """

    path = models.CharField(max_length=1000, primary_key=True, help_text="The address with its query string.")
    body = models.BinaryField(help_text="The response's bytes, gzip-compressed.")
    headers = models.JSONField(default=dict, help_text="The response's own headers, the content type among them.")
    etag = models.CharField(max_length=80)
    built_at = models.DateTimeField()
    valid_until = models.DateTimeField(
        help_text="When a scheduled article may change the page, or it is too old to be served even while rebuilt."
    )
    fresh_until = models.DateTimeField(
        help_text="When its max age ends: after that it is served once more while it is rebuilt."
    )
    build_stamp = models.CharField(max_length=64, help_text="The templates, code and settings it was built with.")

    class Meta:
        verbose_name = "stored page"

    def __str__(self):
        return self.path


class PageDependency(models.Model):
    """A stored page shows something: `article:7`, `author:3`, `tag:2`, `cta:5`, `cta:default`, or a list
    (`list:home`, `list:author:3`, `list:tag:2`) that changes when an article joins or leaves it."""

    path = models.CharField(max_length=1000)
    key = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["path", "key"], name="page_dependency_unique")]
        indexes = [models.Index(fields=["key"], name="page_dependency_key_idx")]

    def __str__(self):
        return f"{self.path} ← {self.key}"
