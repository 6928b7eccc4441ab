from django.core.management.commands import migrate

from articles.import_lock import one_setup_step_at_a_time

WAITING = "Another migrate or ensure_admin is running on this database: waiting for it to finish, then migrating."


class Command(migrate.Command):
    """Django's migrate, one at a time per database: app servers set up together do not collide."""

    def handle(self, *args, **options):
        with one_setup_step_at_a_time(waiting=lambda: self.stderr.write(WAITING)):
            return super().handle(*args, **options)
