"""The admin's article list: its filters, its cheap date drill-down and search count, and addresses as search terms."""

from datetime import datetime
from urllib.parse import unquote as unquote_url
from urllib.parse import urlsplit

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.functional import cached_property

from .form_inputs import is_row_id
from .models import Article, ArticleQuerySet, Tag


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("review", "In review"), ("scheduled", "Scheduled"), ("published", "Published")]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.filter(status=Article.Status.DRAFT)
            case "review":
                return queryset.filter(status=Article.Status.REVIEW)
            case "scheduled":
                return queryset.scheduled()
            case "published":
                return queryset.published()
        return queryset


class TagFilter(admin.SimpleListFilter):
    """The tags of the latest articles, not every tag; any tag's articles are linked from the tag list.

    Unlike the admin's own filter on a many-to-many field, it needs no DISTINCT over every row.
    """

    title = "tags"
    parameter_name = "tag"
    # Tag links of the newest articles looked at for the filter's choices.
    RECENT_TAG_LINKS = 100

    def lookups(self, request, model_admin):
        recent = Article.tags.through.objects.order_by("-article_id").values_list("tag_id", flat=True)
        ids = {*recent[: self.RECENT_TAG_LINKS], *([int(self.value())] if self._valid() else [])}
        return [(str(tag.pk), tag.name) for tag in Tag.objects.filter(pk__in=ids).order_by("name")]

    def _valid(self) -> bool:
        return is_row_id(self.value() or "")

    def queryset(self, request, queryset):
        if not self._valid():
            return queryset
        # An article carries a tag at most once, so joining on one tag cannot repeat a row.
        return queryset.filter(tags=self.value())


class ChangeListArticles(ArticleQuerySet):
    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        """The date drill-down's years from the first and last date (two index lookups), not from every row.

        A year between them without articles is offered too, and shows an empty list.
        """
        if kind != "year":
            return super().datetimes(field_name, kind, order, tzinfo)
        bounds = self.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        first, last = (timezone.localtime(bounds[end]).year for end in ("first", "last"))
        years = [datetime(year, 1, 1, tzinfo=timezone.get_current_timezone()) for year in range(first, last + 1)]
        return years if order == "ASC" else years[::-1]


class SearchPaginator(Paginator):
    """Counts a search's matches up to a limit, past which the list says "more than" that many.

    A word found in nearly every article would otherwise have the database test every row for the count
    alone, about a second at 100,000 articles, when the page needs only the first hundred.
    """

    count_limit = 1000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.count_limit + 1].count()

    @property
    def over_limit(self) -> bool:
        return self.count > self.count_limit


class ArticleChangeList(ChangeList):
    def get_results(self, request):
        # The list shows a few columns: the bodies stay in the database.
        self.queryset = self.queryset.defer("body", "body_html", "toc", "extra_front_matter")
        # The date drill-down asks this queryset for its years; ChangeListArticles answers cheaply.
        self.queryset.__class__ = ChangeListArticles
        super().get_results(request)


def article_slug_in_address(text: str) -> str | None:
    """The slug of the article page at `text`, a full address or a path such as /articles/<slug>/; else None."""
    text = text.strip()
    parts = urlsplit(text)
    if not (parts.scheme in ("http", "https") and parts.netloc) and not text.startswith("/"):
        return None
    try:
        match = resolve(unquote_url(parts.path) or "/")
    except Resolver404:
        return None
    return match.kwargs["slug"] if match.view_name == "articles:article" else None
