#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    from django.core.management import execute_from_command_line

    from cms.starting import settings_or_exit

    settings_or_exit()
    from django.db import DatabaseError

    from cms import stopping

    stopping.stop_on_sigterm()
    try:
        execute_from_command_line(sys.argv)
    except KeyboardInterrupt as stop:
        if "--traceback" in sys.argv:
            raise
        stopping.report(argv=sys.argv, stop=stop)
    except OSError as error:
        # A file or folder the operator named that cannot be read or written (STATIC_ROOT, MEDIA_ROOT, a path
        # given to the command): the command says so in one line, as it does for the database.
        if "--traceback" in sys.argv:
            raise
        name = sys.argv[1] if len(sys.argv) > 1 else "manage.py"
        sys.exit(f"{name} stopped: {error}")
    except DatabaseError as error:
        if "--traceback" in sys.argv:
            raise
        from cms.database_problems import database_problem

        problem = database_problem(error, migrating="migrate" in sys.argv[1:2])
        if problem is None:
            raise
        sys.exit(problem)


if __name__ == "__main__":
    main()
