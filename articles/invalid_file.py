"""The one error for a file Folio cannot use, worded for the person who wrote it.

A module of its own because every step of reading an imported site raises it, from decoding a file's bytes and
loading its YAML to the site's configuration, snippets and images, and none of those should have to import
another's to say what is wrong with a file.
"""


class InvalidFile(Exception):
    """A problem with one file, worded for the person who wrote it."""


SENTENCE_ENDS = (".", "!", "?")


def joined(problems: list[str]) -> str:
    """Several problems as one message: a sentence ("website: Enter a valid URL.") followed by the next, a clause
    by "; "."""
    message = problems[0]
    for problem in problems[1:]:
        message += (" " if message.endswith(SENTENCE_ENDS) else "; ") + problem
    return message


def with_outcome(problem: str, outcome: str) -> str:
    """A warning: the problem, then what the import did about it ("left as written").

    Most problems are clauses ("'a.png' was not found; left as written"); one that ends a sentence, as a message
    written for an editor does ("The image is 9000×9000 pixels; the limit is 40 megapixels."), is followed by
    the outcome as a sentence of its own, never by "."; " .
    """
    if problem.endswith(SENTENCE_ENDS):
        return f"{problem} {outcome[:1].upper()}{outcome[1:]}."
    return f"{problem}; {outcome}"


def shortened(text: str) -> str:
    """A value as a warning quotes it: whole up to 80 characters, a longer one cut short with an ellipsis."""
    return text if len(text) <= 80 else text[:77] + "…"
