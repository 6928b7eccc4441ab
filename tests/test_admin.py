import io
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.admin_forms import HERO_ALT_MISSING
from articles.models import Article, Author
from articles.web_addresses import WEB_ADDRESS_PROBLEM
from tests.factories import admin_form_data, article_form_data, make_article, make_tag

pytestmark = pytest.mark.usefixtures("media_root")

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def image_bytes(image_format="PNG", size=(8, 6)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=image_format)
    return buffer.getvalue()


def form_errors(response) -> dict:
    return response.context["adminform"].form.errors


def assert_refused_on(response, *, field: str, error: str, kept: str) -> None:
    """The add form came back with `error` on `field`, the typed title `kept` in it, and no article made."""
    assert response.status_code == 200
    assert error in form_errors(response)[field][0]
    assert f'value="{kept}"' in response.content.decode()
    assert not Article.objects.exists()


def changelist_query_count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    return len(queries)


def test_article_changelist_shows_status_labels(staff_client, published_article, draft_article, scheduled_article):
    response = staff_client.get(CHANGELIST)
    assert response.status_code == 200
    content = response.content.decode()
    for label in ("Published", "Draft", "Scheduled"):
        assert f'<td class="field-status_label">{label}</td>' in content
    assert published_article.get_absolute_url() in content


def test_article_changelist_query_count_does_not_grow_with_the_number_of_articles(staff_client):
    tags = [make_tag(), make_tag()]
    for _ in range(3):
        make_article(tags=tags)
    few = changelist_query_count(staff_client)
    for _ in range(17):
        make_article(tags=tags)
    assert changelist_query_count(staff_client) == few


def test_article_add_form_has_the_markdown_editor_with_live_preview(staff_client):
    response = staff_client.get(ADD)
    assert response.status_code == 200
    content = response.content.decode()
    assert "markdownx-editor" in content
    assert 'data-markdownx-urls-path="/admin/markdownx/markdownify/"' in content
    assert 'data-markdownx-upload-urls-path="/admin/markdownx/upload/"' in content
    assert "admin/js/folio-editor.js" in content


def test_article_form_loads_the_body_editor_from_the_sites_own_files_with_no_inline_style(staff_client):
    content = staff_client.get(ADD).content.decode()
    for asset in ("easymde/easymde.min.js", "easymde/easymde.min.css", "admin/js/folio-body-editor.js"):
        assert f'"/static/{asset}"' in content
    assert "<style" not in content


