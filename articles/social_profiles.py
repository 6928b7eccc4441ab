"""An author's social profiles as other generators' data files write them: often a handle alone.

Jekyll themes' `_data/authors.yml` (Jasper's `twitter: tryghost`), Docusaurus' `socials: {x: handle, github:
handle}` and many Hugo themes' `social:` mappings name a profile by the network and the account, and the theme
makes the address. Folio keeps whole addresses (Author.social_links), so each handle is made the address the
network's own pages have. A whole address is kept as written, whatever the network.
"""

import re

from .web_addresses import is_web_address

# The address of an account on each network whose profile pages are its host and the account.
PROFILE_ADDRESSES = {
    "bluesky": "https://bsky.app/profile/{}",
    "codepen": "https://codepen.io/{}",
    "dev": "https://dev.to/{}",
    "facebook": "https://www.facebook.com/{}",
    "github": "https://github.com/{}",
    "gitlab": "https://gitlab.com/{}",
    "instagram": "https://www.instagram.com/{}",
    "keybase": "https://keybase.io/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "medium": "https://medium.com/@{}",
    "stackoverflow": "https://stackoverflow.com/users/{}",
    "threads": "https://www.threads.net/@{}",
    "twitter": "https://x.com/{}",
    "x": "https://x.com/{}",
    "youtube": "https://www.youtube.com/@{}",
}
# Keys beside a person's name that name a profile (Jekyll and Hugo themes write them at the person's top level).
NETWORK_KEYS = (*PROFILE_ADDRESSES, "mastodon")
# Where a person's profiles are listed together: Docusaurus' `socials` and Hugo themes' `social` map networks to
# profiles; Minimal Mistakes' `links` (and some `social`) list them as `{label: Twitter, url: …}`.
PROFILE_LISTS = ("socials", "social", "social_links", "links")
# Labels of a listed link that is no social profile: the author's own site is their website.
WEBSITE_LABELS = {"website", "homepage", "home", "blog", "web", "site"}
NOT_PROFILES = {*WEBSITE_LABELS, "email", "e-mail", "mail"}
_HANDLE = re.compile(r"@?([\w.-]+(?:/[\w.-]+)?)")
_MASTODON_HANDLE = re.compile(r"@?([\w.-]+)@([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)


def profile_address(network: str, written: object) -> str | None:
    """The address of the profile `written` names on `network` (a handle, `@handle` or a whole address); None
    when it names none Folio can link to."""
    if not isinstance(written, str) or not written.strip():
        return None
    value = written.strip()
    if is_web_address(value):
        return value
    network = network.lower()
    if network == "mastodon":
        match = _MASTODON_HANDLE.fullmatch(value)
        return f"https://{match[2].lower()}/@{match[1]}" if match else None
    template = PROFILE_ADDRESSES.get(network)
    match = _HANDLE.fullmatch(value)
    if template is None or match is None:
        return None
    return template.format(match[1])


def social_profiles(person: dict) -> dict[str, str]:
    """The profiles a person's entry in a site's data file names, by network, in the order written: its
    network keys, then those it lists together. What names no profile is left out."""
    written = [(key, value) for key, value in person.items() if str(key).lower() in NETWORK_KEYS]
    profiles: dict[str, str] = {}
    for network, value in [*written, *_listed(person)]:
        network = str(network).lower()
        address = profile_address(network, value)
        if address and network not in profiles and network not in NOT_PROFILES:
            profiles[network] = address
    return profiles


def listed_website(person: dict) -> str:
    """The address of the author's own site where their profiles list it (astro-erudite's `socials: {website:
    …}`, a `links` entry labelled Homepage); '' when none does."""
    for label, value in _listed(person):
        if str(label).lower() in WEBSITE_LABELS and isinstance(value, str) and is_web_address(value.strip()):
            return value.strip()
    return ""


def _listed(person: dict) -> list[tuple[object, object]]:
    """(label, address) of each profile listed together, as written; a listed entry's address is its `url`, or
    its `link` (Astroplate's `social: [{name: github, link: …}]`)."""
    written: list[tuple[object, object]] = []
    for name in PROFILE_LISTS:
        listed = person.get(name)
        if isinstance(listed, dict):
            written += listed.items()
        elif isinstance(listed, list):
            written += [
                (entry.get("label") or entry.get("name"), entry.get("url") or entry.get("link"))
                for entry in listed
                if isinstance(entry, dict) and isinstance(entry.get("label") or entry.get("name"), str)
            ]
    return written
