"""The article form's tags typed as free text and its call to action written in place: made on save, by writers too."""

import pytest
from django.urls import reverse

from articles.form_inputs import NEW_TAG_PREFIX
from articles.models import Article, CallToAction, Tag
from tests.factories import admin_form_data, article_form_data, make_call_to_action, make_tag

pytestmark = pytest.mark.usefixtures("media_root")

ADD = reverse("admin:articles_article_add")


def new(name: str) -> str:
    return NEW_TAG_PREFIX + name


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def form_errors(response) -> dict:
    return response.context["adminform"].form.errors


def saved_article() -> Article:
    return Article.objects.get(slug="notes-on-the-engine")


def tag_names(article: Article) -> list[str]:
    return [tag.name for tag in article.tags_in_order()]


def test_a_typed_new_tag_is_made_on_save_and_linked_in_the_order_given(staff_client, author):
    python = make_tag(name="Python", slug="python")

    response = staff_client.post(ADD, article_form_data(author, tags=[new("Typography"), python.pk, new("Night desk")]))

    assert response.status_code == 302
    assert tag_names(saved_article()) == ["Typography", "Python", "Night desk"]
    assert Tag.objects.get(name="Night desk").slug == "night-desk"


def test_a_typed_name_uses_the_existing_tag_whatever_its_capitals(staff_client, author):
    python = make_tag(name="Python", slug="python")

    response = staff_client.post(ADD, article_form_data(author, tags=[new("python"), new("  PYTHON ")]))

    assert response.status_code == 302
    assert saved_article().tags_in_order() == [python]
    assert Tag.objects.count() == 1


def test_a_typed_name_with_the_address_of_an_existing_tag_uses_that_tag(staff_client, author):
    desk = make_tag(name="The night desk", slug="night-desk")

    staff_client.post(ADD, article_form_data(author, tags=[new("Night Desk")]))

    assert saved_article().tags_in_order() == [desk]


@pytest.mark.parametrize("existing", [True, False], ids=["a tag of the site", "a tag typed before it"])
def test_a_name_whose_address_is_another_tags_only_by_dropping_signs_is_refused_not_merged(
    staff_client, author, existing
):
    tags = [make_tag(name="C++", slug="c").pk] if existing else [new("C++")]

    response = staff_client.post(ADD, article_form_data(author, tags=[*tags, new("C#")]))

    assert form_errors(response)["tags"] == [
        "“C#” would have the same address as the tag “C++” (/tags/c/), as an address keeps only letters and "
        "digits: choose “C++”, or name the new tag so that its letters or digits differ."
    ]
    assert not Article.objects.exists()


def test_a_new_tag_named_with_digits_is_not_taken_for_the_tag_with_that_id(staff_client, author):
    existing = make_tag(name="Engines", slug="engines")
    digits = str(existing.pk)

    response = staff_client.post(ADD, article_form_data(author, tags=[new(digits), existing.pk]))

    assert response.status_code == 302
    assert tag_names(saved_article()) == [digits, "Engines"]
    assert Tag.objects.get(slug=digits).pk != existing.pk


def test_the_same_tag_chosen_and_typed_is_linked_once_where_it_came_first(staff_client, author):
    python, rust = make_tag(name="Python", slug="python"), make_tag(name="Rust", slug="rust")

    staff_client.post(ADD, article_form_data(author, tags=[rust.pk, new("Python"), python.pk, new("rust")]))

    assert saved_article().tags_in_order() == [rust, python]


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("   ", "A new tag needs a name"),
        ("x" * 101, "is too long for a tag name: at most 100 characters (it has 101)"),
        ("!!!", "“!!!” cannot be a tag: its address is made from its letters and digits"),
    ],
)
def test_a_typed_name_that_cannot_be_a_tag_is_refused_saying_why(staff_client, author, name, error):
    response = staff_client.post(ADD, article_form_data(author, tags=[new(name)]))

    assert response.status_code == 200
    assert error in " ".join(form_errors(response)["tags"])
    assert not Article.objects.exists()
    assert not Tag.objects.exists()


def test_an_id_of_no_tag_is_refused(staff_client, author):
    response = staff_client.post(ADD, article_form_data(author, tags=["999999"]))

    assert response.status_code == 200
    assert "999999" in form_errors(response)["tags"][0]


def test_typed_tags_come_back_chosen_and_in_order_after_a_mistake_elsewhere(staff_client, author):
    python = make_tag(name="Python", slug="python")

    response = staff_client.post(
        ADD, article_form_data(author, read_time="soon", tags=[new("Typography"), python.pk, new("12")])
    )

    assert response.status_code == 200
    assert not Tag.objects.filter(name="Typography").exists()
    html = response.content.decode()
    options = [
        html.index(f'<option value="{new("Typography")}" selected>Typography</option>'),
        html.index(f'<option value="{python.pk}" selected>Python</option>'),
        html.index(f'<option value="{new("12")}" selected>12</option>'),
    ]
    assert options == sorted(options)


