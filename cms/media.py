"""Media files served by Folio itself (SERVE_MEDIA), as the one-box layout does without a proxy or a bucket."""

from django.conf import settings
from django.views.static import serve


def media(request, path: str):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code in (200, 304):
        response["Cache-Control"] = settings.MEDIA_CACHE_CONTROL  # as the bucket's objects carry it
    return response
