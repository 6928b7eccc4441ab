"""Folio's URLs and the bench's yardstick: a view that reads one row and renders one small template."""

from django.shortcuts import render
from django.urls import include, path

from articles.models import Article


def one_query(request):
    article = Article.objects.only("title", "slug").order_by("-id").first()
    return render(request, "bench/one_query.html", {"article": article})


urlpatterns = [
    path("bench/one-query/", one_query),
    path("", include("cms.urls")),
]
