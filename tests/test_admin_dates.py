"""The article form's publish and created dates: the browser's own date and time boxes, read in the site's time
zone, and a refusal that quotes what was typed and shows the form a date takes."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from articles.models import Article
from tests.factories import admin_form_data, make_article

pytestmark = pytest.mark.django_db


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def box(response, name: str):
    (found,) = html.fromstring(response.content).xpath(f'//input[@name="{name}"]')
    return found


def field_errors(response, name: str) -> list[str]:
    return response.context["adminform"].form.errors.get(name, [])


@pytest.fixture
def draft(db):
    return make_article(title="Proofs at midnight", status="draft", publish_date=None)


def test_the_dates_are_the_browsers_date_and_time_boxes_named_with_the_sites_time_zone(editor_client, draft, settings):
    settings.TIME_ZONE = "Europe/Oslo"
    response = editor_client.get(change_url(draft))

    assert box(response, "publish_date_0").get("type") == "date"
    assert box(response, "publish_date_1").get("type") == "time"
    (zone,) = html.fromstring(response.content).xpath('//*[@id="id_publish_date_zone"]')
    assert zone.text_content() == "Site time (Europe/Oslo)"
    assert zone.get("id") in box(response, "publish_date_0").get("aria-describedby").split()
    assert b"vDateField" not in response.content and b"DateTimeShortcuts" not in response.content


def test_a_date_is_shown_in_its_box_in_the_sites_time_zone_to_the_minute(editor_client, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    article = make_article(publish_date=datetime(2027, 5, 4, 0, 30, tzinfo=UTC))
    response = editor_client.get(change_url(article))

    assert box(response, "publish_date_0").get("value") == "2027-05-04"
    assert box(response, "publish_date_1").get("value") == "09:30"
    assert box(response, "publish_date_1").get("step") is None


def test_a_date_with_seconds_keeps_them_through_a_save_that_changes_nothing(editor_client):
    article = make_article(publish_date=datetime(2024, 5, 4, 9, 0, 30, tzinfo=UTC))
    response = editor_client.get(change_url(article))
    time_box = box(response, "publish_date_1")
    assert (time_box.get("value"), time_box.get("step")) == ("09:00:30", "1")

    data = admin_form_data(article, publish_date_1=time_box.get("value"))
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.publish_date == datetime(2024, 5, 4, 9, 0, 30, tzinfo=UTC)


def test_a_badly_typed_date_is_refused_with_the_format_and_an_example_and_the_text_stays(editor_client, draft):
    data = admin_form_data(draft, status="published", publish_date_0="5/14/27x", publish_date_1="09:00")
    response = editor_client.post(change_url(draft), data)

    today = timezone.localtime().strftime("%Y-%m-%d")
    assert field_errors(response, "publish_date") == [
        f"“5/14/27x” is not a date: write it as year-month-day, such as {today}."
    ]
    # A date box would show nothing for text it cannot read: the text comes back in a text box, to correct.
    date_box = box(response, "publish_date_0")
    assert (date_box.get("type"), date_box.get("value")) == ("text", "5/14/27x")
    assert box(response, "publish_date_1").get("value") == "09:00"
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_a_badly_typed_time_is_refused_with_the_24_hour_form_and_is_not_also_called_missing(editor_client, draft):
    data = admin_form_data(draft, status="published", publish_date_0="2027-05-04", publish_date_1="9am")
    response = editor_client.post(change_url(draft), data)

    assert field_errors(response, "publish_date") == [
        "“9am” is not a time: write it on the 24-hour clock as hours:minutes, such as 09:30 or 17:45."
    ]
    time_box = box(response, "publish_date_1")
    assert (time_box.get("type"), time_box.get("value")) == ("text", "9am")


def test_a_date_without_a_time_asks_for_the_time(editor_client, draft):
    data = admin_form_data(draft, status="published", publish_date_0="2027-05-04", publish_date_1="")
    response = editor_client.post(change_url(draft), data)

    assert field_errors(response, "publish_date") == ["Give the time as well as the date, such as 09:30, or neither."]


def test_a_date_typed_in_another_form_django_reads_comes_back_in_the_date_box(editor_client, draft):
    # Refused for its title, the form shows the date it read, in the form the date box takes.
    data = admin_form_data(draft, title="", publish_date_0="4 May 2027", publish_date_1="9:05")
    response = editor_client.post(change_url(draft), data)

    assert "title" in response.context["adminform"].form.errors
    assert box(response, "publish_date_0").get("type") == "date"
    assert box(response, "publish_date_0").get("value") == "2027-05-04"
    assert box(response, "publish_date_1").get("value") == "09:05"
