from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, CallToAction
from articles.models import articles as models_module
from articles.web_addresses import WEB_ADDRESS_PROBLEM
from tests.factories import make_article, make_author, make_call_to_action, make_tag

pytestmark = pytest.mark.django_db


def test_saving_an_article_stores_its_rendered_body_contents_and_counts():
    article = make_article(body="Intro text here.\n\n## One\n\n## Two\n\n## Three\n\n![a](/a.png)\n")
    article.refresh_from_db()
    assert '<h2 id="one">One</h2>' in article.body_html
    assert [entry["id"] for entry in article.toc] == ["one", "two", "three"]
    assert article.word_count == 6
    assert article.read_time_minutes == 0  # six words and an image: under half a minute


def test_a_body_checked_by_full_clean_is_rendered_once_for_the_save_that_follows(monkeypatch):
    article = make_article(body="First words.")
    calls = []
    real = models_module.render_markdown
    monkeypatch.setattr(models_module, "render_markdown", lambda text, **kw: calls.append(text) or real(text, **kw))

    article.body = "Checked words."
    article.full_clean()
    article.save()
    article.save()

    assert calls == ["Checked words.", "Checked words."]  # once for clean() and the save after it, again later
    assert "Checked words." in Article.objects.get(pk=article.pk).body_html


def test_editing_the_body_rerenders_it_on_save():
    article = make_article(body="Old words.")
    article.body = "## New heading"
    article.save()
    article.refresh_from_db()
    assert article.body_html == '<h2 id="new-heading">New heading</h2>\n'


def test_read_time_is_computed_from_words_and_images():
    article = make_article(body=("word " * (238 * 6)) + "\n\n" + "![a](/a.png)\n\n" * 5)
    assert article.read_time_minutes == 7
    assert article.read_time_label == "7 min read"


def test_an_article_without_words_claims_no_read_time_and_a_few_words_less_than_a_minute():
    empty = make_article(body="")
    short = make_article(body="A few words, read in seconds.")
    empty.refresh_from_db()
    short.refresh_from_db()
    assert (empty.read_time_minutes, empty.read_time_label) == (0, "")
    assert (short.read_time_minutes, short.read_time_label) == (0, "Less than 1 min read")


def test_a_given_read_time_overrides_the_estimate_and_is_kept_as_given():
    article = make_article(body="Short.", read_time="8 mins")
    article.refresh_from_db()
    assert article.read_time == "8 mins"
    assert article.read_time_minutes == 8
    assert article.read_time_label == "8 min read"


def test_an_unreadable_read_time_is_a_validation_error_naming_the_field():
    article = make_article(read_time="soon")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "read_time" in error.value.message_dict


@pytest.mark.parametrize(
    "address", ["ftp://first.example.com/post", "first.example.com/post", "/articles/post/", "javascript:alert(1)"]
)
def test_a_canonical_url_must_be_a_whole_http_or_https_address(address):
    article = make_article(canonical_url=address)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert error.value.message_dict == {"canonical_url": [WEB_ADDRESS_PROBLEM]}


@pytest.mark.parametrize("address", ["", "https://first.example.com/post", "http://first.example.com/post?id=2"])
def test_a_canonical_url_may_be_empty_or_any_web_address(address):
    make_article(canonical_url=address).full_clean()


def test_publishing_without_a_publish_date_is_a_validation_error():
    article = make_article(publish_date=None)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "publish_date" in error.value.message_dict


def test_published_means_published_status_and_a_date_that_has_come():
    past = make_article(publish_date=timezone.now() - timedelta(minutes=1))
    make_article(publish_date=timezone.now() + timedelta(minutes=1))
    make_article(status=Article.Status.DRAFT, publish_date=timezone.now() - timedelta(days=1))
    make_article(status=Article.Status.DRAFT, publish_date=None)
    assert list(Article.objects.published()) == [past]


def test_is_published_and_is_scheduled_agree_with_the_queryset():
    past = make_article()
    future = make_article(publish_date=timezone.now() + timedelta(hours=1))
    draft = make_article(status=Article.Status.DRAFT)
    assert past.is_published() and not past.is_scheduled()
    assert not future.is_published() and future.is_scheduled()
    assert not draft.is_published() and not draft.is_scheduled()


def test_a_scheduled_article_becomes_published_when_its_time_comes(monkeypatch):
    article = make_article(publish_date=timezone.now() + timedelta(hours=2))
    assert not Article.objects.published().exists()
    later = timezone.now() + timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert list(Article.objects.published()) == [article]
    assert article.is_published()


def test_articles_are_ordered_newest_first():
    old = make_article(publish_date=timezone.now() - timedelta(days=5))
    new = make_article(publish_date=timezone.now() - timedelta(days=1))
    assert list(Article.objects.all()) == [new, old]


def test_article_slugs_are_unique():
    make_article(slug="same")
    with pytest.raises(IntegrityError):
        make_article(slug="same")


