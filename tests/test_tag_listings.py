"""A tag's page reads its articles from TagListing: the listing follows every change to articles and tags."""

from datetime import timedelta

import lxml.html
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, TagListing
from tests.factories import make_article, make_tag
from tests.markdown_files import article_text, run, write


def on_tag_page(client, tag) -> list[str]:
    response = client.get(reverse("articles:tag", args=[tag.slug]))
    if response.status_code == 404:  # a tag without a published article has no page
        return []
    assert response.status_code == 200
    return lxml.html.fromstring(response.content).xpath('//*[@class="card-title"]/a/text()')


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def test_a_tag_page_lists_its_published_articles_newest_first(client, db):
    tag = make_tag()
    make_article(title="Older", publish_date=days_ago(3), tags=[tag])
    make_article(title="Newer", publish_date=days_ago(1), tags=[tag])
    make_article(title="Draft", status=Article.Status.DRAFT, publish_date=days_ago(2), tags=[tag])
    make_article(title="Scheduled", publish_date=timezone.now() + timedelta(days=1), tags=[tag])
    make_article(title="Elsewhere", publish_date=days_ago(1), tags=[make_tag()])
    assert on_tag_page(client, tag) == ["Newer", "Older"]


def test_the_tag_page_follows_each_save_of_status_and_date(client, db):
    tag = make_tag()
    make_article(title="Steady", publish_date=days_ago(2), tags=[tag])
    moving = make_article(title="Moving", status=Article.Status.DRAFT, publish_date=days_ago(1), tags=[tag])
    assert on_tag_page(client, tag) == ["Steady"]
    moving.status = Article.Status.PUBLISHED
    moving.save()
    assert on_tag_page(client, tag) == ["Moving", "Steady"]
    moving.publish_date = days_ago(5)
    moving.save()
    assert on_tag_page(client, tag) == ["Steady", "Moving"]
    moving.publish_date = timezone.now() + timedelta(hours=1)
    moving.save()
    assert on_tag_page(client, tag) == ["Steady"]
    moving.publish_date = days_ago(1)
    moving.status = Article.Status.DRAFT
    moving.save()
    assert on_tag_page(client, tag) == ["Steady"]


def test_tags_changed_from_either_side_reach_the_tag_page(client, db):
    tag, other = make_tag(), make_tag()
    first = make_article(title="First", publish_date=days_ago(1))
    second = make_article(title="Second", publish_date=days_ago(2))
    first.tags.add(tag)
    tag.articles.add(second)
    assert on_tag_page(client, tag) == ["First", "Second"]
    first.tags.remove(tag)
    assert on_tag_page(client, tag) == ["Second"]
    second.tags.set([other])
    assert on_tag_page(client, tag) == []
    assert on_tag_page(client, other) == ["Second"]
    other.articles.remove(second)
    assert on_tag_page(client, other) == []
    first.tags.set([tag, other])
    tag.articles.clear()
    assert on_tag_page(client, tag) == []
    assert on_tag_page(client, other) == ["First"]
    first.tags.clear()
    assert on_tag_page(client, other) == []
    assert not TagListing.objects.exists()


def test_deleting_a_tag_or_an_article_deletes_its_listings(db):
    tag, other = make_tag(), make_tag()
    kept = make_article(tags=[tag, other])
    gone = make_article(tags=[tag])
    gone.delete()
    tag.delete()
    assert list(TagListing.objects.values_list("article_id", "tag_id")) == [(kept.pk, other.pk)]


def test_imported_articles_are_listed_under_their_tags(client, db, tmp_path):
    write(tmp_path, "tagged.md", article_text(title="'Imported and tagged'", tags="['Harbours', 'Night']"))
    status, _ = run(str(tmp_path))
    assert status == 0
    listing = TagListing.objects.get(tag__slug="harbours")
    assert (listing.article.title, listing.status) == ("Imported and tagged", Article.Status.PUBLISHED)
    assert listing.publish_date == listing.article.publish_date
    assert on_tag_page(client, listing.tag) == ["Imported and tagged"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_on_postgresql_the_tag_page_reads_the_listing_index_in_order(db):
    tag = make_tag()
    for days in range(3):
        make_article(publish_date=days_ago(days + 1), tags=[tag])
    # Without scans of whole tables or sorts, the plan has to walk the listing index in the page's order.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off; SET enable_sort = off")
        plan = Article.objects.for_listing().tagged(tag)[:10].explain()
        cursor.execute("RESET enable_seqscan; RESET enable_sort")
    assert "tag_listing_newest_idx" in plan


# Write paths that send no signal: the database's triggers keep the listing right all the same.


def test_a_status_changed_by_queryset_update_reaches_the_tag_page(client, db):
    tag = make_tag()
    make_article(title="Stays", publish_date=days_ago(2), tags=[tag])
    make_article(title="Withdrawn", publish_date=days_ago(1), tags=[tag])
    Article.objects.filter(title="Withdrawn").update(status=Article.Status.DRAFT)
    assert on_tag_page(client, tag) == ["Stays"]
    Article.objects.filter(title="Withdrawn").update(status=Article.Status.PUBLISHED, publish_date=days_ago(3))
    assert on_tag_page(client, tag) == ["Stays", "Withdrawn"]


def test_tag_links_made_in_bulk_or_by_raw_sql_reach_the_tag_page(client, db):
    tag = make_tag()
    bulk = make_article(title="Linked in bulk", publish_date=days_ago(1))
    raw = make_article(title="Linked by SQL", publish_date=days_ago(2))
    Article.tags.through.objects.bulk_create([Article.tags.through(article_id=bulk.pk, tag_id=tag.pk)])
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO articles_article_tags (article_id, tag_id) VALUES (%s, %s)", [raw.pk, tag.pk])
    assert on_tag_page(client, tag) == ["Linked in bulk", "Linked by SQL"]
    Article.tags.through.objects.filter(article_id=bulk.pk).delete()
    assert on_tag_page(client, tag) == ["Linked by SQL"]


def test_the_listing_holds_exactly_one_row_per_tag_link_after_every_kind_of_write(db):
    tags = [make_tag() for _ in range(3)]
    article = make_article(tags=tags[:2])
    article.tags.add(tags[2])
    article.tags.remove(tags[0])
    Article.objects.filter(pk=article.pk).update(publish_date=days_ago(9))
    links = set(Article.tags.through.objects.values_list("tag_id", "article_id"))
    listings = list(TagListing.objects.values_list("tag_id", "article_id", "publish_date"))
    assert {(tag_id, article_id) for tag_id, article_id, _ in listings} == links
    assert len(listings) == len(links)
    article.refresh_from_db()
    assert {date for *_, date in listings} == {article.publish_date}
