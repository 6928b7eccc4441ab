"""A video player in a post's own HTML reaches readers as a link to the video, not as nothing."""

import pytest

from articles.models import Article
from tests.markdown_files import article_text, run_json, write

pytestmark = pytest.mark.usefixtures("media_root")

PLAYER = (
    '<div class="video-wrapper">\n<iframe width="560" src="https://www.youtube.com/embed/{id}" '
    'title="{title}" frameborder="0" allowfullscreen></iframe>\n</div>\n'
)


@pytest.mark.django_db
def test_a_youtube_player_becomes_a_link_to_the_video_named_by_its_title(site):
    write(site, "tides.md", article_text(body=PLAYER.format(id="aBc-123_xYz", title="Tides at dawn")))

    code, report = run_json(site)

    assert code == 0, report
    assert report["files"][0]["warnings"] == []
    html = Article.objects.get().body_html
    assert '<a class="embed-link" href="https://www.youtube.com/watch?v=aBc-123_xYz">Tides at dawn</a>' in html
    assert "iframe" not in html


@pytest.mark.django_db
def test_a_player_titled_for_what_it_is_links_with_words_naming_the_site(site):
    body = '<iframe src="https://player.vimeo.com/video/76979871" title="vimeo-player"></iframe>\n'
    write(site, "tides.md", article_text(body=body))

    run_json(site)

    assert '<a class="embed-link" href="https://vimeo.com/76979871">Watch the video on Vimeo</a>' in (
        Article.objects.get().body_html
    )


@pytest.mark.django_db
def test_a_player_shown_as_code_and_a_frame_of_another_site_are_left_as_they_were(site):
    shown = "```html\n" + PLAYER.format(id="aBc-123_xYz", title="Tides") + "```\n\n"
    other = '<iframe src="https://maps.example.org/embed?pb=1"></iframe>\n'
    write(site, "tides.md", article_text(body=shown + other))

    _, report = run_json(site)

    article = Article.objects.get()
    assert "youtube.com/embed/aBc-123_xYz" in article.body and "embed-link" not in article.body
    assert "HTML <iframe> removed: not allowed in an article" in report["files"][0]["warnings"]
