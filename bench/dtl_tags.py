"""The tags and filters bench/dtl_templates need beyond Django's own: thin wrappers over the product's helpers.

Django's own `date`, `linebreaks`, `{% url %}` and `{% static %}` stand for templating.date (Django's date
filter in the site's time zone), templating.url (reverse) and static, which wrap the same functions.
"""

from django import template

from articles import templating

register = template.Library()


@register.simple_tag
def hero_image(article, placement):
    return templating.hero_image(article, placement)


@register.filter
def machine_datetime(value):
    return templating.machine_datetime(value)
