import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from articles.import_lock import SETUP_WAITING, one_setup_step_at_a_time


class Command(BaseCommand):
    help = "Create a superuser with a random password, printed once, unless a superuser already exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="Username for the new account (default: admin).")

    def handle(self, *args, username, verbosity, **options):
        User = get_user_model()
        # Every app server may run this at once: the later ones wait and then find the account made.
        with one_setup_step_at_a_time(waiting=lambda: self.stderr.write(SETUP_WAITING)), transaction.atomic():
            existing = User.objects.filter(is_superuser=True).order_by("pk").first()
            if existing is not None:
                if verbosity:
                    name = existing.get_username()
                    self.stdout.write(
                        f"A superuser already exists ({name}); no account created. Lost its password? "
                        f"Set a new one with: .venv/bin/python manage.py changepassword {name}"
                    )
                return
            if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
                raise CommandError(f"A user named {username!r} exists but is not a superuser; pass another --username.")
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(**{User.USERNAME_FIELD: username}, password=password)
        # Printed even at verbosity 0: this is the only time the password can be seen.
        login_url = settings.SITE_URL + reverse("admin:index")
        self.stdout.write(
            self.style.SUCCESS(f"Admin account created: {login_url}  user: {username}  password: {password}")
        )
