from django.conf import settings
from django.db.models.functions import Lower
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import get_language_info
from django.views.generic import DetailView, ListView

from . import stored_pages
from .metadata import absolute, article_meta, page_meta
from .models import Article, Author, ShareLink, Tag
from .search import search

# Shorter articles read fine without a table of contents.
MIN_TOC_ENTRIES = 3
RELATED_COUNT = 3
# The authors or topics on one page of their index: a whole site's on one page, for most sites.
INDEX_PAGE_SIZE = 300


def language_name(code: str) -> str:
    try:
        # Django's table knows pt-br and zh-hans; language tags ignore case (BCP 47), and imports keep pt-BR.
        return get_language_info(code.lower())["name_local"]
    except KeyError:
        return code


class ListMetaMixin:
    """A paginated page's title and metadata: its number in the title and the address of all but the first."""

    def page_title(self, title: str, page) -> str:
        return f"{title}, page {page.number}" if page and page.number > 1 else title

    def list_meta(self, *, title: str, description: str, noindex: bool = False, query: str = ""):
        page = self.page
        path = self.request.path
        params = {"q": query} if query else {}
        if page and page.number > 1:
            params["page"] = page.number
        if params:
            path += "?" + urlencode(params)
        return page_meta(title=self.page_title(title, page), description=description, path=path, noindex=noindex)


class PublishedListMixin(ListMetaMixin):
    """Paginated lists of what readers may see, newest first, with each card's author in the same query."""

    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    # What a change to this list's articles deletes: the stored pages of this list (see stored_pages.py).
    list_keys: tuple[str, ...] = ()

    def published_articles(self):
        return Article.objects.published().for_listing().order_by("-publish_date", "-id")

    # An author's or a tag's page is there while one of its articles is published: the rule of
    # ListPageQuerySet.with_published_articles(), whose published_articles() the page lists. Its paginator's count
    # says so, where looking the author or tag up through that rule compiled a subquery on every request.
    only_while_published = False

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        if self.only_while_published and not paginator.count:
            raise Http404("Nothing published here.")
        return paginator, page, object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.page = context.get("page_obj")
        context["meta"] = self.get_meta()
        cards = self.page.object_list if self.page else context["object_list"]
        stored_pages.depends_on(self.request, *self.list_keys, *{f"author:{article.author_id}" for article in cards})
        return context


class HomeView(PublishedListMixin, ListView):
    template_name = "articles/article_list.html"
    list_keys = ("list:home",)

    def get_queryset(self):
        return self.published_articles()

    def get_meta(self):
        title = settings.SITE_NAME if self.page.number == 1 else "Latest articles"
        return self.list_meta(title=title, description=f"The latest articles from {settings.SITE_NAME}.")


class ListPageMixin(PublishedListMixin):
    """An author's or a tag's page, found by its slug in any case (ListPageQuerySet.by_slug(), as the content API
    finds it): another case answers 301 to the page's own address, so that each has one."""

    only_while_published = True
    owner_model: type[Author | Tag]

    def get(self, request, *args, **kwargs):
        self.owner = self.owner_model.objects.by_slug(kwargs["slug"])
        if self.owner is None:
            raise Http404("No such page.")
        if self.owner.slug != kwargs["slug"]:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(self.owner.get_absolute_url() + (f"?{query}" if query else ""))
        return super().get(request, *args, **kwargs)


class AuthorArticlesView(ListPageMixin, ListView):
    template_name = "articles/author_detail.html"
    owner_model = Author

    def get_queryset(self):
        self.author = self.owner
        self.list_keys = stored_pages.list_keys(self.author)
        return Author.objects.published_articles(self.author).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)

    def get_meta(self):
        return self.list_meta(
            title=self.author.name, description=f"Articles by {self.author.name} on {settings.SITE_NAME}."
        )


class TagArticlesView(ListPageMixin, ListView):
    template_name = "articles/tag_detail.html"
    owner_model = Tag

    def get_queryset(self):
        self.tag = self.owner
        self.list_keys = stored_pages.list_keys(self.tag)
        return Tag.objects.published_articles(self.tag).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def get_meta(self):
        return self.list_meta(
            title=self.tag.name, description=f"Articles about {self.tag.name} on {settings.SITE_NAME}."
        )


class IndexView(ListMetaMixin, ListView):
    """Every author or every tag with a published article, by name, with how many each has: where a reader
    browses the site by who writes and what about, and where an old site's /tags/ link lands."""

    model: type[Author | Tag]
    paginate_by = INDEX_PAGE_SIZE
    title = ""
    description = ""  # {site}: the site's name
    # A count changes when an article is published, withdrawn or edited (the home page's list); a name when its
    # row is edited (each row's key, below).
    list_keys: tuple[str, ...] = ("list:home",)

    def get_queryset(self):
        return self.model.objects.with_published_counts().order_by(Lower("name"), "slug")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.page = context["page_obj"]
        description = self.description.format(site=settings.SITE_NAME)
        context.update(heading=self.title, meta=self.list_meta(title=self.title, description=description))
        name = self.model._meta.model_name
        rows = (f"{name}:{row.pk}" for row in context["object_list"])
        stored_pages.depends_on(self.request, *self.list_keys, *rows)
        return context


