"""What the article form takes besides its model's fields: new tags typed by name, a call to action written in place.

Writers may make both while writing, as Ghost's authors and WordPress's contributors make tags in the post
editor. They make them only through the article form, when it is saved, and their article goes past an editor
before readers see it; changing or deleting tags and calls to action stays with editors, on their own pages.
"""

import datetime
import re

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.text import Truncator, slugify

from .exporting import default_cta_name
from .models import CallToAction, Tag
from .text import is_whole_number, one_line, xml_safe

# A typed name is posted as this prefix and the name, so that a new tag called "12" is never read as the tag
# whose id is 12. folio-tags.js reads it from the widget.
NEW_TAG_PREFIX = "new:"
TAG_NAME_MAX = Tag._meta.get_field("name").max_length
TAG_SLUG_MAX = Tag._meta.get_field("slug").max_length

TAGS_HELP = (
    "Type to find a tag, or type a new name and press Enter (or a comma) to add it: a new tag is made when the "
    "article is saved, by writers too. A name that matches a tag's name or address, whatever its capitals, "
    "uses that tag. Readers see the tags in this order."
)


def is_new_tag(value: object) -> bool:
    return str(value).startswith(NEW_TAG_PREFIX)


def is_row_id(value: object) -> bool:
    """Whether a posted value can be a row's id. Django's autocomplete boxes query by what was posted, and a word or
    a number past the database's integers fails the query (a 500) instead of matching nothing."""
    text = str(value)
    return is_whole_number(text) and int(text) < 2**63


