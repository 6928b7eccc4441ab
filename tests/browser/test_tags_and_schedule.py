"""Around the article form, in a real browser: tags typed as free text, a call to action written in place, and a
save button that says whether it publishes now or schedules."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Tag
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS
from tests.browser.test_accessibility import violations
from tests.factories import make_article, make_author, make_staff_user, make_tag

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor_page(browser, live_server):
    """A page signed in as an editor; with csp=True the page's Content-Security-Policy applies (axe cannot run)."""
    contexts = []

    def open_page(viewport=DESKTOP, *, csp=False, timezone_id=None):
        client = Client()
        client.force_login(make_staff_user(f"edna{len(contexts)}", role="Editors"))
        options = {"timezone_id": timezone_id} if timezone_id else {}
        context = browser.new_context(base_url=live_server.url, viewport=viewport, bypass_csp=not csp, **options)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def reader(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    yield context.new_page()
    context.close()


@pytest.fixture
def draft(db):
    return make_article(title="Proofs at midnight", slug="proofs-at-midnight", status="draft", publish_date=None)


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def tags_box(page):
    return page.locator(".field-tags .select2-selection")


def type_new_tag(page, name: str) -> None:
    tags_box(page).click()
    page.keyboard.type(name)
    expect(page.get_by_role("option", name=f"New tag: {name}")).to_be_visible()
    page.keyboard.press("Enter")


def pick_tag(page, typed: str, name: str) -> None:
    tags_box(page).click()
    page.keyboard.type(typed)
    page.get_by_role("option", name=name, exact=True).click()


def chosen_tags(page):
    return page.locator(".field-tags .select2-selection__choice")


def save_button(page):
    return page.locator("input[name=_save]")


def schedule_label(moment: datetime) -> str:
    year = "" if moment.year == timezone.localtime().year else f" {moment.year}"
    return f"Schedule for {moment.day} {moment:%b}{year}, {moment:%H:%M}"


def test_a_typed_new_tag_and_a_picked_one_are_saved_and_shown_to_readers_in_that_order(editor_page, reader, draft):
    make_tag(name="Typography", slug="typography")
    page = editor_page()
    page.goto(change_url(draft))

    type_new_tag(page, "Night desk")
    pick_tag(page, "typo", "Typography")
    expect(chosen_tags(page)).to_contain_text(["Night desk", "Typography"])
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Tag.objects.get(name="Night desk").slug == "night-desk"
    reader.goto(draft.get_absolute_url())
    expect(reader.locator(".tags li")).to_have_text(["Night desk", "Typography"])


def test_typing_an_existing_tag_in_other_capitals_offers_that_tag_not_a_new_one(editor_page, draft):
    make_tag(name="Typography", slug="typography")
    page = editor_page()
    page.goto(change_url(draft))

    tags_box(page).click()
    page.keyboard.type("TYPOGRAPHY")

    expect(page.get_by_role("option", name="Typography", exact=True)).to_be_visible()
    expect(page.get_by_role("option", name="New tag: TYPOGRAPHY")).to_have_count(0)


def test_publish_now_with_an_empty_date_puts_the_article_live_at_once(editor_page, reader, draft):
    page = editor_page()
    page.goto(change_url(draft))
    expect(save_button(page)).to_have_value("Save")

    page.select_option("#id_status", "published")

    expect(save_button(page)).to_have_value("Publish now")
    expect(page.locator("#folio-publish-plan")).to_have_text("Saving publishes it now: readers see it at once.")
    save_button(page).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    draft.refresh_from_db()
    assert draft.is_published()
    assert reader.goto(draft.get_absolute_url()).status == 200


def test_a_future_date_makes_the_button_schedule_and_readers_wait_for_it(editor_page, reader, draft):
    page = editor_page()
    page.goto(change_url(draft))
    when = (timezone.localtime() + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)

    page.select_option("#id_status", "published")
    page.fill("#id_publish_date_0", when.strftime("%Y-%m-%d"))
    page.fill("#id_publish_date_1", "09:00:00")

    expect(save_button(page)).to_have_value(schedule_label(when))
    expect(page.locator("#folio-publish-plan")).to_contain_text("readers see it from")
    page.select_option("#id_status", "draft")
    expect(save_button(page)).to_have_value("Save")
    page.select_option("#id_status", "published")
    save_button(page).click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Article.objects.scheduled().filter(pk=draft.pk).exists()
    assert reader.goto(draft.get_absolute_url()).status == 404


def test_the_button_reads_the_date_in_the_sites_time_zone_not_the_browsers(editor_page, draft, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    # Los Angeles is 16 or 17 hours behind Tokyo: an hour ago in Tokyo is still tomorrow there.
    page = editor_page(timezone_id="America/Los_Angeles")
    page.goto(change_url(draft))
    tokyo_now = timezone.localtime(timezone.now(), timezone.get_fixed_timezone(9 * 60))
    page.select_option("#id_status", "published")

    an_hour_ago = tokyo_now - timedelta(hours=1)
    page.fill("#id_publish_date_0", an_hour_ago.strftime("%Y-%m-%d"))
    page.fill("#id_publish_date_1", an_hour_ago.strftime("%H:%M:%S"))
    expect(save_button(page)).to_have_value("Publish now")

    in_two_hours = tokyo_now + timedelta(hours=2)
    page.fill("#id_publish_date_0", in_two_hours.strftime("%Y-%m-%d"))
    page.fill("#id_publish_date_1", in_two_hours.strftime("%H:%M:%S"))
    expect(save_button(page)).to_have_value(schedule_label(in_two_hours))


def test_on_a_phone_the_publish_date_is_the_phones_own_date_and_time_boxes_big_enough_to_tap(editor_page, draft):
    page = editor_page(PHONE)
    page.goto(change_url(draft))
    when = (timezone.localtime() + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)

    date_box, time_box = page.get_by_label("Publish date: date"), page.get_by_label("Publish date: time")
    expect(date_box).to_have_attribute("type", "date")
    expect(time_box).to_have_attribute("type", "time")
    for box in (date_box, time_box):
        shape = box.bounding_box()
        assert shape["height"] >= 44 and shape["x"] >= 0 and shape["x"] + shape["width"] <= PHONE["width"]
    expect(page.locator(".field-publish_date")).to_contain_text("Site time (UTC)")
    expect(page.locator(".field-publish_date").get_by_role("link")).to_have_count(0)

    page.select_option("#id_status", "published")
    date_box.fill(when.strftime("%Y-%m-%d"))
    time_box.fill("09:00")
    expect(save_button(page)).to_have_value(schedule_label(when))
    save_button(page).click()

    scheduled = f"Scheduled: readers see it from {when.day} {when:%B %Y}, 09:00"
    expect(page.locator(".messagelist")).to_contain_text(scheduled)
    assert Article.objects.scheduled().filter(pk=draft.pk, publish_date=when).exists()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_half_filled_date_stops_the_save_instead_of_publishing_now(editor_page, draft, viewport):
    # The browser posts a half-filled date box as empty, and published with no date means now.
    page = editor_page(viewport)
    page.goto(change_url(draft))
    page.select_option("#id_status", "published")
    date_box = page.get_by_label("Publish date: date")
    date_box.focus()
    page.keyboard.type("05")
    expect(save_button(page)).to_have_value("Save")

    save_button(page).click()

    expect(page.get_by_role("alert")).to_have_text("This date is not whole: give its day, month and year, or clear it.")
    expect(date_box).to_be_focused()
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    date_box.fill("")
    expect(save_button(page)).to_have_value("Publish now")


def test_a_live_article_keeps_its_publish_changes_button_and_moving_it_to_draft_says_readers_lose_it(editor_page):
    live = make_article(title="Already out")
    page = editor_page()
    page.goto(change_url(live))
    publish = page.locator("input[name=_publish]")

    expect(publish).to_have_value("Publish changes")
    expect(page.locator("#folio-publish-plan")).to_be_hidden()
    page.select_option("#id_status", "draft")
    expect(page.locator("#folio-publish-plan")).to_have_text("This takes it off the site: readers no longer see it.")
    expect(publish).to_have_value("Publish changes")


def test_a_call_to_action_written_in_place_is_shown_at_the_end_of_the_article(editor_page, reader, draft):
    page = editor_page()
    page.goto(change_url(draft))

    page.get_by_text("Write a new call to action").click()
    page.get_by_label("Text:", exact=True).fill("Liked it? Get the weekly letter.")
    page.get_by_label("Button label").fill("Subscribe")
    page.get_by_label("Button URL").fill("https://example.com/letter")
    page.select_option("#id_status", "published")
    save_button(page).click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    reader.goto(draft.get_absolute_url())
    expect(reader.locator(".cta")).to_contain_text("Liked it? Get the weekly letter.")
    expect(reader.locator(".cta a")).to_have_attribute("href", "https://example.com/letter")


def test_a_call_to_action_half_written_is_refused_and_comes_back_open_with_its_text(editor_page, draft):
    page = editor_page()
    page.goto(change_url(draft))

    page.get_by_text("Write a new call to action").click()
    page.get_by_label("Text:", exact=True).fill("Liked it?")
    page.get_by_label("Button label").fill("Subscribe")
    save_button(page).click()

    expect(page.locator(".field-cta_button_url .errorlist")).to_contain_text("Give the button's address")
    expect(page.get_by_label("Text:", exact=True)).to_have_value("Liked it?")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_form_with_a_typed_tag_and_the_call_to_action_open_has_no_accessibility_violations(
    editor_page, draft, viewport
):
    make_tag(name="Typography", slug="typography")
    page = editor_page(viewport)
    page.goto(change_url(draft))
    type_new_tag(page, "Night desk")
    page.keyboard.press("Escape")
    page.get_by_text("Write a new call to action").click()
    page.select_option("#id_status", "published")
    expect(save_button(page)).to_have_value("Publish now")

    assert violations(page) == []


def test_the_form_scripts_run_under_the_sites_content_security_policy(editor_page, draft):
    page = editor_page(csp=True)
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(change_url(draft))

    type_new_tag(page, "Night desk")
    page.select_option("#id_status", "published")

    expect(chosen_tags(page)).to_contain_text(["Night desk"])
    expect(save_button(page)).to_have_value("Publish now")
    assert [text for text in messages if "Content Security Policy" in text] == []


# The article list: every column whole on a desktop, and usable on a phone.


@pytest.fixture
def listed(db):
    now = timezone.now()
    author = make_author(name="Margarethe Vestergaard-Lindqvist")
    make_article(title="A draft about harbours", status="draft", publish_date=None, author=author)
    make_article(title="Out next week", publish_date=now + timedelta(days=7), author=author)
    return [
        make_article(
            title=f"A rather long published headline about harbours, tides and night ferries, part {n}",
            author=author,
            publish_date=now - timedelta(days=n),
        )
        for n in range(1, 4)
    ]


COLUMNS = ["title", "author", "status_label", "date_shown", "site_link"]


def clipped_cells(page) -> list[str]:
    """The list's cells whose content overflows them, or that lie outside what the list shows without scrolling."""
    return page.evaluate(
        """(columns) => {
            const found = [];
            const shown = document.querySelector("#changelist .results").getBoundingClientRect();
            const right = Math.min(shown.right, document.documentElement.clientWidth);
            for (const name of columns) {
                const cells = document.querySelectorAll(`#result_list .column-${name}, #result_list .field-${name}`);
                for (const cell of cells) {
                    const box = cell.getBoundingClientRect();
                    if (cell.scrollWidth > cell.clientWidth + 1 || box.right > right + 1 || box.width < 8) {
                        found.push(`${name}: ${cell.textContent.trim().slice(0, 30)}`);
                    }
                }
            }
            return found;
        }""",
        COLUMNS,
    )


def test_on_a_desktop_the_article_list_shows_title_state_author_date_and_link_unclipped(editor_page, listed):
    page = editor_page(DESKTOP)
    page.goto("/admin/articles/article/")

    for name in COLUMNS:
        expect(page.locator(f"#result_list .column-{name}")).to_be_visible()
    # Undated drafts sort first on PostgreSQL and last on SQLite: the states, in either order.
    assert {"Scheduled", "Draft"} <= set(page.locator("#result_list .field-status_label").all_text_contents())
    assert clipped_cells(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "admin-article-list-1280.png", full_page=True)


def test_on_a_phone_each_article_shows_every_column_with_nothing_to_scroll_sideways(editor_page, listed):
    page = editor_page(PHONE)
    page.goto("/admin/articles/article/")

    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert clipped_cells(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "admin-article-list-390.png", full_page=True)
    title = page.locator("#result_list .field-title a").first
    name = title.text_content()
    title.click()
    expect(page.locator("#id_title")).to_have_value(name)
