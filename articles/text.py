"""Text as Folio keeps it: nothing that XML 1.0 cannot carry, and single-line fields on one line.

Every text field is cleaned once, on its way in (the models' save(), which the admin and the importer go
through). Writers of XML (the feeds) clean again what they write, for rows that never went through save():
written before this rule, or by QuerySet.update() or raw SQL.
"""

import re

from django.db import models

# The C0 controls other than tab, line feed and carriage return, and the non-characters U+FFFE and U+FFFF.
# One of them in a title made every feed fail for every reader (Django's XML writer refuses them).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINE_BREAK = re.compile("\r\n|[\t\n\r]")


def is_whole_number(text: str) -> bool:
    """Whether `text` is written in the digits 0 to 9 alone. str.isdigit() also takes "²" or "٣", which int() then
    refuses (or reads as a number nobody typed): a file's or a request's value is checked with this before int()."""
    return text.isascii() and text.isdigit()


def xml_safe(text: str) -> str:
    """The text without the characters XML 1.0 forbids."""
    return _XML_FORBIDDEN.sub("", text)


def lf_line_breaks(text: str) -> str:
    """The text with each line break as LF alone: browsers post CR LF, and files from Windows have it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def one_line(text: str) -> str:
    """xml_safe(), with tabs and line breaks as spaces: for titles, names and labels."""
    return _LINE_BREAK.sub(" ", xml_safe(text))


# C0 and C1 controls, DEL among them: what a terminal reads as commands rather than text. And the marks that
# turn the direction of text (U+202E in a name shows `gpj.md` as `dm.jpg`, and everything after it on the line
# backwards), and the line and paragraph separators.
_TERMINAL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """The text with each control character written as its escape (\\n, \\x1b, \\u202e): a file's name or a value
    from it, printed in a report on a terminal, stays on its line, reads in its order and cannot move the cursor
    or recolour what follows."""
    return _TERMINAL_CONTROLS.sub(lambda match: repr(match.group())[1:-1], text)


def clean_text_fields(instance: models.Model) -> None:
    """Clean, in place, every text field a person or a file fills in; call it first in save().

    A CharField is one line (an <input> in the admin); a TextField, the Markdown body among them, keeps its
    line breaks (as LF, whatever the browser or file sent) and tabs. Fields the code derives itself
    (editable=False) are left as they are.
    """
    for field in instance._meta.concrete_fields:
        if not field.editable or not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            if isinstance(field, models.CharField):
                setattr(instance, field.attname, one_line(value))
            else:
                setattr(instance, field.attname, lf_line_breaks(xml_safe(value)))
