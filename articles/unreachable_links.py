"""Links in an article's body to articles of this site that its readers cannot reach: a draft, one in review, one
scheduled for later than the article, or an address no article has.

Told to the writer on saving, and to the editor after the Publish action, as a warning: the save or the publishing
goes through, since the other article may be on its way. Only for an article readers see or will see (published or
scheduled); a draft linking to drafts is how work begins.

The links are the rendered body's (rendering.link_addresses: those of the Markdown, its bare addresses and its own
HTML, none shown as code). Those on this site count: relative ones, read from the article's own address, and
absolute ones on SITE_URL; other sites' do not. An article's earlier slug and the old site's addresses an import
gave it still lead to it (old_addresses.py). One query looks up all of them, for one article or for all those a bulk
action published or scheduled; an import checks the articles it wrote the same way once they all are
(import_unreachable.py), a query for each LOOKUP_SIZE addresses.
"""

from collections.abc import Sequence
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.db.models import F, Q
from django.utils import dateformat, timezone

from .models import Article
from .old_addresses import earlier_slug, normalize_path
from .rendering import link_addresses

# The links of one body to check: the path on this site each leads to -> (the link as written, the slug it names).
Linked = dict[str, tuple[str, str]]

# Addresses looked up in one query: well under any database's limit on a query's parameters (SQLite's 32,766), for
# an import whose thousands of articles link to each other.
LOOKUP_SIZE = 2000


class UnreachableLink(NamedTuple):
    address: str  # as the body has it, decoded
    reason: str

    @property
    def message(self) -> str:
        return f"The link to {self.address} leads nowhere yet: {self.reason}."


def unreachable_links(*, article: Article, body_html: str) -> list[UnreachableLink]:
    """The links of `body_html` (the article's rendered body) to articles of this site that readers of `article`
    cannot follow when they see it, in the order they come, one for each address."""
    return unreachable_links_of_each(bodies=[(article, body_html)])[0]


def unreachable_links_of_each(*, bodies: Sequence[tuple[Article, str]]) -> list[list[UnreachableLink]]:
    """unreachable_links() for each (article, its rendered body) of `bodies`, in their order, all looked up in one
    query: a bulk action checks the articles it moved at the cost of one."""
    return unreachable_of_each(
        linked_each=[(article, linked_in(article=article, body_html=body_html)) for article, body_html in bodies]
    )


def unreachable_of_each(*, linked_each: Sequence[tuple[Article, Linked]]) -> list[list[UnreachableLink]]:
    """The unreachable links of each (article, what linked_in() found in its body), in their order."""
    by_slug, by_old_address = _targets({path: slug for _, linked in linked_each for path, (_, slug) in linked.items()})
    unreachable_each = []
    for article, linked in linked_each:
        # Its readers come when it is published: a link to an article published before then is no dead end.
        seen_from = max(timezone.now(), article.publish_date) if linked else None
        unreachable = []
        for path, (written, slug) in linked.items():
            target = by_slug.get(slug) or by_old_address.get(path)
            if target is None or not target.is_published(now=seen_from):
                unreachable.append(UnreachableLink(written, _why(target, linking=article)))
        unreachable_each.append(unreachable)
    return unreachable_each


def linked_in(*, article: Article, body_html: str) -> Linked:
    """An address on this site of each article `body_html` links to -> (the link as written, the slug it names);
    none for an article readers do not see."""
    if not (article.is_published() or article.is_scheduled()):
        return {}
    hrefs = link_addresses(body_html)
    if not hrefs:
        return {}
    linked: Linked = {}
    base, host = article.get_absolute_url(), urlsplit(settings.SITE_URL).netloc.lower()
    for href in hrefs:
        path = _path_on_this_site(href, base=base, host=host)
        slug = earlier_slug(path) if path else None
        if slug is not None and slug != article.slug:
            linked.setdefault(path, (unquote(href), slug))
    return linked


def _targets(wanted: dict[str, str]) -> tuple[dict[str, Article], dict[str, Article]]:
    """The articles at the addresses of `wanted` (path -> the slug it names), by slug and by old address; a query
    for each LOOKUP_SIZE of them."""
    by_slug: dict[str, Article] = {}
    by_old_address: dict[str, Article] = {}
    addresses = list(wanted.items())
    for start in range(0, len(addresses), LOOKUP_SIZE):
        some = addresses[start : start + LOOKUP_SIZE]
        found = (
            Article.objects.filter(
                Q(slug__in={slug for _, slug in some}) | Q(old_addresses__path__in=[path for path, _ in some])
            )
            .only("slug", "status", "publish_date")
            .annotate(old_path=F("old_addresses__path"))
            .order_by()
        )
        for target in found:
            by_slug[target.slug] = target
            by_old_address[target.old_path] = target
    return by_slug, by_old_address


def _path_on_this_site(href: str, *, base: str, host: str) -> str | None:
    """The path, in its one normal form, that `href` leads to on this site (whose address is on `host`); None for
    another site's address."""
    parts = urlsplit(href)
    other_site = parts.scheme.lower() not in ("http", "https", "") or parts.netloc.lower() != host
    if (parts.scheme or parts.netloc) and other_site:
        return None
    try:
        return normalize_path(unquote(urlsplit(urljoin(base, parts.path)).path), decoded=True)
    except ValueError:  # the home page, or no path at all
        return None


def _why(target: Article | None, *, linking: Article) -> str:
    if target is None:
        return "no article has that address"
    if target.status == Article.Status.DRAFT:
        return "that article is a draft"
    if target.status == Article.Status.REVIEW:
        return "that article is in review"
    if target.publish_date is None:
        return "that article has no publish date"
    moment = dateformat.format(timezone.localtime(target.publish_date), "j F Y, H:i")
    return f"that article is scheduled for {moment}" + (", after this one" if linking.is_scheduled() else "")
