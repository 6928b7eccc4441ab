"""Settings for the test suite: the real settings, with a throwaway key and site address, and fast password hashing."""

import os
import tempfile

import jinja2

os.environ.setdefault("SECRET_KEY", "folio-tests-only")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")

from cms.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests write uploads and imported images; keep them out of the project's media folder.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="folio-test-media-"))  # noqa: F405
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="folio-test-static-"))  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Most tests check the pages as built; stored pages have their own tests (test_stored_pages.py).
STORED_PAGES = False
# A name a template does not have fails the test that renders it.
TEMPLATES[0]["OPTIONS"]["undefined"] = jinja2.StrictUndefined  # noqa: F405
# Autosave's requests in the background would race other browser tests' own on the one test database; its
# own tests turn it on (tests/browser/test_autosave.py).
AUTOSAVE_IDLE_MS = 0
# Whatever the environment says: the tests that download from their own servers on 127.0.0.1 say so
# (tests/conftest.py: trusted_network), the others check that such addresses are refused.
IMPORT_DOWNLOAD_PRIVATE_ADDRESSES = False
# The tests run the webhook sender's steps themselves, with the clock they choose.
WEBHOOKS_SEND_IN_APP = False
