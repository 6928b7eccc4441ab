"""Preview changes in a real browser: the writer sees at once what they just typed, readers never do."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, body_editor
from tests.browser.test_accessibility import violations
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def autosave_waits_long(settings):
    # Long enough that only the click on Preview changes can have sent the text.
    settings.AUTOSAVE_IDLE_MS = 600_000
    settings.AUTOSAVE_MAX_WAIT_MS = 600_000


def test_preview_changes_shows_the_text_just_typed_in_a_new_tab_while_view_on_site_keeps_the_published_page(
    admin_page, live_server
):
    page = admin_page(DESKTOP)
    article = make_article(title="A published piece", body="The published words.")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    editor = body_editor(page)
    editor.press("Control+End")
    editor.type(" Words typed a moment ago.")
    expect(page.locator(".markdownx-preview")).to_contain_text("Words typed a moment ago.")

    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Preview changes").click()
    preview = opened.value

    expect(preview.locator(".prose")).to_contain_text("The published words. Words typed a moment ago.")
    expect(preview.locator(".preview-banner")).to_contain_text("readers still see the published version")
    assert violations(preview) == []
    expect(page).to_have_url(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(page.get_by_role("link", name="View on site")).to_have_attribute(
        "title", "The published page, as readers see it now"
    )
    reader = page.context.browser.new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    expect(reader.locator(".prose")).to_have_text("The published words.")
    reader.close()
