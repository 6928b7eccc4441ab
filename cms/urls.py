from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from articles import editor
from articles.api.views import api
from cms import health, login_limit, media

admin.site.login_form = login_limit.LimitedAdminAuthenticationForm

handler400 = "cms.errors.bad_request"
handler500 = "cms.errors.server_error"

urlpatterns = [
    # Before admin.site.urls, whose catch-all would otherwise answer these.
    path("admin/markdownx/markdownify/", editor.preview, name="markdownx_markdownify"),
    path("admin/markdownx/upload/", editor.upload_image, name="markdownx_upload"),
    path("admin/media-library/", editor.library, name="media_library"),
    path("admin/article-links/", editor.article_links, name="article_links"),
    path("admin/login/", login_limit.admin_login),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media.media, name="media"),
    ]