def test_article_change_form_has_the_markdown_editor_and_computed_fields(staff_client, published_article):
    response = staff_client.get(reverse("admin:articles_article_change", args=[published_article.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-markdownx-urls-path="/admin/markdownx/markdownify/"' in content
    assert published_article.read_time_label in content
    assert "View on site" in content


def test_the_description_box_is_three_lines_tall_so_the_body_stays_in_view(staff_client, published_article):
    response = staff_client.get(reverse("admin:articles_article_change", args=[published_article.pk]))

    assert response.context["adminform"].form["description"].field.widget.attrs["rows"] == 3
    assert '<textarea name="description" cols="40" rows="3"' in response.content.decode()


def test_posting_the_add_form_creates_a_rendered_article(staff_client, author):
    response = staff_client.post(ADD, article_form_data(author))
    assert response.status_code == 302
    article = Article.objects.get(slug="notes-on-the-engine")
    assert '<h2 id="start">Start</h2>' in article.body_html
    assert article.word_count == 5
    assert article.status == Article.Status.DRAFT


def test_an_article_saved_without_a_slug_takes_one_from_its_title(staff_client, author):
    # As when a form restored from autosave is saved before the admin's script has filled the slug in.
    response = staff_client.post(ADD, article_form_data(author, title="Nuit à Crewe: the train", slug=""))
    assert response.status_code == 302
    assert Article.objects.get().slug == "nuit-à-crewe-the-train"


def test_a_slug_typed_with_capitals_is_saved_in_lower_case_and_is_refused_when_another_article_has_it(
    staff_client, author
):
    assert staff_client.post(ADD, article_form_data(author, slug="Night-Train")).status_code == 302
    assert Article.objects.get().slug == "night-train"

    response = staff_client.post(ADD, article_form_data(author, title="Another", slug="NIGHT-train"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == ["Article with this Slug already exists."]
    assert Article.objects.count() == 1


@pytest.mark.parametrize("slug", ["---", "_", "-_-"])
def test_a_slug_of_hyphens_and_underscores_alone_is_refused_naming_it(staff_client, author, slug):
    response = staff_client.post(ADD, article_form_data(author, slug=slug))
    assert response.status_code == 200
    assert form_errors(response)["slug"] == [
        f"“{slug}” has no letters or digits: give the article a slug such as night-train-notes."
    ]
    assert not Article.objects.exists()


def test_an_article_with_neither_slug_nor_title_is_told_to_give_both(staff_client, author):
    response = staff_client.post(ADD, article_form_data(author, title="", slug=""))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["title"] == ["This field is required."]
    assert errors["slug"] == ["Give the article a slug: its address, such as night-train-notes."]
    assert not Article.objects.exists()


def test_posting_the_change_form_saves_the_edits(staff_client, published_article):
    url = reverse("admin:articles_article_change", args=[published_article.pk])
    data = article_form_data(
        published_article.author,
        title="A better title",
        slug=published_article.slug,
        body="Rewritten *entirely*.",
        status="published",
        publish_date_0="2024-01-02",
        publish_date_1="08:00:00",
        base_version=published_article.version,
        _publish="Publish changes",
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302
    published_article.refresh_from_db()
    assert published_article.title == "A better title"
    assert published_article.body_html == "<p>Rewritten <em>entirely</em>.</p>\n"


def test_the_form_saves_and_then_shows_a_title_without_control_characters(staff_client, author):
    response = staff_client.post(ADD, article_form_data(author, title="Proofs\x0b at\tmidnight"))
    assert response.status_code == 302
    article = Article.objects.get(slug="notes-on-the-engine")
    assert article.title == "Proofs at midnight"
    form = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'value="Proofs at midnight"' in form
    assert "\x0b" not in form


@pytest.mark.parametrize("field", ["title", "subtitle", "hero_image_alt"])
def test_text_longer_than_its_field_takes_is_refused_by_name_with_its_length_and_kept_whole_in_the_box(
    staff_client, author, field
):
    # No maxlength in the page, which would cut pasted text without a word.
    page = staff_client.get(ADD).context["adminform"].form[field]
    assert "maxlength" not in str(page)
    pasted = "A sentence pasted from the notes, longer than the box; " * 10
    pasted = pasted.strip()[:540]

    response = staff_client.post(ADD, article_form_data(author, **{field: pasted}))

    assert response.status_code == 200
    assert form_errors(response)[field] == ["Ensure this value has at most 300 characters (it has 540)."]
    assert response.context["adminform"].form[field].value() == pasted
    assert pasted in response.content.decode()
    assert not Article.objects.exists()


def test_an_author_name_longer_than_its_field_takes_is_refused_with_its_length_and_kept_whole(staff_client):
    url = reverse("admin:articles_author_add")
    box = str(staff_client.get(url).context["adminform"].form["name"])
    assert "maxlength" not in box and 'dir="auto"' in box
    pasted = ("Grace Brewster Murray Hopper, " * 8).strip()

    response = staff_client.post(url, {"name": pasted, "slug": "grace", "social_links": "{}"})

    assert form_errors(response)["name"] == ["Ensure this value has at most 200 characters (it has 239)."]
    assert response.context["adminform"].form["name"].value() == pasted
    assert not Author.objects.exists()


def test_an_unreadable_read_time_is_a_form_error_on_read_time(staff_client, author):
    response = staff_client.post(ADD, article_form_data(author, read_time="soon"))
    assert response.status_code == 200
    assert "read time" in form_errors(response)["read_time"][0]
    assert not Article.objects.exists()


@pytest.mark.parametrize("address", ["ftp://first.example.com/post", "/articles/post/", "not an address"])
def test_a_canonical_url_that_is_no_web_address_is_a_form_error_on_the_field(staff_client, author, address):
    response = staff_client.post(ADD, article_form_data(author, canonical_url=address))
    assert response.status_code == 200
    assert form_errors(response)["canonical_url"] == [WEB_ADDRESS_PROBLEM]
    assert not Article.objects.exists()


def test_a_canonical_url_typed_without_its_scheme_is_read_as_https(staff_client, author):
    staff_client.post(ADD, article_form_data(author, canonical_url="first.example.com/post"))
    assert Article.objects.get().canonical_url == "https://first.example.com/post"


@pytest.mark.parametrize("field", ["publish_date", "created_date"])
@pytest.mark.parametrize(
    ("zone", "day", "moment"),
    [("Asia/Tokyo", "0001-01-01", "00:00:00"), ("America/Los_Angeles", "9999-12-31", "23:59:59")],
)
def test_a_date_the_site_clock_carries_off_the_calendar_is_a_form_error_on_its_field(
    staff_client, author, settings, field, zone, day, moment
):
    # In UTC, as the database keeps it, the first moment of year 1 in Tokyo is in year 0.
    settings.TIME_ZONE = zone
    data = article_form_data(author, status="draft", title="Kept as typed", **{f"{field}_0": day, f"{field}_1": moment})

    assert_refused_on(staff_client.post(ADD, data), field=field, error="years 1 to 9999", kept="Kept as typed")


def test_the_calendar_s_last_moment_on_a_utc_site_is_a_date_an_article_can_have(staff_client, author, settings):
    settings.TIME_ZONE = "UTC"
    data = article_form_data(author, created_date_0="9999-12-31", created_date_1="23:59:59")

    assert staff_client.post(ADD, data).status_code == 302
    assert Article.objects.get().created_date.year == 9999


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("author", "ada"),
        ("author", "9" * 40),
        ("call_to_action", "🙂"),
        ("call_to_action", "9" * 40),
        ("tags", ["9" * 40]),
        ("tags", ["x1"]),
    ],
    ids=["author-word", "author-huge", "cta-emoji", "cta-huge", "tag-huge", "tag-word"],
)
def test_a_choice_that_is_no_row_id_is_a_form_error_on_its_field(staff_client, author, field, value):
    # What a hand-made request or a broken script can post where the autocomplete boxes post ids.
    data = {**article_form_data(author, title="Kept as typed"), field: value}

    assert_refused_on(staff_client.post(ADD, data), field=field, error="Select a valid choice", kept="Kept as typed")


def test_publish_action_publishes_drafts_and_dates_them_now(staff_client, draft_article, published_article):
    before = timezone.now()
    response = staff_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [draft_article.pk, published_article.pk]}
    )
    assert response.status_code == 302
    draft_article.refresh_from_db()
    assert draft_article.status == Article.Status.PUBLISHED
    assert draft_article.publish_date >= before
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["1 article published."]


def test_publish_action_keeps_a_future_date_so_the_article_is_scheduled(staff_client, author):
    future = timezone.now() + timedelta(days=2)
    article = make_article(author=author, status="draft", publish_date=future)
    staff_client.post(CHANGELIST, {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.publish_date == future
    assert article.is_scheduled()


def test_unpublish_action_moves_articles_back_to_draft(staff_client, published_article, scheduled_article):
    response = staff_client.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [published_article.pk, scheduled_article.pk]}
    )
    assert response.status_code == 302
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["2 articles moved back to draft."]


@pytest.mark.parametrize(
    "model", ["article", "author", "tag", "calltoaction", "oldaddress", "apikey", "webhook", "webhookdelivery"]
)
def test_a_bulk_action_on_a_selection_that_is_not_ids_changes_nothing_and_says_so(
    staff_client, published_article, model
):
    changelist = reverse(f"admin:articles_{model}_changelist")
    response = staff_client.post(changelist, {"action": "delete_selected", "_selected_action": ["7", "seven"]})

    assert response.status_code == 302
    assert response.url == changelist
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(messages) == 1 and messages[0].startswith(
        "Nothing was done: “seven” in the selection is not one of the "
    )
    assert Article.objects.filter(pk=published_article.pk).exists()


def test_a_publish_action_with_a_mangled_selection_leaves_the_drafts_as_they_were(staff_client, draft_article):
    response = staff_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft_article.pk, "1 OR 1=1"]})

    assert response.status_code == 302
    draft_article.refresh_from_db()
    assert draft_article.status == Article.Status.DRAFT


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("hero.png", b"this is plain text, not a picture"),
        ("hero.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
)
def test_a_hero_image_that_is_not_an_image_is_refused(staff_client, author, name, data):
    upload = SimpleUploadedFile(name, data, content_type="image/png")
    response = staff_client.post(ADD, article_form_data(author, hero_image=upload))
    assert response.status_code == 200
    assert form_errors(response)["hero_image"]
    assert not Article.objects.exists()


