import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.images import store_image
from tests.factories import make_article

pytestmark = pytest.mark.usefixtures("media_root")

PREVIEW = "/admin/markdownx/markdownify/"
UPLOAD = "/admin/markdownx/upload/"


def png_bytes(size=(8, 6)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format="PNG")
    return buffer.getvalue()


def stored_name(data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    return f"images/{digest[:2]}/{digest}.png"


def upload(client, name: str, data: bytes, content_type: str = "image/png"):
    return client.post(UPLOAD, {"image": SimpleUploadedFile(name, data, content_type=content_type)})


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", ["anonymous", "reader"])
def test_only_staff_can_use_the_preview_and_upload(client, django_user_model, visitor):
    if visitor == "reader":
        client.force_login(django_user_model.objects.create_user("reader", password="x"))
    data = png_bytes()
    preview = client.post(PREVIEW, {"content": "# Hi"})
    uploaded = upload(client, "pic.png", data)
    for response in (preview, uploaded):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert not default_storage.exists(stored_name(data))


def test_preview_is_the_same_html_readers_get_without_scripts(staff_client):
    content = "## Hello\n\nSome *text*.\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>"
    response = staff_client.post(PREVIEW, {"content": content})
    assert response.status_code == 200
    html = response.content.decode()
    assert html == make_article(body=content).body_html
    assert '<h2 id="hello">Hello</h2>' in html
    assert "<script" not in html
    assert "onerror" not in html


def test_the_preview_of_a_body_with_stored_images_is_the_saved_pages_html_with_renditions(staff_client):
    image = store_image(png_bytes(size=(1200, 800)))
    body = f'Intro.\n\n![A harbour at dusk]({default_storage.url(image)} "The harbour")\n\nMore.\n'
    article = make_article(body=body)

    html = staff_client.post(PREVIEW, {"content": body}).content.decode()

    assert html == article.body_html
    assert "<picture>" in html and "srcset=" in html and 'width="1200"' in html


def test_preview_refuses_get(staff_client):
    assert staff_client.get(PREVIEW).status_code == 405


def test_uploading_a_png_stores_it_and_returns_markdown_for_it(staff_client):
    data = png_bytes()
    response = upload(staff_client, "photo.png", data)
    assert response.status_code == 200
    name = stored_name(data)
    answer = response.json()
    assert answer["image_code"] == f"![](/media/{name})"
    assert (answer["name"], answer["url"], answer["width"], answer["height"]) == (name, f"/media/{name}", 8, 6)
    with default_storage.open(name) as stored:
        assert stored.read() == data


def test_uploading_the_same_image_twice_stores_one_file_and_its_renditions_once(staff_client, media_root):
    data = png_bytes(size=(5, 5))
    first = upload(staff_client, "one.png", data)
    second = upload(staff_client, "copy-of-one.png", data)
    assert first.json() == second.json()
    original = stored_name(data).rsplit("/", 1)[1]
    assert sorted(path.name for path in (media_root / "images").rglob("*") if path.is_file()) == [
        original.replace(".png", "-5w.webp"),
        original,
    ]


@pytest.mark.parametrize(
    ("name", "data", "content_type", "problem"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/svg+xml", "SVG images are not accepted"),
        ("notes.png", b"just some text pretending", "image/png", "not an image"),
    ],
)
def test_uploads_that_are_not_acceptable_images_get_a_400_naming_the_problem(
    staff_client, media_root, name, data, content_type, problem
):
    response = upload(staff_client, name, data, content_type)
    assert response.status_code == 400
    [message] = response.json()["image"]
    assert message.startswith(f"{name}: ")
    assert problem in message
    assert not (media_root / "images").exists()


def test_an_upload_over_the_size_limit_gets_a_400_naming_the_limit(staff_client, settings, media_root):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100
    response = upload(staff_client, "big.png", png_bytes(size=(200, 200)))
    assert response.status_code == 400
    assert "the limit is 100\xa0bytes" in response.json()["image"][0]
    assert not (media_root / "images").exists()


def test_an_upload_without_a_file_gets_a_400(staff_client):
    response = staff_client.post(UPLOAD, {})
    assert response.status_code == 400
    assert response.json() == {"image": ["Choose an image file to upload."]}


def test_an_upload_the_media_storage_cannot_take_tells_the_editor_and_logs_why_for_the_operator(
    staff_client, unwritable_media_root, caplog
):
    response = upload(staff_client, "photo.png", png_bytes())
    assert response.status_code == 503
    assert response.json() == {
        "image": [
            "The server could not store the image: its media storage cannot be written. Tell the site's operator."
        ]
    }
    assert f"Images cannot be written under MEDIA_ROOT ({unwritable_media_root}): Not a directory" in caplog.text
