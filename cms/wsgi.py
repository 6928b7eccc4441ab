import os

from django.core.wsgi import get_wsgi_application

from cms.starting import APP_FAILED_TO_LOAD, settings_or_exit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
settings_or_exit(status=APP_FAILED_TO_LOAD)

application = get_wsgi_application()

# Webhooks are sent from the app server's own processes: a thread in each (WEBHOOKS_SEND_IN_APP).
from articles.webhook_sender import start_with_the_app_server  # noqa: E402

start_with_the_app_server()
