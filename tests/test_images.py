import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from articles import renditions
from articles.images import ImageRejected, check_image, check_size, store_image
from articles.models import Article
from tests.factories import make_article
from tests.image_files import image_bytes, png_with_damaged_pixels, png_with_header_only

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def stored_sizes(name: str) -> tuple[int, int]:
    with default_storage.open(name) as stored, Image.open(stored) as image:
        return image.size


# Renditions


def test_a_photo_turned_by_its_exif_orientation_is_described_and_resized_as_it_is_seen():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[renditions.EXIF_ORIENTATION] = 6  # stored landscape, shown portrait
    Image.new("RGB", (1200, 600), "olive").save(buffer, format="JPEG", exif=exif)
    name = store_image(buffer.getvalue())

    image_set = renditions.ensure_renditions(name)

    assert (image_set.width, image_set.height) == (600, 1200)
    smallest = image_set.renditions[0]
    assert (smallest.width, smallest.height) == (480, 960)
    assert stored_sizes(smallest.name) == (480, 960)


def test_describing_an_image_whose_renditions_exist_does_not_decode_it(monkeypatch):
    name = store_image(image_bytes())
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self) or None)

    image_set = renditions.ensure_renditions(name)

    assert (image_set.width, image_set.height) == (2000, 1125)
    assert decoded == []


def test_storing_an_image_makes_webp_and_original_format_renditions_beside_it():
    name = store_image(image_bytes())
    stem = name.rsplit(".", 1)[0]
    for width, height in ((480, 270), (960, 540), (1600, 900)):
        for extension in ("webp", "jpg"):
            rendition = f"{stem}-{width}w.{extension}"
            assert default_storage.exists(rendition)
            assert stored_sizes(rendition) == (width, height)
    assert default_storage.exists(name)


def test_a_small_image_gets_no_rendition_wider_than_itself():
    name = store_image(image_bytes(size=(700, 400), image_format="PNG"))
    stem = name.rsplit(".", 1)[0]
    assert default_storage.exists(f"{stem}-480w.png")
    assert default_storage.exists(f"{stem}-700w.webp")
    assert not default_storage.exists(f"{stem}-700w.png")  # the original is that one
    assert not default_storage.exists(f"{stem}-960w.webp")


def test_an_image_too_tall_for_webp_gets_only_renditions_in_its_own_format():
    name = store_image(image_bytes(size=(1000, 20_000), image_format="PNG"))

    image_set = renditions.ensure_renditions(name)

    assert (image_set.width, image_set.height) == (1000, 20_000)
    assert [(r.width, r.height, r.extension) for r in image_set.renditions] == [
        (480, 9600, "webp"),
        (480, 9600, "png"),
        (960, 19200, "png"),
    ]
    assert all(default_storage.exists(r.name) for r in image_set.renditions)


def test_a_long_strip_uploaded_in_the_editor_joins_the_library_as_its_own_thumbnail(staff_client):
    upload = SimpleUploadedFile("strip.png", image_bytes(size=(2, 40_000), image_format="PNG"))

    response = staff_client.post(reverse("markdownx_upload"), {"image": upload})

    assert response.status_code == 200
    assert (response.json()["width"], response.json()["height"]) == (2, 40_000)
    assert response.json()["thumbnail"] == response.json()["url"]


def test_a_gif_keeps_only_its_original_so_animation_survives(media_root):
    name = store_image(image_bytes(size=(1000, 600), image_format="GIF"))
    assert [path.name for path in media_root.rglob("*") if path.is_file()] == [name.rsplit("/", 1)[1]]