def test_a_refused_save_makes_no_tag(staff_client, author):
    response = staff_client.post(ADD, article_form_data(author, read_time="soon", tags=[new("Typography")]))

    assert response.status_code == 200
    assert not Tag.objects.exists()


def test_the_tags_box_offers_new_names_through_its_script(staff_client):
    html = staff_client.get(ADD).content.decode()

    assert f'data-new-tag-prefix="{NEW_TAG_PREFIX}"' in html
    assert html.index("admin/js/autocomplete.js") < html.index("admin/js/folio-tags.js")


def test_a_writer_makes_a_new_tag_through_the_article_form_but_not_on_the_tag_pages(writer, writer_client):
    response = writer_client.post(ADD, article_form_data(writer.author, tags=[new("Field notes")]))

    assert response.status_code == 302
    assert tag_names(saved_article()) == ["Field notes"]
    assert writer_client.get(reverse("admin:articles_tag_add")).status_code == 403


# The call to action written in place.


def test_a_call_to_action_written_in_place_is_made_and_linked_on_save(staff_client, author):
    data = article_form_data(
        author,
        cta_text="Liked it? Get the weekly letter.",
        cta_button_label="Subscribe",
        cta_button_url="example.com/letter",
    )

    response = staff_client.post(ADD, data)

    assert response.status_code == 302
    cta = saved_article().call_to_action
    assert (cta.text, cta.button_label, cta.button_url) == (
        "Liked it? Get the weekly letter.",
        "Subscribe",
        "https://example.com/letter",
    )
    assert cta.name == "Liked it? Get the weekly letter."
    assert not cta.is_default


def test_a_call_to_action_written_in_place_wins_over_the_one_picked(staff_client, author):
    picked = make_call_to_action(text="The old one.")

    staff_client.post(ADD, article_form_data(author, call_to_action=picked.pk, cta_text="The new one."))

    assert saved_article().call_to_action.text == "The new one."


def test_a_call_to_action_written_like_an_existing_one_reuses_it(staff_client, author):
    same = make_call_to_action(text="Follow us.", button_label="Follow", button_url="https://example.com/f")

    data = article_form_data(
        author, cta_text="Follow us.", cta_button_label="Follow", cta_button_url="https://example.com/f"
    )
    staff_client.post(ADD, data)

    assert saved_article().call_to_action == same
    assert CallToAction.objects.count() == 1


def test_without_a_written_call_to_action_the_picked_one_stays(staff_client, published_article):
    picked = make_call_to_action()

    data = admin_form_data(published_article, call_to_action=picked.pk)
    response = staff_client.post(change_url(published_article), data)

    assert response.status_code == 302
    published_article.refresh_from_db()
    assert published_article.call_to_action == picked
    assert CallToAction.objects.count() == 1


@pytest.mark.parametrize(
    ("written", "field", "error"),
    [
        ({"cta_button_label": "Subscribe", "cta_button_url": "https://example.com"}, "cta_text", "Write the call"),
        ({"cta_text": "Hi.", "cta_button_label": "Subscribe"}, "cta_button_url", "Give the button's address"),
        ({"cta_text": "Hi.", "cta_button_url": "https://example.com"}, "cta_button_label", "Give the button a label"),
        ({"cta_text": "Hi.", "cta_button_label": "Go", "cta_button_url": "not a url"}, "cta_button_url", "valid URL"),
        ({"cta_text": "Hi.", "cta_button_label": "x" * 81, "cta_button_url": "https://e.co"}, "cta_button_label", "80"),
    ],
)
def test_a_call_to_action_written_in_part_is_refused_on_the_field_missing(staff_client, author, written, field, error):
    response = staff_client.post(ADD, article_form_data(author, **written))

    assert response.status_code == 200
    errors = form_errors(response)
    assert list(errors) == [field]
    assert error in errors[field][0]
    assert not CallToAction.objects.exists()


def test_a_writer_writes_a_call_to_action_for_their_draft(writer_client, writers_draft):
    data = admin_form_data(writers_draft, cta_text="Tell us what you think.")

    response = writer_client.post(change_url(writers_draft), data)

    assert response.status_code == 302
    writers_draft.refresh_from_db()
    assert writers_draft.call_to_action.text == "Tell us what you think."


# The save button's label (folio-schedule.js) needs to know whether readers already see the article.


def test_the_status_box_tells_the_page_whether_readers_see_the_article(
    staff_client, published_article, scheduled_article, draft_article
):
    for article, live in [(published_article, "true"), (scheduled_article, "false"), (draft_article, "false")]:
        html = staff_client.get(change_url(article)).content.decode()
        assert f'data-live="{live}"' in html, article
    assert 'data-live="false"' in staff_client.get(ADD).content.decode()
