"""Query parameters that mean nothing to Folio: what front ends and shared links add on their own.

jQuery's cache buster (`_=<time>`), the campaign tags analytics reads from a link (`utm_source`, `utm_medium`,
`utm_campaign`, `utm_term`, `utm_content`, and whatever else starts with `utm_`), and the click identifiers that
ad networks, social sites and newsletters append to every link they carry. The content API accepts them and
leaves them out of its answers, so that a link shared from a newsletter answers as the plain one does, while a
misspelt parameter of its own is still refused (articles/api/views.py); a reader's page with them is the stored
page without them (articles/stored_pages.py).
"""

from django.http import QueryDict

CACHE_BUSTER = "_"
CAMPAIGN_PREFIX = "utm_"
CLICK_IDENTIFIERS = frozenset(
    {
        "fbclid",  # Facebook, Instagram
        "igshid",  # Instagram shares
        "gclid",  # Google Ads
        "gbraid",  # Google Ads, iOS apps
        "wbraid",  # Google Ads, iOS web
        "dclid",  # Google Display & Video
        "_ga",  # Google Analytics' linker
        "_gl",  # Google's linker
        "msclkid",  # Microsoft Advertising
        "twclid",  # X (Twitter)
        "ttclid",  # TikTok
        "li_fat_id",  # LinkedIn
        "yclid",  # Yandex
        "mc_cid",  # Mailchimp campaign
        "mc_eid",  # Mailchimp subscriber
    }
)


def is_ignored(name: str) -> bool:
    return name == CACHE_BUSTER or name.startswith(CAMPAIGN_PREFIX) or name in CLICK_IDENTIFIERS


def without_ignored(query: QueryDict) -> QueryDict:
    """A mutable copy of `query` without the parameters that mean nothing to Folio."""
    kept = QueryDict(mutable=True)
    for name, values in query.lists():
        if not is_ignored(name):
            kept.setlist(name, values)
    return kept


def without_ignored_address(path: str, query: QueryDict) -> str:
    """`path` with `query` minus the parameters that mean nothing to Folio (no `?` when none is left)."""
    kept = without_ignored(query).urlencode()
    return path + (f"?{kept}" if kept else "")
