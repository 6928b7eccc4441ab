"""Images of imported files: the import root, the public folder, refused schemes and downloads."""

import contextlib
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from tests.markdown_files import article_text, media_files, png, run, run_json, write

pytestmark = pytest.mark.usefixtures("media_root")


# The import root and the public folder


@pytest.mark.django_db
def test_root_lets_a_post_read_images_elsewhere_in_the_site(tmp_path):
    astro = tmp_path / "astro-site"
    write(astro, "src/assets/hero.png", png((5, 50, 150)))
    post = "src/content/blog/first-post.md"
    write(astro, post, article_text(heroImage="'../../assets/hero.png'", body="![Inline](../../assets/hero.png)\n"))

    code, report = run_json(astro / "src/content/blog", "--root", astro)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    article = Article.objects.get(slug="first-post")
    assert article.hero_image.name.startswith("images/")
    assert default_storage.url(article.hero_image.name) in article.body
    assert article.source_path == post


@pytest.mark.django_db
def test_without_root_the_same_post_imports_without_the_image_and_a_warning(tmp_path):
    astro = tmp_path / "astro-site"
    write(astro, "src/assets/hero.png", png((5, 50, 150)))
    write(astro, "src/content/blog/first-post.md", article_text(heroImage="'../../assets/hero.png'"))

    code, report = run_json(astro / "src/content/blog")

    assert code == 0
    assert report["files"][0]["warnings"] == [
        "heroImage '../../assets/hero.png' is outside the import folder; imported without a hero image"
    ]
    assert not Article.objects.get().hero_image


@pytest.mark.django_db
def test_a_path_outside_the_root_is_a_bad_command_line(site, tmp_path):
    other = tmp_path / "other"
    other.mkdir()

    with pytest.raises(CommandError) as error:
        call_command("import_markdown", str(other), "--root", str(site), stdout=StringIO())

    assert error.value.returncode == 2
    assert "not inside the import root" in str(error.value)


@pytest.mark.django_db
def test_a_site_root_image_is_found_under_the_public_folder(tmp_path, site):
    public = tmp_path / "public"
    write(public, "blog-placeholder-3.png", png((70, 70, 70)))
    write(site, "post.md", article_text(heroImage="'/blog-placeholder-3.png'", body="![x](/blog-placeholder-3.png)\n"))

    code, report = run_json(site, "--public-dir", public)

    assert code == 0
    assert report["files"][0]["warnings"] == []
    article = Article.objects.get()
    assert article.hero_image.name.startswith("images/")
    assert article.body == f"\n![x]({default_storage.url(article.hero_image.name)})\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("config", "public"),
    [("hugo.toml", "static"), ("_config.yml", "."), ("astro.config.mjs", "public"), ("gatsby-config.js", "static")],
)
def test_a_site_root_image_is_found_where_the_sites_generator_serves_it_from(tmp_path, config, public):
    write(tmp_path, config, "title: x\n" if config.endswith(".yml") else "")
    write(tmp_path / public, "img/logo.png", png((70, 70, 70)))
    write(tmp_path, "posts/post.md", article_text(body="![The logo](/img/logo.png)\n"))

    code, report = run_json(tmp_path / "posts", "--root", tmp_path)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    assert Article.objects.get().body.startswith("\n![The logo](/media/images/")


@pytest.mark.django_db
def test_a_generators_public_folder_outside_the_import_root_is_not_read(tmp_path):
    write(tmp_path, "hugo.toml", "")
    write(tmp_path / "static", "img/logo.png", png((70, 70, 70)))
    write(tmp_path, "content/post.md", article_text(body="![The logo](/img/logo.png)\n"))

    _, report = run_json(tmp_path / "content")

    assert "is a site-root path; give --public-dir" in report["files"][0]["warnings"][-1]


@pytest.mark.django_db
def test_a_site_root_image_without_a_public_folder_is_a_warning_naming_it(site):
    write(site, "post.md", article_text(heroImage="'/blog-placeholder-3.png'"))

    code, report = run_json(site)

    assert code == 0
    assert (
        "heroImage '/blog-placeholder-3.png' is a site-root path; give --public-dir"
        in report["files"][0]["warnings"][0]
    )
    assert not Article.objects.get().hero_image


@pytest.mark.django_db
def test_a_reference_climbing_out_of_the_public_folder_is_a_warning(tmp_path, site):
    public = tmp_path / "public"
    public.mkdir()
    write(tmp_path, "secret.png", png((0, 0, 0)))
    write(site, "post.md", article_text(heroImage="'/../secret.png'"))

    _, report = run_json(site, "--public-dir", public)

    assert "heroImage '/../secret.png' is outside the public folder" in report["files"][0]["warnings"][0]
    assert not Article.objects.get().hero_image


@pytest.mark.django_db
def test_a_hero_pointing_at_system_files_is_a_warning_and_the_article_still_imports(site):
    write(site, "post.md", article_text(heroImage="'../../../etc/passwd'"))

    code, report = run_json(site)

    assert code == 0
    assert "heroImage '../../../etc/passwd' is outside the import folder" in report["files"][0]["warnings"][0]
    assert Article.objects.get().hero_image == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "src", ["javascript:alert(1)", "file:///etc/passwd", "data:image/png;base64,iVBORw0KGgo=", "//evil.example/x.png"]
)
def test_a_body_image_with_another_scheme_is_dropped_with_a_warning(site, src):
    write(site, "post.md", article_text(body=f"Before.\n\n![bad]({src})\n\nAfter.\n"))

    code, report = run_json(site)

    assert code == 0
    assert report["files"][0]["warnings"] == [
        f"image '{src}' is not allowed (only http, https and relative addresses); dropped"
    ]
    article = Article.objects.get()
    assert src not in article.body
    assert "Before." in article.body and "After." in article.body


