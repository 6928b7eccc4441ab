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
