import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"


def ensure_admin(*args) -> str:
    out = StringIO()
    call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


def printed_password(output: str) -> str:
    match = re.search(r"Admin account created: http://127\.0\.0\.1:8000/admin/  user: (\S+)  password: (\S+)", output)
    assert match, output
    return match.group(2)


def test_ensure_admin_creates_one_superuser_with_a_random_password_printed_once():
    output = ensure_admin()
    password = printed_password(output)
    [user] = get_user_model().objects.all()
    assert user.username == "admin"
    assert user.is_superuser and user.is_staff
    assert user.check_password(password)
    assert len(password) >= 16
    assert output.count(password) == 1


def test_ensure_admin_uses_a_new_password_each_time_it_creates_an_account():
    first = printed_password(ensure_admin())
    get_user_model().objects.all().delete()
    assert printed_password(ensure_admin()) != first


def test_ensure_admin_takes_the_username_from_the_option():
    ensure_admin("--username", "chief")
    assert get_user_model().objects.get().username == "chief"


def test_ensure_admin_does_nothing_when_a_superuser_exists():
    password = printed_password(ensure_admin())
    output = ensure_admin()
    assert "already exists" in output
    assert password not in output
    [user] = get_user_model().objects.all()
    assert user.check_password(password)


def test_later_runs_say_how_to_set_a_new_password_for_the_existing_superuser():
    ensure_admin("--username", "chief")
    assert "manage.py changepassword chief" in ensure_admin()


def test_ensure_admin_refuses_to_promote_an_ordinary_user_with_that_name(django_user_model):
    django_user_model.objects.create_user("admin", password="x")
    with pytest.raises(CommandError, match="not a superuser"):
        ensure_admin()
    assert not django_user_model.objects.filter(is_superuser=True).exists()
