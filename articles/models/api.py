"""The content API's keys and request counts."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone


class ApiKey(models.Model):
    """A key for the content API when the site is private (API_KEYS_REQUIRED): only its digest is kept.

    The key itself is shown once, when it is made in the admin; its first characters (`prefix`) tell keys apart.
    """

    name = models.CharField(max_length=200, help_text="Who or what uses this key, for example “Static site build”.")
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked = models.BooleanField(default=False, help_text="A revoked key is refused at once.")

    class Meta:
        ordering = ["name"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def set_new_key(self) -> str:
        """Give this row a new key and return it: once saved, only its digest and prefix are anywhere."""
        key = "folio_" + secrets.token_urlsafe(32)
        self.prefix, self.digest = key[:12], self.digest_of(key)
        return key

    @classmethod
    def issue(cls, *, name: str) -> tuple["ApiKey", str]:
        """A new key: the saved row and the key itself."""
        api_key = cls(name=name)
        key = api_key.set_new_key()
        api_key.save()
        return api_key, key

    @classmethod
    def is_valid(cls, key: str) -> bool:
        return bool(key) and cls.objects.filter(digest=cls.digest_of(key), revoked=False).exists()


class ApiRequestCount(models.Model):
    """How many content API requests one client address made in one minute (articles/api/access.py).

    In the database, so every worker and app server counts the same requests.
    """

    client = models.CharField(max_length=64, help_text="A digest of the client's address.")
    minute = models.BigIntegerField(help_text="Unix minutes.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "minute"], name="api_request_count_unique")]

    def __str__(self):
        return f"{self.client[:12]} at minute {self.minute}: {self.count}"
