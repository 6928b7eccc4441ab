from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from .models import Article, Author, CallToAction, ShareLink, SlugRedirect, Tag

# Shorter articles read fine without a table of contents.
MIN_TOC_ENTRIES = 3


class PublishedListMixin:
    """Paginated lists of what readers may see, newest first, with each card's author in the same query."""

    paginate_by = settings.ARTICLES_PER_PAGE
    context_object_name = "articles"

    def published_articles(self):
        return Article.objects.published().for_listing().order_by("-publish_date", "-id")


class HomeView(PublishedListMixin, ListView):
    template_name = "articles/article_list.html"

    def get_queryset(self):
        return self.published_articles()


class AuthorArticlesView(PublishedListMixin, ListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return self.published_articles().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class TagArticlesView(PublishedListMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return self.published_articles().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArticlePageMixin:
    context_object_name = "article"
    template_name = "articles/article_detail.html"

    def get_context_data(self, **kwargs):
        article = self.object
        return super().get_context_data(
            call_to_action=article.call_to_action or CallToAction.site_default(),
            is_preview=not article.is_published(),
            toc=article.toc if len(article.toc) >= MIN_TOC_ENTRIES else [],
            **kwargs,
        )


class ArticleDetailView(ArticlePageMixin, DetailView):
    def get_queryset(self):
        # Staff see drafts and scheduled articles on the real page, under a preview banner.
        articles = Article.objects.all() if self.request.user.is_staff else Article.objects.published()
        return articles.select_related("author", "call_to_action").prefetch_related("tags")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = SlugRedirect.objects.select_related("article").filter(old_slug=kwargs["slug"]).first()
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.article.get_absolute_url())


class SharedArticleView(ArticlePageMixin, DetailView):
    """One article shown through a share link: nothing else, never indexed, never cached."""

    def get_object(self, queryset=None):
        self.share_link = ShareLink.find_active(self.kwargs["signed_token"])
        if self.share_link is None:
            raise Http404("This share link is not valid: it may have expired or been revoked.")
        return self.share_link.article

    def get_context_data(self, **kwargs):
        return super().get_context_data(share_link=self.share_link, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        return response
