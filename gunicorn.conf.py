"""Read by gunicorn when started from this folder, as README.md's `gunicorn cms.wsgi` is.

A setting left out or mistyped, static files not collected or a database not migrated are found once, before
gunicorn listens or starts a worker: one line, and gunicorn stops (cms/starting.py). Each worker would find a
setting's mistake too (cms/wsgi.py), but all at once, each printing the line.
"""

import subprocess
import sys


def on_starting(server) -> None:
    # In a process of its own: the master keeps no settings, so that workers started on a reload (HUP) read them
    # afresh, as they would without this check.
    check = subprocess.run([sys.executable, "-c", "from cms.starting import app_server_or_exit; app_server_or_exit()"])
    if check.returncode != 0:
        sys.exit(check.returncode)
