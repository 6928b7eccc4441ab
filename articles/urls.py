from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from . import feeds, views
from .sitemaps import SITEMAPS, stored_sitemap

app_name = "articles"


def for_readers(view):
    """Readers only read here: another method is answered 405 naming GET and HEAD. No form posts to these
    addresses, so there is no CSRF token to check, and the check would answer a POST 403 instead."""
    return csrf_exempt(require_safe(view))


urlpatterns = [
    path("", for_readers(views.HomeView.as_view()), name="home"),
    path("articles/<str:slug>/", for_readers(views.ArticleDetailView.as_view()), name="article"),
    path("authors/", for_readers(views.AuthorIndexView.as_view()), name="authors"),
    path("authors/<str:slug>/", for_readers(views.AuthorArticlesView.as_view()), name="author"),
    path("authors/<str:slug>/feed/", for_readers(feeds.AuthorFeed()), name="author_feed"),
    path("tags/", for_readers(views.TagIndexView.as_view()), name="tags"),
    path("tags/<str:slug>/", for_readers(views.TagArticlesView.as_view()), name="tag"),
    path("tags/<str:slug>/feed/", for_readers(feeds.TagFeed()), name="tag_feed"),
    path("search/", for_readers(views.SearchView.as_view()), name="search"),
    path("feed/", for_readers(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", for_readers(feeds.LatestArticlesAtomFeed()), name="atom"),
    path("sitemap.xml", for_readers(stored_sitemap(sitemap)), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", for_readers(views.robots_txt), name="robots"),
    path("preview/<str:signed_token>/", for_readers(views.SharedArticleView.as_view()), name="share"),
]
