"""Media storage: the local folder by default, any S3-compatible store when S3_* is set.

The S3 tests run against moto's S3 server started on 127.0.0.1, never a real service.
"""

import errno
import io
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from PIL import Image

from articles.images import store_image
from tests.servers import free_port, wait_until_answering


def _png(colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            try:
                # Any answer will do: moto's S3 answers /healthz with a 404 for a bucket it does not have.
                wait_until_answering(url, server, log=log)
            except RuntimeError as error:
                pytest.skip(f"moto's S3 server could not start: {str(error)[-500:]}")
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.fixture
def s3_settings(s3_endpoint, load_settings, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    return load_settings(
        S3_BUCKET=f"folio-media-{uuid.uuid4().hex[:12]}",
        S3_ENDPOINT_URL=s3_endpoint,
        S3_REGION="us-east-1",
        S3_ACCESS_KEY_ID="testing",
        S3_SECRET_ACCESS_KEY="testing",
    )


@pytest.fixture
def s3_storage(s3_settings):
    storage = storages.create_storage(s3_settings["STORAGES"]["default"])
    storage.connection.meta.client.create_bucket(Bucket=storage.bucket_name)
    return storage


def _keys(storage) -> list[str]:
    return [item.key for item in storage.bucket.objects.all()]


def test_media_stay_on_the_local_disk_by_default(load_settings):
    values = load_settings()
    assert values["STORAGES"]["default"]["BACKEND"] == "articles.storage.WholeFileSystemStorage"
    assert values["SERVE_MEDIA"] is True


def test_an_s3_bucket_takes_over_media_and_django_stops_serving_them(s3_settings):
    assert s3_settings["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3_settings["SERVE_MEDIA"] is False


def test_an_image_is_stored_in_the_s3_store_and_read_back(s3_storage):
    data = _png()
    name = store_image(data, storage=s3_storage)
    assert name in _keys(s3_storage)
    with s3_storage.open(name) as stored:
        assert stored.read() == data


def test_s3_media_urls_are_public_and_do_not_expire(s3_storage, s3_endpoint):
    # Production makes the bucket readable by anyone, as README says; moto enforces the policy.
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{s3_storage.bucket_name}/*",
            }
        ],
    }
    s3_storage.connection.meta.client.put_bucket_policy(Bucket=s3_storage.bucket_name, Policy=json.dumps(policy))
    data = _png((10, 120, 200))
    name = store_image(data, storage=s3_storage)
    url = s3_storage.url(name)
    assert url.startswith(s3_endpoint)
    assert "Signature" not in url and "Expires" not in url
    with urllib.request.urlopen(url) as response:
        assert response.read() == data


def test_s3_media_are_cached_for_a_year_since_names_follow_content(s3_storage):
    name = store_image(_png((0, 0, 0)), storage=s3_storage)
    stored = s3_storage.connection.meta.client.head_object(Bucket=s3_storage.bucket_name, Key=name)
    assert stored["CacheControl"] == "public, max-age=31536000, immutable"


def test_the_same_image_is_stored_once_in_the_s3_store(s3_storage):
    data = _png((90, 90, 90))
    first = store_image(data, storage=s3_storage)
    keys = _keys(s3_storage)
    assert store_image(data, storage=s3_storage) == first
    assert _keys(s3_storage) == keys


def test_a_custom_domain_serves_s3_media(load_settings):
    values = load_settings(S3_BUCKET="folio-media", S3_CUSTOM_DOMAIN="media.example.org", S3_REGION="us-east-1")
    storage = storages.create_storage(values["STORAGES"]["default"])
    assert storage.url("images/ab/abc.png") == "https://media.example.org/images/ab/abc.png"


def test_images_from_a_plain_http_s3_endpoint_are_allowed_by_the_content_security_policy(load_settings):
    values = load_settings(S3_BUCKET="folio-media", S3_ENDPOINT_URL="http://127.0.0.1:9000")
    assert "http://127.0.0.1:9000" in values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]


def interrupt_after_the_first_chunk(monkeypatch) -> None:
    """Ctrl+C (or a killed process) while a file is being written: one chunk reaches the disk, then nothing."""

    def chunks(self, chunk_size=None):
        yield self.read(1000)
        raise KeyboardInterrupt

    monkeypatch.setattr(ContentFile, "chunks", chunks)


def test_an_image_whose_write_was_interrupted_is_stored_whole_the_next_time(media_root, db, monkeypatch):
    data = _png_of_size(200_000)
    with monkeypatch.context() as patch:
        interrupt_after_the_first_chunk(patch)
        with pytest.raises(KeyboardInterrupt):
            store_image(data)

    name = store_image(data)

    assert default_storage.open(name).read() == data
    assert not [path.name for path in media_root.rglob(".*")]


def test_an_interrupted_write_leaves_nothing_under_the_files_name(media_root, monkeypatch):
    interrupt_after_the_first_chunk(monkeypatch)

    with pytest.raises(KeyboardInterrupt):
        default_storage.save("images/ab/abc.png", ContentFile(b"x" * 5000))

    assert not default_storage.exists("images/ab/abc.png")
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_file_saved_locally_can_be_read_by_others_as_djangos_own_storage_allows(media_root):
    name = default_storage.save("images/ab/whole.png", ContentFile(b"x" * 5000))

    mode = (media_root / name).stat().st_mode & 0o777
    assert mode == 0o666 & ~current_umask()


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _png_of_size(size: int) -> bytes:
    """A PNG of about `size` bytes: noise does not compress."""
    side = int((size / 3) ** 0.5)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def test_on_a_disk_without_hard_links_a_file_is_moved_into_place_whole(media_root, monkeypatch):
    def no_hard_links(source, target):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_hard_links)
    first = default_storage.save("images/ab/moved.png", ContentFile(b"x" * 5000))
    second = default_storage.save("images/ab/moved.png", ContentFile(b"y" * 10))

    assert first == "images/ab/moved.png" and second != first
    assert default_storage.open(first).read() == b"x" * 5000
    assert default_storage.open(second).read() == b"y" * 10
    assert not [path.name for path in media_root.rglob(".*")]
