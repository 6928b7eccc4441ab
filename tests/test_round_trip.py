"""Export then import into an empty database gives the same articles, field for field and page for page."""

import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.text import slugify
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.exporting import export_articles
from articles.images import store_image
from articles.importing import import_paths
from articles.models import Article, Author, CallToAction, Tag
from tests.factories import make_article
from tests.markdown_files import png

PROJECT = Path(__file__).resolve().parent.parent
SITE_ZONE = "Europe/Paris"


def snapshot() -> dict[str, dict]:
    """Every article as the fields a reader or an editor sees, keyed by slug."""
    articles = Article.objects.select_related("author", "call_to_action").prefetch_related("tags", "translations")
    return {
        article.slug: {
            "title": article.title,
            "subtitle": article.subtitle,
            "description": article.description,
            "author": (article.author.name, article.author.slug),
            "body": article.body,
            "body_html": article.body_html,
            "toc": article.toc,
            "word_count": article.word_count,
            "read_time": article.read_time,
            "read_time_minutes": article.read_time_minutes,
            "hero_image": article.hero_image.name,
            "hero_image_url": article.hero_image_url,
            "hero_image_alt": article.hero_image_alt,
            "call_to_action": article.call_to_action.text if article.call_to_action else None,
            "tags": sorted((tag.name, tag.slug) for tag in article.tags.all()),
            "status": article.status,
            "published": article.is_published(),
            "scheduled": article.is_scheduled(),
            "publish_date": article.publish_date,
            "created_date": article.created_date,
            "language": article.language,
            "translations": sorted(other.slug for other in article.translations.all()),
            "extra_front_matter": article.extra_front_matter,
        }
        for article in articles
    }


def empty_database() -> None:
    Article.objects.all().delete()
    Author.objects.all().delete()
    Tag.objects.all().delete()
    CallToAction.objects.all().delete()


def export_and_reimport(workdir: Path) -> tuple[dict, object]:
    """Export everything, empty the database and the media, import the export; return the new snapshot."""
    export_articles(outdir=workdir / "export")
    empty_database()
    with override_settings(MEDIA_ROOT=workdir / "fresh-media"):
        report = import_paths([workdir / "export"])
        return snapshot(), report


# Generated articles

words = st.sampled_from(["harbour", "lantern", "tide", "quay", "desk", "proof", "column", "margin", "ink", "night"])
# Any printable text, without braces (template tags) and carriage returns, which an import reads on purpose.
free_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="{}\r"),
    min_size=1,
    max_size=40,
)
line = free_text.map(lambda text: " ".join(text.split())).filter(bool)
zones = st.sampled_from([UTC, ZoneInfo(SITE_ZONE), ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata")])
instants = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2035, 12, 31), timezones=zones, allow_imaginary=False
)
site_midnights = st.dates(min_value=date(2001, 1, 1), max_value=date(2035, 12, 31)).map(
    lambda day: datetime.combine(day, time(), tzinfo=ZoneInfo(SITE_ZONE))
)
dates = st.one_of(instants, site_midnights)


@st.composite
def bodies(draw) -> str:
    blocks = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["paragraph", "heading", "list", "code", "remote image", "local image", "quote"]))
        if kind == "paragraph":
            blocks.append(draw(line))
        elif kind == "heading":
            blocks.append(f"## {draw(line)}")
        elif kind == "list":
            blocks.append("\n".join(f"- {draw(line)}" for _ in range(draw(st.integers(1, 3)))))
        elif kind == "code":
            blocks.append(f"```\n{draw(free_text)}\n```")
        elif kind == "quote":
            blocks.append(f"> {draw(line)}")
        else:
            alt = draw(words)
            if kind == "remote image":
                blocks.append(f"![{alt}](https://example.org/{draw(words)}.png)")
            else:
                name = store_image(png((draw(st.integers(0, 255)), 20, 30)))
                blocks.append(f'![{alt}]({default_storage.url(name)} "{draw(words)}")')
    lead = draw(st.sampled_from(["", "\n"]))
    return lead + "\n\n".join(blocks) + draw(st.sampled_from(["", "\n"]))


def valid_extra(extra: dict) -> dict:
    """updatedDate is read as a date on import, so a generated one must be a date."""
    if "updatedDate" in extra:
        extra = {**extra, "updatedDate": "2024-05-06"}
    return extra


