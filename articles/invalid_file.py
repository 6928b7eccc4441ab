"""The one error for a file Folio cannot use, worded for the person who wrote it.

A module of its own because every step of reading an imported site raises it, from decoding a file's bytes and
loading its YAML to the site's configuration, snippets and images, and none of those should have to import
another's to say what is wrong with a file.
"""


class InvalidFile(Exception):
    """A problem with one file, worded for the person who wrote it."""