class AutocompleteSelectOfIds(AutocompleteSelect):
    """Django's autocomplete box, which shows the form again after a posted value that is no row's id."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if is_row_id(item)], attr)


class TagsWidget(AutocompleteSelectMultiple):
    """The chosen tags in their given order (not the model's), typed new names among them.

    folio-tags.js makes Django's autocomplete box offer what is typed as a new tag.
    """

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-new-tag-prefix"] = NEW_TAG_PREFIX
        attrs["data-maximum-input-length"] = TAG_NAME_MAX
        # Each tag has its own remove mark; select2's "remove all" mark would be a <span> in the list of tags,
        # which a list may not hold (screen readers).
        attrs["data-allow-clear"] = "false"
        return attrs

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, [item for item in value if is_row_id(item)], attr)
        options = groups[0][1]
        # A new name the form gives back (another field had a mistake) stays chosen, where it was typed.
        for item in dict.fromkeys(filter(is_new_tag, value)):
            options.append(self.create_option(name, item, item.removeprefix(NEW_TAG_PREFIX), True, 0))
        position = {str(item): i for i, item in enumerate(value)}
        options.sort(key=lambda option: position.get(str(option["value"]), len(position)))
        for index, option in enumerate(options):
            option["index"] = str(index)
        return groups

    @property
    def media(self):
        # In one list with Django's autocomplete.js and after it (media added as a second list keeps no order
        # with the first), since it changes the boxes autocomplete.js makes.
        django_media = super().media
        return forms.Media(js=[*django_media._js, "admin/js/folio-tags.js"], css=django_media._css)


# What an address leaves out of a name besides its capitals and spaces (slugify's rule): `C#` and `C++` are both /c/.
LEFT_OUT_OF_ADDRESSES = re.compile(r"[^\w\s-]")


def tag_named(text: str, *, new_tags=()) -> Tag:
    """The tag a writer means by `text`: the one with that name (whatever its capitals) or that address, among the
    site's tags and the `new_tags` typed before it, or else a new Tag, not yet saved. Raises ValidationError saying
    what is wrong with a name that cannot be a tag."""
    name = " ".join(one_line(text).split())
    if not name:
        raise ValidationError("A new tag needs a name: this one is empty.")
    if len(name) > TAG_NAME_MAX:
        raise ValidationError(
            f"“{Truncator(name).chars(40)}” is too long for a tag name: "
            f"at most {TAG_NAME_MAX} characters (it has {len(name)})."
        )
    slug = slugify(name, allow_unicode=True)[:TAG_SLUG_MAX].strip("-")
    if not slug:
        raise ValidationError(
            f"“{name}” cannot be a tag: its address is made from its letters and digits, and it has none."
        )
    matches = list(Tag.objects.filter(Q(name__iexact=name) | Q(slug=slug)))
    matches += [tag for tag in new_tags if tag.slug == slug]
    if not matches:
        return Tag(name=name, slug=slug)
    # The same name first, then the same name in other capitals, then the same address.
    tag = min(matches, key=lambda tag: (tag.name != name, tag.name.lower() != name.lower(), tag.pk or 0))
    if tag.name.lower() != name.lower() and LEFT_OUT_OF_ADDRESSES.search(name):
        # Signs the address leaves out tell tags apart (C# is no C++): taking the other tag would lose this one unseen.
        raise ValidationError(
            f"“{name}” would have the same address as the tag “{tag.name}” ({Tag(slug=slug).get_absolute_url()}), "
            f"as an address keeps only letters and digits: choose “{tag.name}”, or name the new tag so that its "
            "letters or digits differ."
        )
    return tag


class TagsField(forms.ModelMultipleChoiceField):
    """Tags chosen by id, and new ones typed by name (posted after NEW_TAG_PREFIX).

    Cleans to a list of tags in the posted order, each once; a new name becomes the tag it matches or an unsaved
    Tag, which saved_tags() makes when the form is saved.
    """

    def clean(self, value):
        if not value or not isinstance(value, list | tuple):
            return list(super().clean(value))
        ids = [item for item in value if not is_new_tag(item)]
        for item in ids:
            if not is_row_id(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        chosen = {str(tag.pk): tag for tag in super().clean(ids)} if ids else {}
        tags, problems = {}, []
        for item in dict.fromkeys(map(str, value)):
            try:
                if is_new_tag(item):
                    tag = tag_named(item.removeprefix(NEW_TAG_PREFIX), new_tags=[t for t in tags.values() if not t.pk])
                else:
                    tag = chosen[item]
            except ValidationError as error:
                problems.extend(error.error_list)
                continue
            tags.setdefault(tag.pk or tag.slug, tag)
        if problems:
            raise ValidationError(problems)
        return list(tags.values())


def saved_tags(tags: list[Tag]) -> list[Tag]:
    """The tags, the new ones made (or, when someone made the same one meanwhile, found by address)."""
    return [tag if tag.pk else Tag.objects.get_or_create(slug=tag.slug, defaults={"name": tag.name})[0] for tag in tags]


# The call to action written in place: three fields of the article form, none of them the article's own.
WRITTEN_CTA_FIELDS = ("cta_text", "cta_button_label", "cta_button_url")
WRITTEN_CTA_HELP = (
    "A call to action written here is made when the article is saved and used for this article, instead of one "
    "chosen above; it then joins the list to pick from. Writers may write one too."
)


def written_cta_fields() -> tuple[forms.Field, forms.Field, forms.Field]:
    """The fields named in WRITTEN_CTA_FIELDS, in that order."""
    return (
        forms.CharField(
            label="Text",
            required=False,
            strip=True,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Shown at the end of the article, for example “Follow us for daily insights.”",
        ),
        forms.CharField(
            label="Button label",
            required=False,
            max_length=CallToAction._meta.get_field("button_label").max_length,
            help_text="Optional, with the button's address: “Subscribe”, “Read the guide”.",
        ),
        forms.URLField(
            label="Button URL",
            required=False,
            assume_scheme="https",
            max_length=CallToAction._meta.get_field("button_url").max_length,
        ),
    )


def written_cta_problems(*, text: str, button_label: str, button_url: str) -> dict[str, str]:
    """What is missing from a call to action written in place, by field; empty when it is whole or not written."""
    text = xml_safe(text).strip()
    problems = {}
    if (button_label or button_url) and not text:
        problems["cta_text"] = "Write the call to action's text: the button goes under it."
    if button_label and not button_url:
        problems["cta_button_url"] = "Give the button's address: a button needs both a label and a URL."
    if button_url and not button_label:
        problems["cta_button_label"] = "Give the button a label: a button needs both a label and a URL."
    return problems


def written_call_to_action(*, text: str, button_label: str, button_url: str) -> CallToAction:
    """The call to action with exactly this text and button, made when the site has none yet."""
    text, button_label = xml_safe(text).strip(), one_line(button_label).strip()
    same = CallToAction.objects.filter(text=text, button_label=button_label, button_url=button_url)
    return same.order_by("pk").first() or CallToAction.objects.create(
        name=default_cta_name(one_line(text)), text=text, button_label=button_label, button_url=button_url
    )


# A publish or created date: the browser's own date and time pickers (a phone's wheels, a desktop's calendar) in
# place of the admin's text boxes and their small Today and Now links. They post Django's split pair
# (`publish_date_0`, `publish_date_1`), read in the site's time zone as before.
ISO_DATE, SHORT_TIME, FULL_TIME = "%Y-%m-%d", "%H:%M", "%H:%M:%S"


def _read_as(field: forms.Field, text: str):
    """`text` read by the field as the form reads it, or None when it cannot be."""
    try:
        return field.to_python(text)
    except ValidationError:
        return None


class _BrowsersOwnBox:
    """A date or time box of the browser's own, showing a value as that box takes it.

    Such a box shows nothing for text it cannot read, so text the form refused stays visible, to correct, in a
    text box instead.
    """

    field_class: type[forms.Field]
    box_formats: tuple[str, ...]

    def format_value(self, value):
        if isinstance(value, str):
            value = _read_as(self.field_class(), value) or value
        return value if isinstance(value, str) or value is None else self.in_box(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        shown = context["widget"]["value"]
        if shown and _read_as(self.field_class(input_formats=self.box_formats), shown) is None:
            context["widget"]["type"] = "text"
        elif shown and shown.count(":") == 2:
            context["widget"]["attrs"]["step"] = "1"  # a time box shows seconds only when its step asks
        return context


class NativeDateInput(_BrowsersOwnBox, forms.DateInput):
    input_type = "date"
    field_class, box_formats = forms.DateField, (ISO_DATE,)

    def in_box(self, value: datetime.date) -> str:
        return value.strftime(ISO_DATE)


class NativeTimeInput(_BrowsersOwnBox, forms.TimeInput):
    input_type = "time"
    field_class, box_formats = forms.TimeField, (FULL_TIME, SHORT_TIME)

    def in_box(self, value: datetime.time) -> str:
        # Minutes, as writers give a time; seconds only when the article has some, so a save keeps them.
        return value.strftime(FULL_TIME if value.second else SHORT_TIME)


class DateAndTimeWidget(forms.SplitDateTimeWidget):
    """A date box and a time box, each with its visible name, and the time zone they are read in."""

    template_name = "admin/widgets/folio_date_and_time.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets = [NativeDateInput(), NativeTimeInput()]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["time_zone"] = timezone.get_current_timezone_name()
        zone_id = f"{context['widget']['attrs'].get('id', name)}_zone"
        context["zone_id"] = zone_id
        for box in context["widget"]["subwidgets"]:
            described = box["attrs"].get("aria-describedby", "")
            box["attrs"]["aria-describedby"] = f"{described} {zone_id}".strip()
        return context


def _example(moment_format: str) -> str:
    return timezone.localtime().strftime(moment_format)


class _DateAsTyped(forms.DateField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            example = _example(get_format("DATE_INPUT_FORMATS")[0])
            raise ValidationError(
                f"“{str(value).strip()}” is not a date: write it as year-month-day, such as {example}.",
                code="invalid_date",
            ) from None


class _TimeAsTyped(forms.TimeField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(
                f"“{str(value).strip()}” is not a time: write it on the 24-hour clock as hours:minutes, such as 09:30 "
                "or 17:45.",
                code="invalid_time",
            ) from None


class DateAndTimeField(forms.SplitDateTimeField):
    """Django's date-and-time pair, whose refusal quotes what was typed and shows the form it takes."""

    default_error_messages = {
        "invalid_date": "Give the date as well as the time, or neither.",
        "invalid_time": "Give the time as well as the date, such as 09:30, or neither.",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        date_field, time_field = self.fields
        self.fields = (
            _DateAsTyped(input_formats=date_field.input_formats, required=False),
            _TimeAsTyped(input_formats=time_field.input_formats, required=False),
        )
