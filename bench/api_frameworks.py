"""Which framework for the content API: the CPU one list request costs with each, the same rows from the same query.

    bench/api_frameworks.py [--articles 20] [--requests 2000]

A fresh SQLite database (the queries are the same for each, so the database's share is the same too). Three
views answer GET with the same 20 articles (title, slug, dates, author, tags, hero, read time) as JSON:

- plain Django: dicts built by hand, JsonResponse (the floor);
- Django REST framework: a Serializer and an APIView with no authentication or permission classes
  (drf-spectacular would generate its schema once, not per request);
- django-ninja: a pydantic Schema as the route's response model (its OpenAPI schema is built in).

Each is called through Django's test client with Folio's middleware, and the process CPU per request is printed.
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django_setup import start_django

FIELDS = ("title", "slug", "subtitle", "description", "language", "read_time_minutes", "hero_image_url")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20, help="articles in each response (20)")
    parser.add_argument("--requests", type=int, default=2000, help="requests timed for each framework (2000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds, frameworks taking turns (5)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="folio-api-frameworks-"))
    start_django(database_url=f"sqlite:///{work / 'bench.sqlite3'}")
    from datetime import datetime

    from django.http import JsonResponse
    from django.test import Client
    from django.test.utils import override_settings, setup_databases, teardown_databases
    from django.urls import path
    from django.utils import timezone
    from ninja import NinjaAPI, Schema
    from rest_framework import serializers
    from rest_framework.renderers import JSONRenderer
    from rest_framework.response import Response
    from rest_framework.views import APIView

    from articles.models import Article, Author, Tag, tags_in_order_prefetch

    def rows() -> list[Article]:
        return list(
            Article.objects.published()
            .for_listing()
            .prefetch_related(tags_in_order_prefetch())
            .order_by("-publish_date", "-id")[: args.articles]
        )

    def plain_view(request):
        data = [
            {
                **{name: getattr(a, name) for name in FIELDS},
                "publish_date": a.publish_date,
                "author": {"name": a.author.name, "slug": a.author.slug},
                "tags": [{"name": t.name, "slug": t.slug} for t in a.tags.all()],
            }
            for a in rows()
        ]
        return JsonResponse({"results": data})

    class NamedSerializer(serializers.Serializer):
        name = serializers.CharField()
        slug = serializers.CharField()

    class ArticleSerializer(serializers.Serializer):
        title = serializers.CharField()
        slug = serializers.CharField()
        subtitle = serializers.CharField()
        description = serializers.CharField()
        language = serializers.CharField()
        read_time_minutes = serializers.IntegerField()
        hero_image_url = serializers.CharField()
        publish_date = serializers.DateTimeField()
        author = NamedSerializer()
        tags = NamedSerializer(many=True)

    class DrfView(APIView):
        authentication_classes = []
        permission_classes = []
        renderer_classes = [JSONRenderer]

        def get(self, request):
            return Response({"results": ArticleSerializer(rows(), many=True).data})

    class NamedOut(Schema):
        name: str
        slug: str

    class ArticleOut(Schema):
        title: str
        slug: str
        subtitle: str
        description: str
        language: str
        read_time_minutes: int
        hero_image_url: str
        publish_date: datetime
        author: NamedOut
        tags: list[NamedOut]

        @staticmethod
        def resolve_tags(article):
            return list(article.tags.all())

    class ListOut(Schema):
        results: list[ArticleOut]

    ninja_api = NinjaAPI(urls_namespace="bench-ninja")

    @ninja_api.get("/articles", response=ListOut)
    def ninja_list(request):
        return {"results": rows()}

    module = sys.modules[__name__]
    module.urlpatterns = [
        path("plain/", plain_view),
        path("drf/", DrfView.as_view()),
        path("ninja/", ninja_api.urls),
    ]

    databases = setup_databases(verbosity=0, interactive=False)
    try:
        author = Author.objects.create(name="Bench Writer", slug="bench-writer")
        tags = [Tag.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(5)]
        now = timezone.now()
        for n in range(args.articles * 2):
            article = Article.objects.create(
                title=f"Article {n}",
                slug=f"article-{n}",
                subtitle="A subtitle",
                description="What it is about.",
                author=author,
                body="Words.",
                hero_image_url=f"https://example.org/{n}.jpg",
                status=Article.Status.PUBLISHED,
                publish_date=now - timedelta(minutes=n),
            )
            article.set_tags(tags[n % 3 : n % 3 + 3])
        client = Client(HTTP_HOST="127.0.0.1")
        urls = {"plain Django": "/plain/", "DRF": "/drf/", "django-ninja": "/ninja/articles"}
        with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
            bodies = {name: client.get(url).json() for name, url in urls.items()}
            assert len({len(body["results"]) for body in bodies.values()}) == 1, "each must answer the same rows"
            timings = {name: [] for name in urls}
            for _ in range(args.rounds):
                for name, url in urls.items():
                    started = time.process_time()
                    for _ in range(args.requests // args.rounds):
                        client.get(url)
                    timings[name].append((time.process_time() - started) / (args.requests // args.rounds) * 1000)
        floor = statistics.median(timings["plain Django"])
        print(f"{args.articles} articles per response; CPU ms per request, median of {args.rounds} rounds")
        print(f"{'framework':<14} {'ms/request':>10} {'over plain':>11}")
        for name, values in timings.items():
            median = statistics.median(values)
            print(f"{name:<14} {median:>10.2f} {median - floor:>+10.2f}  (x{median / floor:.2f})")
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
