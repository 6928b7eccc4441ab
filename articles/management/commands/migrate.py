from django.core.management.commands import migrate

from articles.import_lock import SETUP_WAITING, one_setup_step_at_a_time


class Command(migrate.Command):
    """Django's migrate, one at a time per database: app servers set up together do not collide."""

    when_stopped = "Each migration applied is whole, the one under way was undone; run migrate again to apply the rest."

    def handle(self, *args, **options):
        with one_setup_step_at_a_time(waiting=lambda: self.stderr.write(SETUP_WAITING)):
            return super().handle(*args, **options)
