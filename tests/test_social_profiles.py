"""An author's profiles as other generators' data files write them: handles made the networks' addresses."""

import pytest

from articles.social_profiles import profile_address, social_profiles


@pytest.mark.parametrize(
    "network, written, address",
    [
        ("twitter", "@tryghost", "https://x.com/tryghost"),
        ("GitHub", "ana-lind", "https://github.com/ana-lind"),
        ("linkedin", "ana.lind", "https://www.linkedin.com/in/ana.lind"),
        ("youtube", "@anawalks", "https://www.youtube.com/@anawalks"),
        ("mastodon", "@ana@Social.Example.org", "https://social.example.org/@ana"),
        ("myspace", "https://myspace.example/ana", "https://myspace.example/ana"),
    ],
)
def test_a_handle_is_the_network_s_profile_address_and_a_whole_address_is_kept(network, written, address):
    assert profile_address(network, written) == address


@pytest.mark.parametrize(
    "network, written",
    [
        ("myspace", "ana"),  # a network whose addresses Folio does not know
        ("github", "ana lind"),  # no account has a space
        ("mastodon", "ana"),  # a Mastodon account names its server
        ("twitter", "javascript:alert(1)"),
        ("twitter", 42),
        ("twitter", ""),
    ],
)
def test_what_names_no_profile_folio_can_link_to_gives_none(network, written):
    assert profile_address(network, written) is None


def test_a_person_s_profiles_come_from_network_keys_then_mappings_then_labelled_lists_first_kept():
    person = {
        "name": "Ana Lind",
        "url": "https://ana.example.org/",
        "twitter": "ana",
        "socials": {"github": "ana-lind", "twitter": "someone-else"},
        "links": [{"label": "LinkedIn", "url": "https://www.linkedin.com/in/ana"}, {"label": "Home"}, "text"],
        "social": [{"name": "Website", "url": "https://ana.example.org/"}],
    }

    assert social_profiles(person) == {
        "twitter": "https://x.com/ana",
        "github": "https://github.com/ana-lind",
        "linkedin": "https://www.linkedin.com/in/ana",
    }
