"""Which of PostgreSQL's text search configurations search reads with: SEARCH_CONFIG, or the site's language's.

A configuration stems words and drops stop words for one language, so the site's language decides it: "chevaux"
finds "cheval" on a French site. A language PostgreSQL has none for gets `simple`, which only lowercases: no
stemming, but no other language's stemming either.
"""

from django.conf import settings

# Every language of PostgreSQL 14's own configurations (Django 5.2 needs 14 or later), by ISO 639-1 code.
CONFIG_FOR_LANGUAGE = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    # Norwegian's stemmer is for Bokmål, which "no" and "nb" name; Nynorsk ("nn") is left to `simple`.
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}


def config_for_language(code: str) -> str:
    """The configuration for a language code such as "fr", "fr-ca" or "pt_BR": its primary language's, or simple."""
    primary = code.strip().lower().replace("_", "-").split("-")[0]
    return CONFIG_FOR_LANGUAGE.get(primary, "simple")


def search_config() -> str:
    return settings.SEARCH_CONFIG or config_for_language(settings.LANGUAGE_CODE)


def config_source() -> str:
    """Where search_config() came from, as an operator would set it."""
    if settings.SEARCH_CONFIG:
        return f"SEARCH_CONFIG={settings.SEARCH_CONFIG}"
    return f"LANGUAGE_CODE={settings.LANGUAGE_CODE}"
