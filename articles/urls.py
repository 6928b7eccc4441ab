from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds, views
from .sitemaps import SITEMAPS, stored_sitemap

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<str:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("authors/<str:slug>/", views.AuthorArticlesView.as_view(), name="author"),
    path("tags/<str:slug>/", views.TagArticlesView.as_view(), name="tag"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="atom"),
    path("sitemap.xml", stored_sitemap(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("preview/<str:signed_token>/", views.SharedArticleView.as_view(), name="share"),
]
