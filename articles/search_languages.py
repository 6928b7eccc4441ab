"""Which of PostgreSQL's text search configurations search reads with: SEARCH_CONFIG, or the site's language's.

A configuration stems words and drops stop words for one language, so the site's language decides it: "chevaux"
finds "cheval" on a French site. A language PostgreSQL has none for gets `simple`, which only lowercases: no
stemming, but no other language's stemming either. No configuration splits Chinese, Japanese or Thai into words:
written_without_spaces() tells search which words to look for as written instead.
"""

import re

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


# Letters of the scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese, Tibetan,
# Yi), and Korean's, whose words carry their particles joined on ("서울에서", "in Seoul"). PostgreSQL's parser reads
# a whole run of them as one word, so no configuration finds a word inside it: search looks for such text as it is
# written (articles/search.py).
_WRITTEN_WITHOUT_SPACES = re.compile(
    "["
    "\u0e00-\u0eff"  # Thai, Lao
    "\u0f00-\u0fff"  # Tibetan
    "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f"  # Myanmar
    "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff"  # Hangul
    "\u1780-\u17ff\u19e0-\u19ff"  # Khmer
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u303b"  # CJK radicals, 々〆〇 and the like
    "\u3040-\u312f\u31a0-\u31ff"  # Hiragana, Katakana, Bopomofo
    "\u3190-\u319f\u3200-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uf900-\ufaff"  # Han, Yi
    "\uff66-\uffdc"  # halfwidth Katakana and Hangul
    "\U0001b000-\U0001b2ff\U00020000-\U0003ffff"  # Kana and Han beyond the first plane
    "]"
)


def written_without_spaces(text: str) -> bool:
    """Whether text holds letters of a script PostgreSQL's parser cannot split into words."""
    return _WRITTEN_WITHOUT_SPACES.search(text) is not None


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
