"""A video player in a post's own HTML reaches readers as a link to the video, not as nothing."""

import pytest

from articles.models import Article
from articles.video_embeds import video_links
from tests.markdown_files import article_text, run_json, write
from tests.test_hostile_input import deadline

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


@pytest.mark.django_db
def test_the_fallback_a_removed_frame_holds_reaches_readers_as_html_not_as_tags_written_out(site):
    body = (
        'Before.\n\n<iframe height="300" src="//pens.example.org/embed/Kx1">\n'
        "  See the demo <a href='https://pens.example.org/Kx1'>Folded paper</a> by Ana\n"
        "  on <a href='https://pens.example.org'>Pens</a>.\n</iframe>\n\nAfter.\n"
    )
    write(site, "tides.md", article_text(body=body))

    _, report = run_json(site)

    html = Article.objects.get().body_html
    assert '<a href="https://pens.example.org/Kx1">Folded paper</a> by Ana' in html
    assert "&lt;a" not in html and "iframe" not in html
    assert "HTML <iframe> removed: not allowed in an article" in report["files"][0]["warnings"]


@pytest.mark.django_db
def test_a_youtube_player_holding_fallback_text_still_becomes_the_link(site):
    body = '<iframe src="https://www.youtube.com/embed/aBc-123_xYz" title="Tides">Frames are off.</iframe>\n'
    write(site, "tides.md", article_text(body=body))

    run_json(site)

    html = Article.objects.get().body_html
    assert '<a class="embed-link" href="https://www.youtube.com/watch?v=aBc-123_xYz">Tides</a>' in html
    assert "Frames are off" not in html


def test_frames_never_closed_cost_one_pass_over_the_body():
    body = '<iframe src="https://pens.example.org/embed/Kx1">\n' * 20000

    # One pass takes a fraction of a second; a pass for each frame took over a minute.
    with deadline(20):
        assert video_links(body) == body
