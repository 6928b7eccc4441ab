import threading

from django.core.management.base import BaseCommand

from articles import webhook_sender, webhooks


class Command(BaseCommand):
    help = (
        "Announce article events that are due and send webhook deliveries that are due, once or (--loop) until "
        "stopped. The app server already does this in its own processes unless WEBHOOKS_SEND_IN_APP=0."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running, as the app server's thread does")

    def handle(self, *args, loop, verbosity, **options):
        if loop:
            stop = threading.Event()
            try:
                webhook_sender.run_forever(stop)
            except KeyboardInterrupt:
                stop.set()
            return
        events, sent = webhooks.run_once()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{events} events announced, {sent} deliveries tried."))