@st.composite
def articles(draw, slug: str) -> Article:
    title = draw(line)
    now = timezone.now()
    state = draw(st.sampled_from(["published", "scheduled", "draft", "dated draft"]))
    if state == "published":
        publish_date = draw(dates.filter(lambda value: value < now))
    elif state == "scheduled":
        publish_date = now + timedelta(days=draw(st.integers(1, 3000)), seconds=draw(st.integers(0, 86399)))
    elif state == "dated draft":
        publish_date = draw(dates)
    else:
        publish_date = None
    hero = draw(st.sampled_from(["none", "url", "stored"]))
    author_name = draw(st.sampled_from(["Nadia Ferreira", "Ines Duarte", "Kai Moreno", "Ama Mensah"]))
    author, _ = Author.objects.get_or_create(slug=slugify(author_name), defaults={"name": author_name})
    cta_text = draw(st.one_of(st.none(), line))
    article = Article.objects.create(
        title=title,
        slug=slug,
        subtitle=draw(st.one_of(st.just(""), line)),
        description=draw(st.one_of(st.just(""), line)),
        author=author,
        body=draw(bodies()),
        read_time=draw(st.sampled_from(["", "8", "8 mins", "12 min read"])),
        status=Article.Status.DRAFT if "draft" in state else Article.Status.PUBLISHED,
        publish_date=publish_date,
        created_date=draw(dates),
        hero_image=store_image(png((10, draw(st.integers(0, 255)), 10))) if hero == "stored" else "",
        hero_image_url=f"https://example.org/{draw(words)}.jpg" if hero == "url" else "",
        hero_image_alt=draw(st.one_of(st.just(title), st.just(""), line)),
        call_to_action=CallToAction.objects.create(name="Call", text=cta_text) if cta_text else None,
        language=draw(st.sampled_from(["en", "en", "fr", "pt-br"])),
        extra_front_matter=draw(
            st.dictionaries(
                st.sampled_from(["series", "weight", "mood", "sources", "updatedDate"]),
                st.one_of(line, st.integers(-1000, 1000), st.booleans(), st.lists(line, max_size=3)),
                max_size=3,
            ).map(valid_extra)
        ),
    )
    tag_names = draw(st.lists(words, max_size=3, unique=True))
    article.tags.set([Tag.objects.get_or_create(slug=name, defaults={"name": name})[0] for name in tag_names])
    return article


slugs = st.lists(
    st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5}){0,2}", fullmatch=True), min_size=1, max_size=4, unique=True
)


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data(), slug_list=slugs)
def test_any_set_of_articles_survives_export_and_import_into_an_empty_database(settings, data, slug_list):
    settings.TIME_ZONE = SITE_ZONE
    settings.LANGUAGE_CODE = "en"
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        workdir = Path(folder)
        with override_settings(MEDIA_ROOT=workdir / "media"):
            made = [data.draw(articles(slug)) for slug in slug_list]
            if len(made) > 1 and data.draw(st.booleans()):
                made[0].translations.add(*made[1:])
            before = snapshot()
            after, report = export_and_reimport(workdir)
        transaction.set_rollback(True)

    assert report.summary["failed"] == 0, report.as_dict()
    assert report.summary["created"] == len(slug_list)
    assert after == before


@pytest.mark.django_db
def test_the_sample_content_survives_export_and_import_into_an_empty_database(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    first = import_paths([PROJECT / "content"])
    assert first.summary["failed"] == 0
    before = snapshot()

    after, report = export_and_reimport(tmp_path)

    assert report.summary == {"created": len(before), "updated": 0, "unchanged": 0, "failed": 0, "skipped": 0}
    assert all(not result.warnings for result in report.files), report.as_dict()
    assert after == before
    assert {entry["status"] for entry in after.values()} == {"draft", "published"}


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "scheduled", "published"])
def test_publishing_state_survives_the_round_trip(settings, tmp_path, state):
    settings.MEDIA_ROOT = tmp_path / "media"
    future = timezone.now() + timedelta(days=10)
    past = timezone.now() - timedelta(days=10)
    fields = {
        "draft": {"status": Article.Status.DRAFT, "publish_date": future},
        "scheduled": {"status": Article.Status.PUBLISHED, "publish_date": future},
        "published": {"status": Article.Status.PUBLISHED, "publish_date": past},
    }[state]
    make_article(slug="state", **fields)
    before = snapshot()

    after, _ = export_and_reimport(tmp_path)

    assert after == before
    article = Article.objects.get()
    assert (article.is_published(), article.is_scheduled(), article.status) == (
        state == "published",
        state == "scheduled",
        "draft" if state == "draft" else "published",
    )