def test_urls_come_from_named_routes():
    article = make_article(slug="a-story")
    assert article.get_absolute_url() == "/articles/a-story/"
    assert article.author.get_absolute_url() == f"/authors/{article.author.slug}/"
    assert make_tag(slug="craft").get_absolute_url() == "/tags/craft/"


def test_unicode_slugs_are_allowed():
    article = make_article(slug="café-olé")
    article.full_clean()
    assert article.get_absolute_url() == "/articles/caf%C3%A9-ol%C3%A9/"


def test_hero_src_prefers_an_uploaded_file_over_an_external_url():
    article = make_article(hero_image_url="https://images.example.org/hero.jpg")
    assert article.hero_src == "https://images.example.org/hero.jpg"
    article.hero_image.name = "heroes/local.jpg"
    assert article.hero_src == "/media/heroes/local.jpg"


def test_author_bio_is_rendered_and_sanitised_on_save():
    author = make_author(bio="Writes *slowly*. <script>alert(1)</script>")
    assert author.bio_html == "<p>Writes <em>slowly</em>. </p>\n"


def test_an_article_without_a_call_to_action_uses_the_site_default():
    default = make_call_to_action(is_default=True)
    own = make_call_to_action()
    assert make_article().effective_call_to_action() == default
    assert make_article(call_to_action=own).effective_call_to_action() == own


def test_there_is_no_call_to_action_when_none_is_default():
    make_call_to_action()
    assert make_article().effective_call_to_action() is None


def test_only_one_call_to_action_can_be_the_default():
    make_call_to_action(is_default=True)
    with pytest.raises(IntegrityError):
        make_call_to_action(is_default=True)


def test_a_button_needs_both_label_and_url():
    with pytest.raises(ValidationError):
        CallToAction(name="x", text="y", button_label="Subscribe").full_clean()
    CallToAction(name="x", text="y", button_label="Subscribe", button_url="https://example.org/s").full_clean()


def test_models_read_well_as_text():
    article = make_article(title="On margins")
    assert str(article) == "On margins"
    assert str(article.author) == article.author.name
    assert str(make_tag(name="Craft")) == "Craft"
    assert str(make_call_to_action(name="Newsletter")) == "Newsletter"


# Text is stored as feeds and pages can carry it: no character XML 1.0 forbids, single-line fields on one line


def test_saving_strips_the_characters_xml_forbids_from_every_text_field():
    article = make_article(
        title="Night\x00 desk\x0b",
        subtitle="Late\x01 edition",
        description="A summary\x1f with a\x0c form feed.",
        body="A paragraph\x00 with a\x08 backspace and a non-character \ufffe\uffff.",
        hero_image_alt="Lamps\x07 at night",
        author=make_author(name="Mara\x0b Quinn", bio="Edits\x00 at night."),
        call_to_action=make_call_to_action(name="News\x00letter", text="Follow\x0b us.", button_label="Sign\x1b up"),
    )
    article.refresh_from_db()
    assert (article.title, article.subtitle) == ("Night desk", "Late edition")
    assert article.description == "A summary with a form feed."
    assert article.body == "A paragraph with a backspace and a non-character ."
    assert "\x00" not in article.body_html and "\x08" not in article.body_html
    assert article.hero_image_alt == "Lamps at night"
    assert (article.author.name, article.author.bio) == ("Mara Quinn", "Edits at night.")
    cta = article.call_to_action
    assert (cta.name, cta.text, cta.button_label) == ("Newsletter", "Follow us.", "Sign up")
    assert make_tag(name="Night\x0b shift").name == "Night shift"


def test_single_line_fields_turn_tabs_and_line_breaks_into_spaces():
    article = make_article(title="Night\tdesk\r\nnotes\nand\rproofs", subtitle="Late\nedition")
    article.refresh_from_db()
    assert (article.title, article.subtitle) == ("Night desk notes and proofs", "Late edition")
    assert make_author(name="Mara\nQuinn").name == "Mara Quinn"
    assert make_tag(name="Night\tshift").name == "Night shift"


def test_multi_line_fields_keep_their_tabs_and_line_breaks():
    article = make_article(description="First line.\nSecond line.", body="Code:\n\n\tindented\n")
    article.refresh_from_db()
    assert article.description == "First line.\nSecond line."
    assert article.body == "Code:\n\n\tindented\n"


def test_multi_line_fields_store_each_line_break_as_lf_whatever_the_browser_or_file_sent():
    # Browsers post a textarea's line breaks as CR LF; the API's body_markdown and the revisions' diffs show
    # the stored text, so it holds one kind of line break.
    article = make_article(description="First line.\r\nSecond line.", body="One.\r\n\r\nTwo.\rThree.\n")
    article.refresh_from_db()
    assert article.description == "First line.\nSecond line."
    assert article.body == "One.\n\nTwo.\nThree.\n"
    assert make_author(name="Mara Quinn", bio="Edits.\r\nAt night.").bio == "Edits.\nAt night."