# Remote images


class ImageServer:
    """A local HTTP server with one route per way a download can go."""

    def __init__(self):
        import http.server
        import threading

        self.requests: list[str] = []
        # The slow route answers only when the server closes: later than any download timeout, however
        # slowly a loaded machine runs the test.
        self.closing = threading.Event()
        good = png((1, 2, 3), size=(8, 8))
        big = png((9, 9, 9), size=(400, 400))
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                if self.path == "/slow.png":
                    server.closing.wait()
                routes = {
                    "/ok.png": (200, good),
                    "/hero.png": (200, png((200, 1, 1), size=(8, 8))),
                    "/big.png": (200, big),
                    "/slow.png": (200, good),
                    "/page.png": (200, b"<html>not an image</html>"),
                }
                if self.path == "/to-file":
                    self.send_response(302)
                    self.send_header("Location", "file:///etc/passwd")
                    self.end_headers()
                    return
                status, data = routes.get(self.path, (404, b"missing"))
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client gave up first
                    self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.big_size = len(big)

    def close(self):
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def image_server():
    server = ImageServer()
    yield server
    server.close()


@pytest.mark.django_db
def test_remote_images_stay_addresses_and_are_not_fetched_by_default(site, image_server):
    write(site, "post.md", article_text(heroImage=f"'{image_server.base}/hero.png'"))

    run(site)

    assert Article.objects.get().hero_image_url == f"{image_server.base}/hero.png"
    assert image_server.requests == []


@pytest.mark.django_db
def test_download_images_stores_remote_hero_and_body_images(site, image_server, media_root):
    body = f"![ok]({image_server.base}/ok.png)\n\nAgain ![ok]({image_server.base}/ok.png)\n"
    write(site, "post.md", article_text(heroImage=f"'{image_server.base}/hero.png'", body=body))

    code, report = run_json(site, "--download-images")

    assert code == 0
    assert report["files"][0]["warnings"] == []
    article = Article.objects.get()
    assert article.hero_image.name.startswith("images/")
    assert article.hero_image_url == ""
    assert image_server.base not in article.body
    assert article.body.count("/media/images/") == 2
    assert image_server.requests.count("/ok.png") == 1
    assert len([p for p in media_files(media_root) if "images" in p.parts and p.suffix == ".png"]) >= 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "problem"),
    [
        ("/page.png", "not an image"),
        ("/missing.png", "HTTP 404"),
        ("/big.png", "over the limit"),
        ("/slow.png", "took longer than 0.5 seconds"),
        ("/to-file", "redirected to 'file:///etc/passwd'"),
    ],
)
def test_a_download_that_fails_keeps_the_address_with_a_warning(site, image_server, settings, route, problem):
    settings.IMAGE_UPLOAD_MAX_BYTES = image_server.big_size - 1
    url = f"{image_server.base}{route}"
    write(site, "post.md", article_text(heroImage=f"'{url}'"))

    code, report = run_json(site, "--download-images", "--download-timeout", "0.5")

    assert code == 0
    warning = report["files"][0]["warnings"][0]
    assert warning.startswith(f"heroImage '{url}' could not be downloaded")
    assert problem in warning
    article = Article.objects.get()
    assert article.hero_image_url == url
    assert not article.hero_image


@pytest.mark.django_db
def test_dry_run_with_downloads_checks_the_image_but_stores_nothing(site, image_server, media_root):
    write(
        site,
        "post.md",
        article_text(heroImage=f"'{image_server.base}/page.png'", body=f"![x]({image_server.base}/ok.png)\n"),
    )

    code, report = run_json(site, "--download-images", "--dry-run")

    assert code == 0
    assert "not an image" in report["files"][0]["warnings"][0]
    assert media_files(media_root) == []
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_local_image_in_raw_html_is_stored_like_a_markdown_image(site, media_root):
    write(site, "pic.png", png((1, 2, 3)))
    write(
        site,
        "a.md",
        '---\ntitle: A\nauthor: W\ndraft: true\n---\n<p><img src="pic.png" alt="x"></p>\n\n`<img src="pic.png">`\n',
    )

    _, report = run_json(site)

    body = Article.objects.get().body
    assert '<img src="/media/images/' in body
    assert '`<img src="pic.png">`' in body
    assert report["files"][0]["warnings"] == []


@pytest.mark.django_db
def test_html_the_sanitiser_removes_is_reported_naming_the_element(site):
    write(
        site, "a.md", "---\ntitle: A\nauthor: W\n---\n<script>x()</script>\n\n<iframe src='https://e.org'></iframe>\n"
    )

    _, report = run_json(site)

    assert "HTML <iframe> removed: not allowed in an article" in report["files"][0]["warnings"]
    assert "HTML <script> removed: not allowed in an article" in report["files"][0]["warnings"]
