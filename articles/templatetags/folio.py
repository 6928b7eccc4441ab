from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.renditions import picture_html

register = template.Library()

# How wide each placement shows its image (see static/css/site.css), and whether it is the page's first image.
PLACEMENTS = {
    "hero": ("(min-width: 76rem) 72rem, 100vw", True),
    "feature": ("(min-width: 76rem) 43rem, (min-width: 56rem) 58vw, 100vw", True),
    "card": ("(min-width: 76rem) 22rem, (min-width: 44rem) 45vw, 100vw", False),
}
# External heroes have no known size: reserve a 16:9 box, the shape the stylesheet crops them to.
EXTERNAL_WIDTH, EXTERNAL_HEIGHT = 1600, 900


@register.simple_tag
def hero_image(article, placement: str):
    """An article's hero for one placement: its renditions when uploaded, the address as written when external."""
    sizes, eager = PLACEMENTS[placement]
    image_set = article.hero_set
    if image_set is not None:
        return picture_html(image_set, alt=article.hero_image_alt, sizes=sizes, eager=eager)
    if not article.hero_src:
        return ""
    loading = mark_safe('fetchpriority="high"' if eager else 'loading="lazy"')
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" {} decoding="async">',
        article.hero_src,
        article.hero_image_alt,
        EXTERNAL_WIDTH,
        EXTERNAL_HEIGHT,
        loading,
    )


@register.filter
def machine_datetime(value) -> str:
    """A <time datetime> value: ISO 8601 in the site's time zone, to the second (HTML allows no more than ms)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
