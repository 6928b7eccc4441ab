"""Media files served by Folio itself (SERVE_MEDIA), as the one-box layout does without a proxy or a bucket."""

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.views.static import serve

# A year, as the bucket's objects get (cms/settings.py).
MEDIA_MAX_AGE = 365 * 24 * 60 * 60


def media(request, path: str):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code in (200, 304):
        # Every media name is made from the file's content, so a name never changes its bytes: browsers may keep
        # an image for good instead of asking again on every page.
        patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE, immutable=True)
    return response
