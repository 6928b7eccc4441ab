"""What the console log keeps of each record."""

import logging


class RefusedRequestInOneLine(logging.Filter):
    """A request Django refuses as suspicious (a Host outside ALLOWED_HOSTS, from scanners or a health probe
    without the Host header) is logged as its one-line reason: its traceback says nothing about Folio's code
    and would look like a crash in the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("django.security."):
            record.exc_info = None
            record.exc_text = None
        return True


class DatabaseProblemInOneLine(logging.Filter):
    """An error because the database does not answer (a DATABASE_URL that leads nowhere, a server that is down) or
    has not been migrated is logged as one line naming the database and what to do: the same traceback on every
    request hides what to fix."""

    def filter(self, record: logging.LogRecord) -> bool:
        from cms.database_problems import problem_behind

        problem = problem_behind(record.exc_info[1] if record.exc_info else None)
        if problem is not None:
            record.msg = f"{record.getMessage()}: {problem}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