def test_a_hero_image_in_a_format_folio_does_not_serve_is_refused_by_name(staff_client, author):
    upload = SimpleUploadedFile("hero.bmp", image_bytes("BMP"), content_type="image/bmp")
    response = staff_client.post(ADD, article_form_data(author, hero_image=upload))
    assert form_errors(response)["hero_image"] == ["BMP images are not accepted: upload a JPEG, PNG, GIF or WebP file."]


def test_a_hero_image_over_the_size_limit_is_refused(staff_client, author, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 50
    upload = SimpleUploadedFile("hero.png", image_bytes(size=(64, 64)), content_type="image/png")
    response = staff_client.post(ADD, article_form_data(author, hero_image=upload))
    assert "the limit is" in form_errors(response)["hero_image"][0]


def test_a_real_png_hero_image_is_accepted_and_stored(staff_client, author, media_root):
    upload = SimpleUploadedFile("hero.png", image_bytes(), content_type="image/png")
    response = staff_client.post(ADD, article_form_data(author, hero_image=upload, hero_image_alt="A teal field"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.hero_image.name.startswith("images/")
    assert (media_root / article.hero_image.name).read_bytes() == image_bytes()


def test_a_new_hero_without_alt_text_is_refused_and_one_saved_before_without_it_still_saves(
    staff_client, author, published_article
):
    upload = SimpleUploadedFile("harbour.png", image_bytes(), content_type="image/png")
    for hero in ({"hero_image": upload}, {"hero_image_url": "https://example.org/harbour.jpg"}):
        response = staff_client.post(ADD, article_form_data(author, **hero))
        assert form_errors(response)["hero_image_alt"] == [HERO_ALT_MISSING]
    assert not Article.objects.exclude(pk=published_article.pk).exists()

    old_hero = {"hero_image_url": "https://example.org/old.jpg", "hero_image_alt": ""}
    Article.objects.filter(pk=published_article.pk).update(**old_hero)
    url = reverse("admin:articles_article_change", args=[published_article.pk])
    response = staff_client.post(url, admin_form_data(Article.objects.get(pk=published_article.pk), title="Retitled"))
    assert response.status_code == 302, form_errors(response)


def test_a_good_hero_uploaded_with_a_refused_save_is_kept_for_the_next_save(staff_client, author, media_root):
    upload = SimpleUploadedFile("harbour.png", image_bytes(), content_type="image/png")
    refused = staff_client.post(ADD, article_form_data(author, hero_image=upload))

    assert "hero_image_alt" in form_errors(refused)
    form = refused.context["adminform"].form
    kept = form["hero_image_stored"].value()
    assert kept.startswith("images/") and (media_root / kept).read_bytes() == image_bytes()
    assert 'data-uploaded="harbour.png"' in refused.content.decode()
    # The browser sends the refused form back with its file box empty and the stored hero in its hidden field.
    response = staff_client.post(ADD, article_form_data(author, hero_image_stored=kept, hero_image_alt="A teal field"))
    assert response.status_code == 302, form_errors(response)
    assert Article.objects.get().hero_image.name == kept


def test_a_hero_the_media_storage_cannot_take_is_refused_on_the_form_keeping_the_text_and_logged_in_one_line(
    staff_client, author, unwritable_media_root, caplog
):
    upload = SimpleUploadedFile("hero.png", image_bytes(), content_type="image/png")
    data = article_form_data(author, title="Harbour lights", body="## Dusk\n\nThe lamps come on one by one.")
    response = staff_client.post(ADD, {**data, "hero_image": upload, "hero_image_alt": "Lamps along the quay"})

    assert_refused_on(
        response,
        field="hero_image",
        error="The server could not store the image: its media storage cannot be written. Tell the site's operator.",
        kept="Harbour lights",
    )
    assert "The lamps come on one by one." in response.content.decode()
    [logged] = [record for record in caplog.records if record.levelname == "ERROR"]
    assert logged.getMessage() == (
        f"An image upload was refused: Images cannot be written under MEDIA_ROOT ({unwritable_media_root}): "
        f"Not a directory: {unwritable_media_root}/images. Check MEDIA_ROOT."
    )
    assert logged.exc_info is None


def test_an_article_refused_its_hero_by_the_media_storage_saves_without_it_when_sent_again(
    staff_client, author, unwritable_media_root
):
    upload = SimpleUploadedFile("hero.png", image_bytes(), content_type="image/png")
    staff_client.post(ADD, article_form_data(author, hero_image=upload, hero_image_alt="A teal field"))
    # The browser shows the form again with its file box empty: saving it again saves the text alone.
    response = staff_client.post(ADD, article_form_data(author))
    assert response.status_code == 302
    assert not Article.objects.get().hero_image


def test_an_author_avatar_is_checked_like_a_hero_image(staff_client):
    url = reverse("admin:articles_author_add")
    data = {"name": "Grace Hopper", "slug": "grace-hopper", "bio": "", "website": "", "social_links": "{}"}
    svg = SimpleUploadedFile("me.png", b"<svg></svg>", content_type="image/png")
    assert staff_client.post(url, {**data, "avatar": svg}).status_code == 200
    png = SimpleUploadedFile("me.png", image_bytes(), content_type="image/png")
    assert staff_client.post(url, {**data, "avatar": png}).status_code == 302
    assert Author.objects.get().avatar.name.startswith("avatars/")


def test_an_avatar_the_media_storage_cannot_take_is_refused_on_the_form_keeping_the_text_and_logged_in_one_line(
    staff_client, unwritable_media_root, caplog
):
    url = reverse("admin:articles_author_add")
    data = {"name": "Grace Hopper", "slug": "grace-hopper", "bio": "Wrote the first compiler.", "social_links": "{}"}
    png = SimpleUploadedFile("me.png", image_bytes(), content_type="image/png")
    response = staff_client.post(url, {**data, "avatar": png, "website": ""})

    assert response.status_code == 200
    [error] = form_errors(response)["avatar"]
    assert error.startswith("The server could not store the image: its media storage cannot be written.")
    assert "Wrote the first compiler." in response.content.decode()
    assert not Author.objects.exists()
    [logged] = [record for record in caplog.records if record.levelname == "ERROR"]
    assert logged.getMessage().startswith(
        f"An image upload was refused: Images cannot be written under MEDIA_ROOT ({unwritable_media_root}): "
    )
    assert logged.exc_info is None


def test_a_good_avatar_uploaded_with_a_refused_save_is_kept_for_the_next_save(staff_client, media_root):
    url = reverse("admin:articles_author_add")
    data = {"name": "Grace Hopper", "slug": "grace-hopper", "bio": "", "website": ""}
    upload = SimpleUploadedFile("grace<i>.png", image_bytes(), content_type="image/png")
    refused = staff_client.post(url, {**data, "social_links": "mastodon: https://x.example", "avatar": upload})

    assert "social_links" in form_errors(refused)
    kept = refused.context["adminform"].form["avatar_stored"].value()
    assert kept.startswith("images/") and (media_root / kept).read_bytes() == image_bytes()
    assert "grace&lt;i&gt;.png was uploaded with this form and is kept" in refused.content.decode()
    # The browser sends the refused form back with its file box empty and the kept avatar in its hidden field.
    response = staff_client.post(url, {**data, "social_links": "{}", "avatar_stored": kept})
    assert response.status_code == 302, form_errors(response)
    assert Author.objects.get().avatar.name == kept


def test_a_new_avatar_file_replaces_the_one_kept_from_a_refused_save(staff_client, media_root):
    url = reverse("admin:articles_author_add")
    data = {"name": "Grace Hopper", "slug": "grace-hopper", "bio": "", "website": "", "social_links": "{}"}
    first = SimpleUploadedFile("first.png", image_bytes(), content_type="image/png")
    kept = staff_client.post(url, {**data, "name": "", "avatar": first}).context["adminform"].form["avatar_stored"]
    second = SimpleUploadedFile("second.png", image_bytes(size=(30, 20)), content_type="image/png")

    response = staff_client.post(url, {**data, "avatar_stored": kept.value(), "avatar": second})

    assert response.status_code == 302, form_errors(response)
    assert (media_root / Author.objects.get().avatar.name).read_bytes() == image_bytes(size=(30, 20))


@pytest.mark.parametrize("hostile", ["avatars/someone.png", "../cms/settings.py", "images/ab/ab.png"])
def test_a_kept_avatar_must_be_an_image_in_the_media_library(staff_client, hostile):
    data = {"name": "Grace Hopper", "slug": "grace-hopper", "bio": "", "website": "", "social_links": "{}"}
    response = staff_client.post(reverse("admin:articles_author_add"), {**data, "avatar_stored": hostile})

    assert response.status_code == 200
    [error] = form_errors(response)["avatar"]
    assert "is not an image in the media library" in error
    assert not Author.objects.exists()


def test_an_author_saved_with_an_empty_social_links_box_has_none(staff_client):
    data = {"name": "Grace Hopper", "slug": "grace-hopper", "bio": "", "website": "", "social_links": ""}

    response = staff_client.post(reverse("admin:articles_author_add"), data)

    assert response.status_code == 302
    assert Author.objects.get().social_links == {}


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (
            '["https://example.org"]',
            'Give the profiles as {"network": "https://…"}, for example {"mastodon": "https://…"}.',
        ),
        (
            "mastodon: https://example.social/@grace",
            'Give the profiles as {"network": "https://…"}, for example {"mastodon": "https://…"}.',
        ),
        ('{"mastodon": 3}', '“mastodon”: give the profile\'s address as text, for example "https://…".'),
        (
            '{"mastodon": "javascript:alert(1)"}',
            "“mastodon”: “javascript:alert(1)” is not a web address (it must start with https:// or http://).",
        ),
    ],
)
def test_an_author_social_link_must_be_a_web_address_under_a_network_name(staff_client, value, error):
    data = {"name": "Grace Hopper", "slug": "grace-hopper", "bio": "", "website": "", "social_links": value}

    response = staff_client.post(reverse("admin:articles_author_add"), data)

    assert response.status_code == 200
    assert form_errors(response)["social_links"] == [error]
    assert not Author.objects.exists()


@pytest.mark.parametrize("model", ["author", "tag", "calltoaction"])
def test_the_other_changelists_load(staff_client, published_article, model):
    assert staff_client.get(reverse(f"admin:articles_{model}_changelist")).status_code == 200


def test_admin_pages_name_the_sites_icon_so_browsers_do_not_ask_for_a_missing_favicon_ico(staff_client):
    for path in ("/admin/", "/admin/articles/article/add/"):
        page = staff_client.get(path).content.decode()
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page, path


def test_an_old_address_for_an_article_that_is_no_row_id_is_a_form_error(staff_client):
    response = staff_client.post(
        reverse("admin:articles_oldaddress_add"), {"path": "/2019/old-post/", "article": "9" * 40}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in form_errors(response)["article"][0]
