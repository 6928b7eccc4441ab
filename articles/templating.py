"""The Jinja2 environment of the reader's pages: the globals and filters their templates use.

Reader pages are rendered by Jinja2, which compiles templates to Python: an uncached home page went from about
12 to 7.5 ms of CPU when they left Django's template language. The admin keeps Django's templates.
"""

import jinja2
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import FORMAT_SETTINGS
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from articles.renditions import picture_html
from articles.reversing import fixed_url

# How wide each placement shows its image (see static/css/site.css), and whether it is the page's first image.
PLACEMENTS = {
    "hero": ("(min-width: 76rem) 72rem, 100vw", True),
    "feature": ("(min-width: 76rem) 43rem, (min-width: 56rem) 58vw, 100vw", True),
    "card": ("(min-width: 76rem) 22rem, (min-width: 44rem) 45vw, 100vw", False),
}
# External heroes have no known size: reserve a 16:9 box, the shape the stylesheet crops them to.
EXTERNAL_WIDTH, EXTERNAL_HEIGHT = 1600, 900


def hero_image(article, placement: str):
    """An article's hero for one placement: its renditions when uploaded, the address as written when external."""
    sizes, eager = PLACEMENTS[placement]
    image_set = article.hero_set
    if image_set is not None:
        return picture_html(image_set, alt=article.hero_image_alt, sizes=sizes, eager=eager)
    if not article.hero_src:
        return ""
    loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
    # format_html()'s own output, escaping only the two values that need it: half its cost, on every card.
    return mark_safe(
        f'<img src="{conditional_escape(article.hero_src)}" alt="{conditional_escape(article.hero_image_alt)}" '
        f'width="{EXTERNAL_WIDTH}" height="{EXTERNAL_HEIGHT}" {loading} decoding="async">'
    )


def machine_datetime(value) -> str:
    """A <time datetime> value: ISO 8601 in the site's time zone, to the second (HTML allows no more than ms)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def date(value, format_string: str) -> str:
    """Django's date filter, in the site's time zone as Django's templates show it: `date("j M Y")`."""
    if format_string in FORMAT_SETTINGS or value in (None, ""):
        return defaultfilters.date(timezone.template_localtime(value), format_string)
    # A format written out, as every reader's page writes it: the filter would only look it up among the
    # locale's named formats (DATE_FORMAT and the rest) first, a third of its cost on a list of cards.
    return dateformat.format(timezone.template_localtime(value), format_string)


def url(name: str, *args, **kwargs) -> str:
    if not args and not kwargs:
        return fixed_url(name)
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> jinja2.Environment:
    # In production an unknown name, or an attribute of one, prints nothing and is false; while developing and
    # in the tests (settings: StrictUndefined) it is an error, so that no page relies on one.
    # Django's backend passes its own default (Undefined, or DebugUndefined under DEBUG) when none is set.
    if options.get("undefined") in (None, jinja2.Undefined, jinja2.DebugUndefined):
        options["undefined"] = jinja2.ChainableUndefined
    env = jinja2.Environment(**options)
    env.globals.update(static=static, url=url, hero_image=hero_image)
    env.filters.update(machine_datetime=machine_datetime, date=date, linebreaks=defaultfilters.linebreaks_filter)
    return env
