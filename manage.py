#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reads the settings, which check the environment
    except ImproperlyConfigured as error:
        # A setting the operator has to give (SECRET_KEY, SITE_URL, ...): say which, without a traceback.
        sys.exit(f"Folio cannot start: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
