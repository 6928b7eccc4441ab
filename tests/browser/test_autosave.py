"""Autosave and pending changes in a real browser: text kept on the server, live only once published.

Autosave's timers run on Playwright's clock: the tests move time on instead of waiting for it.
"""

import time
from datetime import datetime, timedelta

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from articles import pending
from articles.models import Article, PendingChange
from tests.browser.conftest import (
    PHONE,
    SCREENSHOTS,
    WAIT_MS,
    body_editor,
    expect_body,
    picture_bytes,
    write_body,
)
from tests.browser.test_accessibility import violations
from tests.factories import make_article, make_staff_user

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime(2025, 5, 4, 9, 0)
IDLE_MS = 3000
MAX_WAIT_MS = 20000


@pytest.fixture(autouse=True)
def autosave_on(settings):
    settings.AUTOSAVE_IDLE_MS = IDLE_MS
    settings.AUTOSAVE_MAX_WAIT_MS = MAX_WAIT_MS


def open_form(page, article=None):
    """The article's change form (or a new article's) with the page's clock stopped: autosave's timers wait for
    run_for()."""
    page.clock.install(time=START)
    page.goto(f"/admin/articles/article/{article.pk}/change/" if article else "/admin/articles/article/add/")
    page.clock.pause_at(START + timedelta(minutes=5))
    return page


def let_autosave_run(page):
    page.clock.run_for(IDLE_MS + 100)


def eventually(condition, seconds=WAIT_MS / 1000):
    """Poll the database for what another process (the browser leaving a page) is about to write."""
    deadline = time.monotonic() + seconds
    while not _holds(condition):
        assert time.monotonic() < deadline, "the condition never became true"
        time.sleep(0.05)


def held_autosaves(context) -> list:
    """Autosaves the browser sends, held back (until each is continued); a page's look at the newest token goes on."""
    held = []
    context.route(
        "**/autosave/", lambda route: held.append(route) if route.request.method == "POST" else route.continue_()
    )
    return held


def _holds(condition) -> bool:
    try:
        return condition()
    except OperationalError as error:
        # SQLite's shared in-memory test database locks a table while the live server writes it, and a read
        # then fails at once instead of waiting: not yet.
        if "locked" not in str(error):
            raise
        return False


def test_text_autosaved_on_one_device_opens_on_another(new_context):
    writer = make_staff_user("wren", role="Writers")
    draft = make_article(author=writer.author, status="draft", publish_date=None, body="Opening line.")
    laptop = open_form(new_context(writer).new_page(), draft)
    status = laptop.locator(".folio-autosave-status")
    expect(status).to_contain_text("Autosave keeps your changes on the server as you type")

    write_body(laptop, "Opening line.\n\nWritten on the laptop before its lid closed.")
    laptop.clock.run_for(IDLE_MS - 500)
    expect(status).to_contain_text("Autosave keeps")
    assert not PendingChange.objects.exists()
    laptop.clock.run_for(1000)
    expect(status).to_contain_text("Saved to the server ")

    phone = new_context(writer, viewport=PHONE).new_page()
    phone.goto(f"/admin/articles/article/{draft.pk}/change/")
    expect_body(phone, "Opening line.\n\nWritten on the laptop before its lid closed.")
    expect(phone.locator("#pending-changes")).to_contain_text("Changes not yet saved to the article")
    assert Article.objects.get(pk=draft.pk).body == "Opening line."