class AuthorIndexView(IndexView):
    model = Author
    context_object_name = "authors"
    template_name = "articles/author_index.html"
    title = "Authors"
    description = "Everyone who writes for {site}."

    def get_queryset(self):
        return super().get_queryset().only("name", "slug", "avatar", "bio_html")


class TagIndexView(IndexView):
    model = Tag
    context_object_name = "tags"
    template_name = "articles/tag_index.html"
    title = "Topics"
    description = "Every topic {site} writes about."
    # And when an article gains or loses a tag, however the link is written.
    list_keys = (*IndexView.list_keys, "list:tags")


class SearchView(PublishedListMixin, ListView):
    template_name = "articles/search.html"

    def get_queryset(self):
        self.query = " ".join(self.request.GET.get("q", "").split())[:200]
        return search(self.published_articles(), self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query,
            # Keeps the query in the pagination links.
            page_query=urlencode({"q": self.query}) + "&" if self.query else "",
            **kwargs,
        )

    def get_meta(self):
        title = f"Search: {self.query}" if self.query else "Search"
        # Result pages are for people, not for search engines' indexes.
        return self.list_meta(
            title=title, description=f"Search the articles of {settings.SITE_NAME}.", noindex=True, query=self.query
        )


class ArticlePageMixin:
    context_object_name = "article"
    template_name = "articles/article_detail.html"

    def with_page_relations(self, articles):
        # Its tags and translations are read by a plain query each (tags_in_order(), translations_in_order()),
        # which costs less than a prefetch of one article's.
        return articles.select_related("author", "call_to_action")

    def get_context_data(self, **kwargs):
        article = self.object
        tags = article.tags_in_order()
        translations = article.translations_in_order()
        related = list(
            Article.objects.published()
            .for_listing()
            .related_to(article, tag_ids=[tag.pk for tag in tags], exclude_ids=[t.pk for t in translations])[
                :RELATED_COUNT
            ]
        )
        call_to_action = article.effective_call_to_action()
        show_hero, body_html = article.page_body()
        stored_pages.depends_on(
            self.request,
            f"article:{article.pk}",
            f"author:{article.author_id}",
            # The site's default is shown when the article has none of its own, or its own is removed.
            f"cta:{article.call_to_action_id}" if article.call_to_action_id else "cta:default",
            *(f"tag:{tag.pk}" for tag in tags),
            *(f"article:{other.pk}" for other in translations),
            # An edit to a related article may lag on this page; see articles/triggers.py.
            *(f"related:{other.pk}" for other in related),
            *(f"author:{other.author_id}" for other in related),
        )
        return super().get_context_data(
            call_to_action=call_to_action,
            show_hero=show_hero,
            body_html=body_html,
            is_preview=not article.is_published(),
            toc=article.toc if len(article.toc) >= MIN_TOC_ENTRIES else [],
            tags=tags,
            translations=[
                {
                    "title": t.title,
                    "url": t.get_absolute_url(),
                    "language": t.language,
                    "name": language_name(t.language),
                }
                for t in translations
            ],
            related=related,
            share_link=None,
            changes_preview=None,
            meta=article_meta(article, tags=tags, translations=translations),
            **kwargs,
        )


class ArticleDetailView(ArticlePageMixin, DetailView):
    def get_queryset(self):
        # Staff see drafts and scheduled articles on the real page, under a preview banner.
        articles = Article.objects.all() if self.request.user.is_staff else Article.objects.published()
        return self.with_page_relations(articles)


class PrivatePageMixin:
    """A page for a few eyes: never indexed, never cached."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        return response


class SharedArticleView(PrivatePageMixin, ArticlePageMixin, DetailView):
    """One article shown through a share link: nothing else, never indexed, never cached."""

    def get_object(self, queryset=None):
        self.share_link = ShareLink.find_active(self.kwargs["signed_token"])
        if self.share_link is None:
            raise Http404("This share link is not valid: it may have expired or been revoked.")
        return self.with_page_relations(Article.objects.filter(pk=self.share_link.article_id)).get()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["share_link"] = self.share_link
        return context


class ChangesPreviewView(PrivatePageMixin, ArticlePageMixin, DetailView):
    """An article as its pending change (articles/pending.py) would make it, for staff from the article form: the
    text autosave kept, rendered but never saved, never indexed, never cached. Readers keep the article as saved."""

    preview = None  # articles.pending.ChangesPreview
    pending = None
    form_url = ""

    def get_object(self, queryset=None):
        return self.preview.article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes_preview"] = {
            "pending": self.pending,
            "refused": self.preview.refused,
            "unshown": self.preview.unshown,
            "form_url": self.form_url,
            "live": self.object.is_published(),
        }
        return context


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute(reverse('articles:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
