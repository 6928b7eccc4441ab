from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_author


@pytest.fixture
def author(db):
    return make_author(name="Ada Lovelace", slug="ada-lovelace", bio="Writes about *engines*.")


@pytest.fixture
def published_article(author):
    return make_article(title="A published piece", slug="a-published-piece", author=author)


@pytest.fixture
def draft_article(author):
    return make_article(title="A draft piece", slug="a-draft-piece", author=author, status="draft", publish_date=None)


@pytest.fixture
def scheduled_article(author):
    return make_article(
        title="A scheduled piece",
        slug="a-scheduled-piece",
        author=author,
        publish_date=timezone.now() + timedelta(days=3),
    )


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client
