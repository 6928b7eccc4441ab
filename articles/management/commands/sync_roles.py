from django.core.management.base import BaseCommand
from django.db import transaction

from articles.workflow import sync_roles


class Command(BaseCommand):
    help = "Create or update the Writers and Editors groups with exactly the permissions Folio gives them."

    def handle(self, *args, verbosity, **options):
        with transaction.atomic():
            counts = sync_roles()
        if verbosity:
            summary = ", ".join(f"{name}: {count} permissions" for name, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Roles in sync. {summary}."))