def test_autosave_goes_on_every_so_often_while_typing_never_pauses(new_context):
    writer = make_staff_user("wren", role="Writers")
    draft = make_article(author=writer.author, status="draft", publish_date=None, body="Start.")
    page = open_form(new_context(writer).new_page(), draft)
    typed = "Start."
    for word in range(MAX_WAIT_MS // 1000 + 1):
        typed += f" word{word}"
        write_body(page, typed)
        page.clock.run_for(1000)
    expect(page.locator(".folio-autosave-status")).to_contain_text("Saved to the server ")
    eventually(lambda: PendingChange.objects.filter(article=draft).exists())


def test_changes_to_a_published_article_stay_unseen_by_readers_until_published(new_context):
    editor = make_staff_user("edna", role="Editors")
    article = make_article(title="The harbour at dawn", slug="the-harbour", body="The boats go out at five.")
    page = open_form(new_context(editor).new_page(), article)
    write_body(page, "The boats go out at four.")
    let_autosave_run(page)
    expect(page.locator(".folio-autosave-status")).to_contain_text(
        "not published: readers still see the published version"
    )

    reader = new_context().new_page()
    reader.goto("/articles/the-harbour/")
    expect(reader.locator("main")).to_contain_text("The boats go out at five.")
    expect(reader.locator("main")).not_to_contain_text("four")

    page.reload()
    note = page.locator("#pending-changes")
    expect(note).to_contain_text("Readers still see the published version")
    expect(note).to_contain_text("Changed: Body.")
    expect_body(page, "The boats go out at four.")
    expect(page.locator(".submit-row input[name=_save]")).to_have_count(0)
    note.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("are published: readers see them now")
    expect(page.locator("#pending-changes")).to_have_count(0)

    reader.reload()
    expect(reader.locator("main")).to_contain_text("The boats go out at four.")
    assert Article.objects.get(pk=article.pk).body == "The boats go out at four."


def test_saving_a_published_article_without_publishing_then_discarding_brings_back_the_published_text(new_context):
    editor = make_staff_user("edna", role="Editors")
    article = make_article(slug="the-harbour", body="The boats go out at five.")
    page = open_form(new_context(editor).new_page(), article)
    write_body(page, "The boats stay in.")
    body_editor(page).press("Control+s")  # the form's "Save without publishing"
    expect(page.locator(".messagelist")).to_contain_text("Saved without publishing")
    expect_body(page, "The boats stay in.")
    assert Article.objects.get(pk=article.pk).body == "The boats go out at five."

    page.locator("#pending-changes").get_by_role("button", name="Discard changes").click()
    expect(page.locator(".messagelist")).to_contain_text("The pending changes were discarded")
    expect_body(page, "The boats go out at five.")
    expect(page.locator("#revisions")).to_contain_text("Discarded pending changes")
    assert not PendingChange.objects.exists()


def test_leaving_the_page_saves_the_text_to_the_server(new_context):
    writer = make_staff_user("wren", role="Writers")
    draft = make_article(author=writer.author, status="draft", publish_date=None, body="Before.")
    page = open_form(new_context(writer).new_page(), draft)
    write_body(page, "Before.\n\nTyped a moment before the tab was closed.")

    page.close(run_before_unload=True)

    eventually(lambda: PendingChange.objects.filter(article=draft).exists())
    kept = PendingChange.objects.get(article=draft).data["body"]
    assert kept == ["Before.\n\nTyped a moment before the tab was closed."]


def test_a_page_left_behind_by_another_device_says_why_its_text_was_not_saved(new_context):
    writer = make_staff_user("wren", role="Writers", last_name="Writer")
    draft = make_article(author=writer.author, status="draft", publish_date=None, body="Shared.")
    laptop = open_form(new_context(writer).new_page(), draft)
    phone = open_form(new_context(writer, viewport=PHONE).new_page(), draft)

    write_body(laptop, "From the laptop.")
    let_autosave_run(laptop)
    expect(laptop.locator(".folio-autosave-status")).to_contain_text("Saved to the server ")
    write_body(phone, "From the phone.")
    let_autosave_run(phone)

    status = phone.locator(".folio-autosave-status")
    expect(status).to_contain_text("Not saved: Newer changes were saved to the server by Wren Writer")
    expect(status).to_have_class("folio-autosave-status is-error")
    assert PendingChange.objects.get(article=draft).data["body"] == ["From the laptop."]


def test_an_autosave_that_could_not_reach_the_server_is_tried_again_without_more_typing(new_context):
    writer = make_staff_user("wren", role="Writers")
    draft = make_article(author=writer.author, status="draft", publish_date=None, body="Before.")
    context = new_context(writer)
    failures = ["connectionrefused", 503]

    def server_down(route):
        if route.request.method != "POST" or not failures:
            route.continue_()
        elif failures[0] == 503:
            failures.pop(0)
            route.fulfill(status=503, body="Service unavailable")
        else:
            route.abort(failures.pop(0))

    context.route("**/autosave/", server_down)
    page = open_form(context.new_page(), draft)
    status = page.locator(".folio-autosave-status")

    write_body(page, "Before.\n\nThe last sentence, written as the connection dropped.")
    let_autosave_run(page)
    expect(status).to_contain_text("Not saved: the server could not be reached.")
    expect(status).to_contain_text("tried again by itself")
    # Nothing more is typed: the tries go on by themselves, the second after a longer wait.
    page.clock.run_for(IDLE_MS + 100)
    expect(status).to_contain_text("Not saved: the server answered with an error (503)")
    page.clock.run_for(IDLE_MS + 100)
    expect(status).to_contain_text("Not saved: the server answered with an error (503)")
    page.clock.run_for(IDLE_MS + 100)
    expect(status).to_contain_text("Saved to the server ")
    eventually(lambda: PendingChange.objects.filter(article=draft).exists())
    kept = PendingChange.objects.get(article=draft).data["body"]
    assert kept == ["Before.\n\nThe last sentence, written as the connection dropped."]


def test_a_save_pressed_while_the_server_cannot_be_reached_waits_on_the_page_and_goes_once_it_can(new_context):
    writer = make_staff_user("wren", role="Writers")
    draft = make_article(author=writer.author, status="draft", publish_date=None, body="Before.")
    context = new_context(writer)
    down = [True]
    context.route("**/autosave/", lambda route: route.abort("connectionrefused") if down[0] else route.continue_())
    page = open_form(context.new_page(), draft)
    status = page.locator(".folio-autosave-status")
    write_body(page, "Before.\n\nWritten while the server was down.")
    let_autosave_run(page)
    expect(status).to_contain_text("Not saved: the server could not be reached.")

    page.get_by_role("button", name="Save and continue editing").click()
    expect(status).to_contain_text("Your save waits on this page")
    assert Article.objects.get(pk=draft.pk).body == "Before."
    expect_body(page, "Before.\n\nWritten while the server was down.")

    down[0] = False
    with page.expect_navigation():
        page.clock.run_for(MAX_WAIT_MS)
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Article.objects.get(pk=draft.pk).body.splitlines() == ["Before.", "", "Written while the server was down."]


def test_a_save_refused_over_another_windows_changes_shows_them_and_the_next_save_goes_through(new_context):
    writer = make_staff_user("wren", role="Writers", last_name="Writer")
    draft = make_article(author=writer.author, status="draft", publish_date=None, body="Shared.")
    context = new_context(writer)
    first, second = open_form(context.new_page(), draft), open_form(context.new_page(), draft)
    write_body(first, "Shared.\n\nFrom the first window.")
    let_autosave_run(first)
    expect(first.locator(".folio-autosave-status")).to_contain_text("Saved to the server ")

    write_body(second, "Shared.\n\nFrom the second window.")
    second.get_by_role("button", name="Save and continue editing").click()

    conflict = second.locator("#conflict")
    expect(conflict).to_contain_text("From the first window.")
    expect(conflict).to_contain_text("From the second window.")
    expect(second.locator(".folio-autosave-status")).to_contain_text("Autosave waits until you save this form")
    # Bringing in what to keep of theirs, then saving again.
    write_body(second, "Shared.\n\nFrom the first window.\n\nFrom the second window.")
    let_autosave_run(second)
    assert PendingChange.objects.get(article=draft).data["body"] == ["Shared.\n\nFrom the first window."]
    second.get_by_role("button", name="Save and continue editing").click()
    expect(second.locator(".messagelist")).to_contain_text("was changed successfully")
    # The browser posts its line breaks as CR LF.
    saved = Article.objects.get(pk=draft.pk).body.splitlines()
    assert saved == ["Shared.", "", "From the first window.", "", "From the second window."]
    assert not PendingChange.objects.filter(article=draft).exists()


def test_a_new_article_is_autosaved_and_the_add_form_carries_on_with_it_elsewhere(new_context):
    writer = make_staff_user("wren", role="Writers")
    page = new_context(writer).new_page()
    page.clock.install(time=START)
    page.goto("/admin/articles/article/add/")
    page.clock.pause_at(START + timedelta(minutes=5))
    page.fill("#id_title", "Notes from the night train")
    write_body(page, "The carriage lights went out at Crewe.")
    let_autosave_run(page)
    expect(page.locator(".folio-autosave-status")).to_contain_text("Saved to the server ")

    other = new_context(writer).new_page()
    other.goto("/admin/articles/article/add/")
    expect(other.locator("#id_title")).to_have_value("")  # a new article of its own, leading to the kept one
    other.locator("#other-new-articles").get_by_role("link", name="Notes from the night train").click()
    expect(other.locator("#pending-changes")).to_contain_text("A new article in progress")
    expect(other.locator("#id_title")).to_have_value("Notes from the night train")
    expect_body(other, "The carriage lights went out at Crewe.")
    other.click("input[name=_continue]")
    expect(other.locator(".messagelist"), other.url).to_contain_text("was added successfully")
    assert Article.objects.get().title == "Notes from the night train"
    assert not PendingChange.objects.exists()


def test_autosave_works_under_the_content_security_policy(new_context):
    editor = make_staff_user("edna", role="Editors")
    article = make_article(body="Strict pages.")
    pending.store(article=article, user=editor, data={"body": ["Strict pages, still."]})
    page = new_context(editor, bypass_csp=False).new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    open_form(page, article)
    expect(page.locator("#pending-changes")).to_be_visible()

    write_body(page, "Strict pages, and saved.")
    let_autosave_run(page)

    expect(page.locator(".folio-autosave-status")).to_contain_text("Saved to the server ")
    assert PendingChange.objects.get(article=article).data["body"] == ["Strict pages, and saved."]
    assert problems == []


def test_the_form_with_pending_changes_has_no_accessibility_violations(new_context):
    editor = make_staff_user("edna", role="Editors")
    article = make_article(body="The first wording.\n\nA second paragraph.")
    pending.store(article=article, user=editor, data={"body": ["The second wording.\n\nA second paragraph."]})
    page = new_context(editor).new_page()
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator("#pending-changes summary").click()
    expect(page.locator("#pending-changes .folio-diff")).to_be_visible()
    assert violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#pending-changes").screenshot(path=SCREENSHOTS / "pending-changes-desktop.png")


def test_a_save_clicked_while_an_autosave_is_under_way_waits_for_it_and_is_not_refused(new_context):
    writer = make_staff_user("wren", role="Writers")
    draft = make_article(author=writer.author, status="draft", publish_date=None, body="One.")
    context = new_context(writer)
    held = held_autosaves(context)
    page = open_form(context.new_page(), draft)
    write_body(page, "One. Two.")
    let_autosave_run(page)
    deadline = time.monotonic() + WAIT_MS / 1000
    while not held and time.monotonic() < deadline:  # Playwright hands over the request while it runs a call
        page.wait_for_timeout(50)
    route = held[0]
    answer = route.fetch()  # the autosave reaches the server; its answer is held back from the page
    assert PendingChange.objects.filter(article=draft).exists()

    write_body(page, "One. Two. Three.")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_have_count(0)  # the save waits for the autosave's answer
    route.fulfill(response=answer)

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Article.objects.get(pk=draft.pk).body == "One. Two. Three."
    assert not PendingChange.objects.exists()


def test_a_page_reloaded_just_after_typing_catches_up_with_that_text_and_saves_it_without_a_conflict(new_context):
    writer = make_staff_user("wren", role="Writers")
    draft = make_article(author=writer.author, status="draft", publish_date=None, body="Before.")
    context = new_context(writer)
    held = held_autosaves(context)
    page = open_form(context.new_page(), draft)
    write_body(page, "Before.\n\nTyped a moment before reloading.")

    page.reload()  # before autosave's pause: the text goes to the server as the page is left

    # Held back until the new page was drawn without it, as a slow server can answer them.
    expect_body(page, "Before.")
    for route in held:
        route.continue_()
    eventually(lambda: PendingChange.objects.filter(article=draft).exists())
    page.clock.run_for(2000)
    expect_body(page, "Before.\n\nTyped a moment before reloading.")

    write_body(page, "Before.\n\nTyped a moment before reloading, and after.")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    saved = Article.objects.get(pk=draft.pk).body.replace("\r\n", "\n")
    assert saved == "Before.\n\nTyped a moment before reloading, and after."


def test_two_new_articles_typed_in_two_tabs_are_both_kept_and_both_saved(new_context):
    writer = make_staff_user("wren", role="Writers")
    context = new_context(writer)
    first, second = open_form(context.new_page()), open_form(context.new_page())
    for page, title in ((first, "Low tide at dawn"), (second, "High tide at dusk")):
        page.fill("#id_title", title)
        write_body(page, f"{title}: the first lines.")
        let_autosave_run(page)
        expect(page.locator(".folio-autosave-status")).to_contain_text("Saved to the server ")
    assert PendingChange.objects.filter(article=None).count() == 2

    # A reload finds the tab's own text: its address names its form.
    first.reload()
    expect(first.locator("#id_title")).to_have_value("Low tide at dawn")
    expect_body(first, "Low tide at dawn: the first lines.")

    second.click("input[name=_continue]")
    expect(second.locator(".messagelist")).to_contain_text("was added successfully")
    write_body(first, "Low tide at dawn: the first lines, and more.")
    first.click("input[name=_continue]")
    expect(first.locator(".messagelist")).to_contain_text("was added successfully")

    bodies = dict(Article.objects.values_list("title", "body"))
    assert bodies == {
        "Low tide at dawn": "Low tide at dawn: the first lines, and more.",
        "High tide at dusk": "High tide at dusk: the first lines.",
    }
    assert not PendingChange.objects.exists()


def test_a_hero_chosen_on_a_new_article_comes_back_with_its_autosaved_text_and_is_saved_with_it(
    new_context, media_root
):
    writer = make_staff_user("wren", role="Writers")
    page = open_form(new_context(writer).new_page())
    page.fill("#id_title", "Harbour at dusk")
    write_body(page, "The lamps come on one by one.")
    photo = picture_bytes("darkslateblue", size=(1200, 800))
    page.set_input_files("#id_hero_image", files=[{"name": "harbour.jpg", "mimeType": "image/jpeg", "buffer": photo}])
    page.fill("#id_hero_image_alt", "Lamps along the quay")
    # Sent at once, not with the save: autosave cannot carry a file, only the name it is stored under.
    expect(page.locator(".folio-hero-choice")).to_contain_text("Uploaded: harbour.jpg")
    let_autosave_run(page)
    expect(page.locator(".folio-autosave-status")).to_contain_text("Saved to the server ")
    page.close(run_before_unload=True)  # the writer leaves without saving

    other = new_context(writer).new_page()
    other.goto("/admin/articles/article/add/")
    other.locator("#other-new-articles").get_by_role("link", name="Harbour at dusk").click()
    expect_body(other, "The lamps come on one by one.")
    expect(other.locator(".folio-hero-choice")).to_contain_text("harbour.jpg")
    expect(other.locator("#id_hero_image_alt")).to_have_value("Lamps along the quay")
    other.click("input[name=_continue]")
    expect(other.locator(".messagelist"), other.url).to_contain_text("was added successfully")
    article = Article.objects.get()
    assert (media_root / article.hero_image.name).read_bytes() == photo
    assert article.hero_image_alt == "Lamps along the quay"
