"""A HEAD request gets GET's headers and no body, from Django itself, not only from a server that drops it."""

import pytest
from django.core.handlers.wsgi import WSGIHandler

from articles.images import store_image
from articles.stored_pages import reader_environ
from tests.factories import make_article
from tests.image_files import image_bytes


def ask(method: str, path: str) -> tuple[str, dict, bytes]:
    """`path` asked of Django's WSGI handler as a server asks it (the test client drops HEAD bodies itself)."""
    environ = reader_environ(path, host="testserver", scheme="http", server_name="testserver", server_port="80")
    environ["REQUEST_METHOD"] = method
    answer = {}
    body = WSGIHandler()(environ, lambda status, headers: answer.update(status=status, headers=dict(headers)))
    try:
        content = b"".join(body)
    finally:
        body.close()
    return answer["status"], answer["headers"], content


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stored", [False, True], ids=["built", "stored"])
def test_a_head_request_for_a_page_has_the_gets_headers_and_no_body(settings, stored):
    settings.STORED_PAGES = stored
    article = make_article()
    ask("GET", article.get_absolute_url())  # a stored page is kept by its first reader

    status, headers, content = ask("HEAD", article.get_absolute_url())
    _, got, page = ask("GET", article.get_absolute_url())

    assert status.startswith("200") and content == b""
    assert headers["Content-Length"] == str(len(page))  # what a GET would send
    assert headers["Content-Type"] == got["Content-Type"]


@pytest.mark.django_db
def test_a_head_request_for_a_stored_image_has_no_body(settings):
    name = store_image(image_bytes((40, 30), "PNG"))

    status, headers, content = ask("HEAD", settings.MEDIA_URL + name)

    assert status.startswith("200") and content == b""
    assert headers["Content-Type"] == "image/png"