@pytest.mark.parametrize("image_format", ["WEBP", "PNG"])
def test_an_animated_webp_or_png_is_offered_as_it_is_so_animation_survives(image_format, staff_client):
    frames = [Image.new("RGB", (1200, 800), color) for color in ("teal", "coral", "gold")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format=image_format, save_all=True, append_images=frames[1:], duration=100, loop=0)
    name = store_image(buffer.getvalue())

    article = make_article(body=f"![Moving]({default_storage.url(name)})")

    assert renditions.ensure_renditions(name).renditions == ()
    assert "-480w" not in article.body_html and "-960w" not in article.body_html
    thumbnail = staff_client.get(reverse("media_library")).json()["images"][0]["thumbnail"]
    assert default_storage.exists(thumbnail.removeprefix(default_storage.url("")))


def test_renditions_are_made_once_however_often_the_image_is_stored(monkeypatch):
    data = image_bytes()
    store_image(data)
    encoded = []
    original_encode = renditions._encode
    monkeypatch.setattr(renditions, "_encode", lambda *args: encoded.append(args) or original_encode(*args))
    store_image(data)
    make_article(body=f"![again]({default_storage.url(store_image(data))})")
    assert encoded == []


def test_a_missing_rendition_is_made_again_when_the_image_is_next_used():
    name = store_image(image_bytes())
    missing = renditions.rendition_name(name, 960, "webp")
    default_storage.delete(missing)
    make_article(body=f"![again]({default_storage.url(name)})")
    assert default_storage.exists(missing)


# Pages point at the renditions


def test_a_stored_body_image_gets_srcset_sizes_width_and_height_when_the_body_is_saved():
    name = store_image(image_bytes())
    url = default_storage.url(name)
    article = make_article(body=f'Intro.\n\n![A blue field]({url} "Blue")\n')
    stem = url.rsplit(".", 1)[0]
    html = article.body_html
    assert '<figure><picture><source type="image/webp"' in html
    assert f"{stem}-480w.webp 480w, {stem}-960w.webp 960w, {stem}-1600w.webp 1600w" in html
    assert f'srcset="{stem}-480w.jpg 480w, {stem}-960w.jpg 960w, {stem}-1600w.jpg 1600w, {url} 2000w"' in html
    assert f'<img src="{url}" alt="A blue field" width="2000" height="1125" loading="lazy"' in html
    assert 'sizes="(min-width: 46rem) 42rem, 100vw"' in html
    assert "<figcaption>Blue</figcaption>" in html


def test_a_stored_gif_offers_no_empty_webp_source():
    url = default_storage.url(store_image(image_bytes(size=(1000, 600), image_format="GIF")))
    html = make_article(body=f"![A loop]({url})\n").body_html
    assert '<source type="image/webp"' not in html
    assert f'<img src="{url}" alt="A loop" width="1000" height="600"' in html
    assert f'srcset="{url} 1000w"' in html


def test_a_stored_image_keeps_the_width_its_page_set_with_the_height_in_proportion():
    url = default_storage.url(store_image(image_bytes()))
    html = make_article(body=f'![A blue field]({url}){{ width="500" }}\n').body_html
    assert f'<img src="{url}" alt="A blue field" width="500" height="281" loading="lazy"' in html
    assert 'width="2000"' not in html


@pytest.mark.parametrize("width", ['"50%"', '"0"', '"wide"'])
def test_a_stored_image_whose_page_set_no_pixel_width_keeps_its_own_size(width):
    url = default_storage.url(store_image(image_bytes()))
    html = make_article(body=f"![A blue field]({url}){{ width={width} }}\n").body_html
    assert f'<img src="{url}" alt="A blue field" width="2000" height="1125"' in html


def test_external_and_unknown_body_images_keep_their_address_as_written():
    article = make_article(body="![far](https://images.example.org/a.jpg)\n\n![gone](/media/images/none.jpg)\n")
    assert '<img src="https://images.example.org/a.jpg" alt="far" loading="lazy"' in article.body_html
    assert '<img src="/media/images/none.jpg" alt="gone"' in article.body_html
    assert "srcset" not in article.body_html


