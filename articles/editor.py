"""The Markdown editor's two endpoints (live preview and image upload), for staff only.

django-markdownx ships these views open to anyone; Folio serves its own behind the admin login,
to staff who may write articles (writers and editors).
"""

from functools import wraps

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

from .images import ImageRejected, read_upload, store_image
from .rendering import markdownify


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
        name = store_image(read_upload(upload), folder="images", original_name=upload.name)
    except ImageRejected as error:
        return JsonResponse({"image": [f"{upload.name}: {error}"]}, status=400)
    return JsonResponse({"image_code": f"![]({default_storage.url(name)})"})
