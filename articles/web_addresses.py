"""Web addresses: the http and https addresses Folio sends readers to, one rule for every place that takes them."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

WEB_ADDRESS_PROBLEM = "Give a whole web address, starting with https:// or http://."
# How a message names a value that is no such address, after quoting it.
NOT_A_WEB_ADDRESS = "is not a web address (it must start with https:// or http://)"
check_web_address = URLValidator(schemes=["http", "https"], message=WEB_ADDRESS_PROBLEM)


def is_web_address(value: str) -> bool:
    """Whether `value` is a whole http or https address (Django's URLValidator alone takes ftp:// too)."""
    try:
        check_web_address(value)
    except ValidationError:
        return False
    return True