def test_an_uploaded_hero_is_stored_by_content_with_renditions_and_its_size_recorded():
    upload = SimpleUploadedFile("hero.jpg", image_bytes(), content_type="image/jpeg")
    article = make_article(hero_image=upload, hero_image_alt="A blue field")
    article.refresh_from_db()
    assert article.hero_image.name.startswith("images/")
    assert article.hero_image_set["width"] == 2000
    assert article.hero_image_set["height"] == 1125
    assert default_storage.exists(renditions.rendition_name(article.hero_image.name, 480, "webp"))


def test_the_article_hero_is_eager_with_high_priority_and_its_renditions(client):
    article = make_article(hero_image=store_image(image_bytes()), hero_image_alt="A blue field")
    html = client.get(article.get_absolute_url()).content.decode()
    hero = html[html.index('<figure class="hero">') :]
    url = default_storage.url(article.hero_image.name)
    assert f'<img src="{url}" alt="A blue field" width="2000" height="1125" fetchpriority="high"' in hero
    assert 'loading="lazy"' not in hero[: hero.index("</figure>")]
    assert f"{url.rsplit('.', 1)[0]}-960w.webp 960w" in hero
    assert 'sizes="(min-width: 76rem) 72rem, 100vw"' in hero


def test_cards_below_the_feature_load_their_hero_lazily_from_renditions(client):
    hero = store_image(image_bytes())
    make_article(hero_image=hero, hero_image_alt="Older")
    make_article(hero_image=hero, hero_image_alt="Newer")
    html = client.get(reverse("articles:home")).content.decode()
    feature = html[html.index('class="feature"') : html.index('class="cards"')]
    cards = html[html.index('class="cards"') :]
    assert 'alt="Newer" width="2000" height="1125" fetchpriority="high"' in feature
    assert 'alt="Older" width="2000" height="1125" loading="lazy"' in cards
    assert "-480w.webp 480w" in cards


def test_resaving_an_article_keeps_its_hero_set_in_step_with_the_hero():
    article = make_article(hero_image=store_image(image_bytes()))
    article.hero_image = ""
    article.hero_image_url = "https://images.example.org/x.jpg"
    article.save()
    assert article.hero_image_set == {}
    assert article.hero_set is None


# Uploads are checked


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    with pytest.raises(ImageRejected) as refused:
        check_image(png_with_header_only(60_000, 60_000))
    assert str(refused.value) == "The image is 60000×60000 pixels (3,600 megapixels); the limit is 40 megapixels."


def test_a_pixel_limit_above_pillows_own_is_told_as_pillows_limit(settings):
    settings.IMAGE_MAX_PIXELS = 200_000_000  # Pillow refuses past 89,478,485 pixels, whatever Folio allows
    with pytest.raises(ImageRejected) as refused:
        check_image(png_with_header_only(10_000, 10_000))
    assert str(refused.value) == "The image is 10000×10000 pixels (100 megapixels); the limit is 89.5 megapixels."


def test_an_image_over_the_pixel_limit_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(ImageRejected) as refused:
        check_image(image_bytes(size=(1200, 1000), image_format="PNG"))
    assert str(refused.value) == "The image is 1200×1000 pixels (1.2 megapixels); the limit is 1 megapixel."


def noisy_image_bytes(image_format: str) -> bytes:
    """A picture that does not compress to almost nothing, so that cutting it short cuts into its pixels."""
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 64).convert("RGB").save(buffer, format=image_format)
    return buffer.getvalue()


@pytest.mark.parametrize("image_format", ["JPEG", "GIF", "PNG", "WEBP"])
@pytest.mark.parametrize("kept", [0.5, 0.95])
def test_an_image_cut_short_is_refused_as_damaged(image_format, kept):
    whole = noisy_image_bytes(image_format)

    with pytest.raises(ImageRejected, match="damaged"):
        check_image(whole[: int(len(whole) * kept)])


