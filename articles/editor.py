"""The Markdown editor's endpoints (live preview, image upload, the media library and the link dialog's search),
for staff only.

django-markdownx ships these views open to anyone; Folio serves its own behind the admin login,
to staff who may write articles (writers and editors).
"""

from functools import wraps

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from . import link_search, media_library
from .form_inputs import is_row_id
from .images import ImageNotStored, ImageRejected, read_upload, refused_upload, store_image
from .invalid_file import shortened
from .rendering import markdownify
from .text import is_whole_number

MAX_PAGE = 10_000


def writers_only(view):
    @wraps(view)
    def check(request, *args, **kwargs):
        if not (request.user.has_perm("articles.add_article") or request.user.has_perm("articles.change_article")):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return staff_member_required(check)


@require_POST
@writers_only
def preview(request):
    return HttpResponse(markdownify(request.POST.get("content", "")))


@require_POST
@writers_only
def upload_image(request):
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"image": ["Choose an image file to upload."]}, status=400)
    try:
        name = store_image(
            read_upload(upload), folder=media_library.FOLDER, original_name=upload.name, uploaded_by=request.user
        )
    except ImageRejected as error:
        return JsonResponse({"image": [f"{upload.name}: {error}"]}, status=400)
    except ImageNotStored as error:
        return JsonResponse({"image": [refused_upload(error)]}, status=503)
    # The image dialog sends the alt text it will insert with the image; the library offers it again later.
    media_library.remember_alt_text(name, request.POST.get("alt", ""))
    return JsonResponse({"image_code": f"![]({default_storage.url(name)})", **media_library.library_entry(name)})


@require_GET
@writers_only
def library(request):
    """A page of the site's images as JSON, for the image dialog: ?q= searches, ?page= pages on."""
    page = request.GET.get("page", "1")
    if not (is_whole_number(page) and 1 <= int(page) <= MAX_PAGE):
        return JsonResponse({"error": f"The page must be a whole number from 1 to {MAX_PAGE}."}, status=400)
    found = media_library.library_page(query=request.GET.get("q", ""), page=int(page))
    return JsonResponse({"images": found.images, "page": found.page, "has_next": found.has_next})


@require_GET
@writers_only
def article_links(request):
    """The articles whose titles hold the words of ?q=, as JSON, for the link dialog; ?exclude= is the id of one
    to leave out (the article being written)."""
    exclude = request.GET.get("exclude", "")
    if exclude and not is_row_id(exclude):
        error = f"exclude must be an article's id, a whole number, not “{shortened(exclude)}”."
        return JsonResponse({"error": error}, status=400)
    query = request.GET.get("q", "")
    found = link_search.link_targets(query=query, exclude=int(exclude) if exclude else None)
    return JsonResponse({"articles": found})
