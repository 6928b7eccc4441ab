"""The editor's media library: the stored images it lists and searches, who may see it, and the hero chosen from it."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles import media_library
from articles.images import store_image
from articles.models import Article, ImageName, StoredImage
from tests.conftest import logged_in
from tests.factories import admin_form_data, make_article
from tests.image_files import image_bytes
from tests.markdown_files import article_text, png, run_json, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

LIBRARY = reverse("media_library")
UPLOAD = reverse("markdownx_upload")


def stored(color: str, *, size=(1200, 800), image_format="JPEG", days_ago: int = 0, **fields) -> str:
    """Store an image as an upload would, dated `days_ago` in the library."""
    name = store_image(image_bytes(size=size, image_format=image_format, color=color), **fields)
    StoredImage.objects.filter(name=name).update(uploaded_at=timezone.now() - timedelta(days=days_ago))
    return name


def names(response) -> list[str]:
    assert response.status_code == 200
    return [image["name"] for image in response.json()["images"]]


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


# Who may see it


@pytest.mark.parametrize("visitor", ["anonymous", "reader"])
def test_the_library_sends_anyone_without_a_staff_account_to_the_sign_in_page(client, django_user_model, visitor):
    if visitor == "reader":
        client.force_login(django_user_model.objects.create_user("reader", password="x"))
    response = client.get(LIBRARY)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_who_may_not_write_articles_are_refused_the_library(django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    assert logged_in(clerk).get(LIBRARY).status_code == 403


def test_writers_and_editors_see_the_library(writer_client, editor_client):
    image = stored("olive")
    assert names(writer_client.get(LIBRARY)) == [image]
    assert names(editor_client.get(LIBRARY)) == [image]


def test_the_library_only_answers_get(staff_client):
    assert staff_client.post(LIBRARY).status_code == 405


# What it lists


def test_each_image_comes_with_its_address_size_original_name_and_smallest_webp_as_thumbnail(staff_client):
    name = stored("olive", original_name="Harbour at dawn.jpg")

    [image] = staff_client.get(LIBRARY).json()["images"]

    stem = name.rsplit(".", 1)[0]
    assert image == {
        "name": name,
        "label": "Harbour-at-dawn.jpg",
        "original_name": "Harbour-at-dawn.jpg",
        "url": default_storage.url(name),
        "thumbnail": default_storage.url(f"{stem}-480w.webp"),
        "width": 1200,
        "height": 800,
        "alt": "",
        "uploaded_at": StoredImage.objects.get(name=name).uploaded_at.isoformat(),
    }
    assert default_storage.exists(f"{stem}-480w.webp")


def test_an_image_without_renditions_is_its_own_thumbnail(staff_client):
    gif = stored("olive", size=(300, 200), image_format="GIF")
    [image] = staff_client.get(LIBRARY).json()["images"]
    assert image["thumbnail"] == default_storage.url(gif)
    assert image["label"] == gif.rsplit("/", 1)[1]


def test_the_library_lists_article_images_newest_first_and_not_avatars(staff_client):
    old = stored("olive", days_ago=3)
    new = stored("navy", days_ago=1)
    store_image(image_bytes(size=(80, 80)), folder="avatars")
    assert names(staff_client.get(LIBRARY)) == [new, old]


def test_the_library_comes_in_pages_saying_whether_another_follows(staff_client, monkeypatch):
    monkeypatch.setattr(media_library, "PER_PAGE", 2)
    images = [stored(color, days_ago=n) for n, color in enumerate(["red", "green", "blue"])]

    first = staff_client.get(LIBRARY).json()
    second = staff_client.get(LIBRARY, {"page": 2}).json()

    assert [i["name"] for i in first["images"]] == images[:2]
    assert (first["page"], first["has_next"]) == (1, True)
    assert [i["name"] for i in second["images"]] == images[2:]
    assert (second["page"], second["has_next"]) == (2, False)
    assert staff_client.get(LIBRARY, {"page": 9}).json()["images"] == []


@pytest.mark.parametrize("page", ["0", "-1", "two", "1.5", "99999999999999999999", "²", "٣"])
def test_a_page_that_is_not_a_whole_number_in_range_is_a_400_saying_so(staff_client, page):
    response = staff_client.get(LIBRARY, {"page": page})
    assert response.status_code == 400
    assert "whole number" in response.json()["error"]


def test_a_search_finds_images_by_original_name_alt_text_or_stored_name(staff_client):
    harbour = stored("olive", original_name="harbour.jpg")
    field = stored("navy", original_name="IMG_2041.jpg")
    media_library.remember_alt_text(field, "A field of sunflowers at noon")
    other = stored("red", original_name="kitchen.jpg")

    assert names(staff_client.get(LIBRARY, {"q": "HARBOUR"})) == [harbour]
    assert names(staff_client.get(LIBRARY, {"q": "  sunflowers  "})) == [field]
    assert names(staff_client.get(LIBRARY, {"q": other.rsplit("/", 1)[1][:20]})) == [other]
    assert staff_client.get(LIBRARY, {"q": "zeppelin"}).json() == {"images": [], "page": 1, "has_next": False}


def test_a_search_matches_accented_letters_in_any_case(staff_client):
    cafe = stored("olive", original_name="café.jpg")
    media_library.remember_alt_text(cafe, "Une ÉGLISE au soleil")
    stored("red", original_name="cafe.jpg")

    assert names(staff_client.get(LIBRARY, {"q": "CAFÉ"})) == [cafe]
    assert names(staff_client.get(LIBRARY, {"q": "église"})) == [cafe]


# Uploads and imports join the library


def test_an_upload_joins_the_library_with_its_uploader_and_the_alt_text_the_dialog_sent(staff_client):
    data = image_bytes(size=(640, 480))
    response = staff_client.post(
        UPLOAD, {"image": SimpleUploadedFile("pier.jpg", data, "image/jpeg"), "alt": " A pier \n in fog "}
    )

    answer = response.json()
    image = StoredImage.objects.get(name=answer["name"])
    assert (image.width, image.height, image.alt_text) == (640, 480, "A pier in fog")
    assert image.uploaded_by.username == "editor"
    assert answer["url"] == default_storage.url(image.name)
    assert answer["thumbnail"].endswith("-480w.webp")
    assert answer["alt"] == "A pier in fog"


def test_the_same_image_uploaded_again_keeps_its_first_uploader_date_and_alt_text(staff_client, writer_client):
    data = image_bytes(size=(64, 48))
    first = staff_client.post(UPLOAD, {"image": SimpleUploadedFile("a.jpg", data), "alt": "First words"}).json()
    second = writer_client.post(UPLOAD, {"image": SimpleUploadedFile("b.jpg", data), "alt": "Other words"}).json()

    assert first["name"] == second["name"]
    image = StoredImage.objects.get()
    assert (image.uploaded_by.username, image.alt_text) == ("editor", "First words")


def test_imported_images_join_the_library_under_their_original_names(site, staff_client):
    write(site, "harbour-at-dawn.png", png((5, 50, 150)))
    write(site, "post.md", article_text(body="![A harbour](harbour-at-dawn.png)\n"))

    code, report = run_json(site)

    assert code == 0, report
    [image] = staff_client.get(LIBRARY, {"q": "harbour"}).json()["images"]
    assert image["original_name"] == "harbour-at-dawn.png"
    assert image["url"] in Article.objects.get().body


def test_images_stored_before_the_library_existed_are_added_once_with_their_sizes_and_hero_alt_texts():
    hero = stored("olive", original_name="hero.jpg")
    inline = stored("navy", size=(300, 200), image_format="PNG")
    StoredImage.objects.all().delete()

    added = media_library.register_existing_images(
        model=StoredImage, hero_articles=[(hero, "A quiet harbour"), (inline, "")]
    )

    assert added == 2
    assert sorted(StoredImage.objects.values_list("name", "width", "height", "alt_text")) == sorted(
        [(hero, 1200, 800, "A quiet harbour"), (inline, 300, 200, "")]
    )
    assert ImageName.objects.get(stored_name=hero).original_name == "hero.jpg"
    assert media_library.register_existing_images(model=StoredImage) == 0


# The hero chosen from the library


def test_a_hero_chosen_from_the_library_becomes_the_articles_hero_and_its_alt_text_is_remembered(editor_client):
    article = make_article(hero_image_alt="")
    image = stored("olive")

    response = editor_client.post(
        change_url(article),
        admin_form_data(article, hero_image_stored=image, hero_image_alt="Boats at rest", _continue="1"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.hero_image.name == image
    assert article.hero_set.name == image and article.hero_set.width == 1200
    assert StoredImage.objects.get(name=image).alt_text == "Boats at rest"
    assert default_storage.url(image) in editor_client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "hostile",
    [
        "../../settings.py",
        "/etc/passwd",
        "images/../cms/settings.py",
        "images/ab/../../manage.py",
        "avatars/{avatar}",
        "{rendition}",
        "images/00/00" + "0" * 62 + ".jpg",  # the shape of a stored name, but nothing stored there
        "{image}\x00",
        "https://example.com/{image}",
    ],
)
def test_a_hero_from_the_library_must_be_an_image_in_the_library(editor_client, hostile):
    article = make_article(hero_image_alt="Old alt")
    image = stored("olive")
    avatar = store_image(image_bytes(size=(80, 80)), folder="avatars").removeprefix("avatars/")
    name = hostile.format(image=image, avatar=avatar, rendition=image.replace(".jpg", "-480w.webp"))

    response = editor_client.post(change_url(article), admin_form_data(article, hero_image_stored=name))

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["hero_image"]
    assert "is not an image in the media library" in error
    article.refresh_from_db()
    assert not article.hero_image


def test_a_hero_cannot_be_uploaded_and_chosen_from_the_library_at_once(editor_client):
    article = make_article()
    upload = SimpleUploadedFile("hero.png", image_bytes(size=(64, 64), image_format="PNG"), "image/png")

    response = editor_client.post(
        change_url(article), admin_form_data(article, hero_image=upload, hero_image_stored=stored("olive"))
    )

    assert response.context["adminform"].form.errors["hero_image"] == [
        "Upload a hero image or choose one from the library, not both."
    ]


def test_the_article_form_tells_its_script_where_the_library_and_upload_are(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert f'data-library-url="{LIBRARY}"' in page
    assert f'data-upload-url="{UPLOAD}"' in page
    assert "admin/js/folio-images.js" in page


def test_the_article_form_names_its_stored_hero_by_the_file_it_came_from(editor_client):
    article = make_article()
    name = stored("olive", original_name="quay at dusk.jpg")

    response = editor_client.post(change_url(article), admin_form_data(article, title="", hero_image_stored=name))

    assert response.status_code == 200
    assert 'data-label="quay-at-dusk.jpg"' in response.content.decode()