def test_a_png_whose_pixels_cannot_be_decoded_is_refused_as_damaged():
    with pytest.raises(ImageRejected, match="damaged"):
        check_image(png_with_damaged_pixels())


def test_an_upload_whose_pixels_cannot_be_decoded_is_a_clear_error_and_nothing_is_stored(staff_client, media_root):
    upload = SimpleUploadedFile("broken.png", png_with_damaged_pixels(), content_type="image/png")

    response = staff_client.post(reverse("markdownx_upload"), {"image": upload})

    assert response.status_code == 400
    assert response.json()["image"] == [
        "broken.png: The file is not an image, or it is damaged: upload a JPEG, PNG, GIF or WebP file."
    ]
    assert not media_root.exists() or not any(path.is_file() for path in media_root.rglob("*"))


def test_an_upload_cut_short_is_a_clear_error_and_nothing_is_stored(staff_client, media_root):
    whole = noisy_image_bytes("JPEG")
    upload = SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], content_type="image/jpeg")

    response = staff_client.post(reverse("markdownx_upload"), {"image": upload})

    assert response.status_code == 400
    assert "damaged" in response.json()["image"][0]
    assert not media_root.exists() or not any(path.is_file() for path in media_root.rglob("*"))


def test_a_decompression_bomb_hero_is_a_clear_form_error_and_nothing_is_stored(staff_client, author, media_root):
    bomb = SimpleUploadedFile("hero.png", png_with_header_only(60_000, 60_000), content_type="image/png")
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Bomb",
            "slug": "bomb",
            "author": author.pk,
            "body": "Text.",
            "status": "draft",
            "created_date_0": "2024-05-01",
            "created_date_1": "10:00:00",
            "hero_image": bomb,
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["hero_image"] == [
        "The image is 60000×60000 pixels (3,600 megapixels); the limit is 40 megapixels."
    ]
    assert not Article.objects.exists()
    assert not any(path.is_file() for path in media_root.rglob("*"))


@pytest.mark.parametrize(
    "body",
    [
        '<img src="{url}" alt="x><script>window.pwned=1</script>">',
        "![x><script>window.pwned=1</script>]({url})",
        '<img src="{url}" title="a > b" alt="<img src=y onerror=alert(1)>">',
    ],
)
def test_adding_renditions_never_turns_an_attribute_value_into_markup(body):
    url = default_storage.url(store_image(image_bytes()))
    html = make_article(body=body.format(url=url)).body_html
    assert "<picture>" in html
    assert "<script" not in html
    assert "<img src=y" not in html
    assert html.count("<img ") == 1


def test_imported_hero_and_body_images_get_renditions_and_pages_use_them(client, tmp_path):
    source = tmp_path / "site"
    (source / "images").mkdir(parents=True)
    (source / "images" / "hero.jpg").write_bytes(image_bytes())
    (source / "images" / "chart.png").write_bytes(image_bytes(size=(1200, 800), image_format="PNG"))
    (source / "post.md").write_text(
        "---\ntitle: Imported\nauthor: Ada\npublish_date: '2024-05-06'\nheroImage: images/hero.jpg\n---\n\n"
        "Intro.\n\n![A chart](images/chart.png)\n",
        encoding="utf-8",
    )
    call_command("import_markdown", str(source), stdout=io.StringIO())
    article = Article.objects.get(slug="post")
    assert article.hero_set is not None
    assert default_storage.exists(renditions.rendition_name(article.hero_image.name, 960, "webp"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'width="2000" height="1125" fetchpriority="high"' in html
    assert 'alt="A chart" width="1200" height="800" loading="lazy"' in html
    assert "-480w.png 480w" in html


def test_the_size_limit_is_named_in_the_units_it_is_set_in(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024  # the default, 10 MiB
    with pytest.raises(ImageRejected) as rejected:
        check_size(12 * 1024 * 1024)
    assert str(rejected.value) == "The image is 12.0\xa0MB; the limit is 10.0\xa0MB."
