"""The admin's forms: the article form, with Folio's image checks, the version lock, the writer's limits and the
parts written in place (tags, a call to action, a hero from the media library), and the author form. Both store
a new image before anything is saved, so that one the media storage refuses comes back on the form."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify

from . import form_inputs, media_library, pending, revisions, workflow
from .images import ImageNotStored, ImageRejected, read_upload, refused_upload
from .instants import OUTSIDE_THE_CALENDAR, fits_the_calendar
from .models import SOCIAL_LINKS_SHAPE, Article
from .pending import PendingChangeFormMixin
from .rendering import estimate_read_minutes, read_time_label
from .stored_image_fields import (
    check_stored_image,
    keep_refused_upload,
    label_stored_image,
    stored_image_field,
    use_stored_image,
)


class CheckedImageField(forms.ImageField):
    """Folio's image checks, with their reasons, before Django's generic "Upload a valid image"."""

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            try:
                read_upload(data)
            except ImageRejected as error:
                raise ValidationError(str(error)) from None
        return super().to_python(data)


# Text a writer types in a line or a box of its own: shown right to left when it starts in Arabic or Hebrew, so
# its words and punctuation stand as they will on the page.
WRITTEN_TEXT_FIELDS = ("title", "subtitle", "description", "hero_image_alt", "cta_text", "cta_button_label")


def take_written_text(form: forms.Form, names) -> None:
    """Let the form's boxes `names` take text as written: right to left when it starts in Arabic or Hebrew, and
    whole. The browser's maxlength cuts pasted text without a word: the field's own limit answers instead, saying
    how long the text is, with all of it still in the box to shorten."""
    for name in names:
        if name in form.fields:
            form.fields[name].widget.attrs["dir"] = "auto"
            form.fields[name].widget.attrs.pop("maxlength", None)


HERO_ALT_MISSING = "Describe the new hero image for readers who cannot see it; leave out “image of”."


# The admin supplies model and fields (from each ModelAdmin's fieldsets) when it builds these forms,
# and ArticleAdmin.get_form sets `user` to whoever is saving.
class ArticleAdminForm(PendingChangeFormMixin, forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set by the image dialog's "Choose from library" (folio-images.js), or by a refused save that kept its upload.
    hero_image_stored = stored_image_field()
    # A call to action written in place, made on save (form_inputs.py).
    cta_text, cta_button_label, cta_button_url = form_inputs.written_cta_fields()
    pending_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Which new-article form this is (articles/pending.py): its autosaved text is its own.
    draft_key = forms.CharField(widget=forms.HiddenInput, required=False)
    user = None
    # After a save refused for someone else's newer one: their text against the form's, field by field, and the
    # other fields the form holds otherwise than their version.
    conflicted = False
    conflict_diffs = ()
    conflict_also = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version
        if "slug" in self.fields:
            # The admin's script fills the slug from the title as it is typed; a form restored from autosave,
            # or saved before the script ran, has none yet: clean_slug makes it from the title then.
            self.fields["slug"].required = False
        if "tags" in self.fields and self.instance.pk is not None and "tags" not in kwargs.get("initial", {}):
            self.initial["tags"] = [tag.pk for tag in self.instance.tags_in_order()]
        if "status" in self.fields:
            allowed = workflow.allowed_statuses(self.user)
            self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0] in allowed]
            # folio-schedule.js: the save button says "Publish now" only for an article readers cannot see yet.
            live = self.instance.pk is not None and self.instance.is_published()
            self.fields["status"].widget.attrs["data-live"] = "true" if live else "false"
        if "description" in self.fields:
            # One or two sentences: a box of three lines shows them whole without pushing the body off the screen.
            self.fields["description"].widget.attrs["rows"] = 3
        if "call_to_action" in self.fields:
            self.fields["call_to_action"].help_text = (
                "Pick one of the site's calls to action, or write a new one below. "
                "Leave both empty to use the site-wide default."
            )
        if "read_time" in self.fields:
            # One read-time row: what the editor gives, else what the text gives (folio-writing.js keeps it live).
            computed = estimate_read_minutes(
                word_count=self.instance.word_count, image_count=self.instance.body_html.count("<img ")
            )
            label = read_time_label(minutes=computed, word_count=self.instance.word_count)
            self.fields["read_time"].widget.attrs["placeholder"] = (
                f"{label}, from the text" if label else "From the text, once it has some"
            )
        if "body" in self.fields:
            # The link dialog (folio-links.js) offers the site's articles from here, but the one being written.
            self.fields["body"].widget.attrs["data-link-search-url"] = reverse("article_links")
            if self.instance.pk is not None:
                self.fields["body"].widget.attrs["data-link-exclude"] = str(self.instance.pk)
        if "hero_image_stored" in self.fields:
            self.fields["hero_image_stored"].widget.attrs.update(
                {"data-library-url": reverse("media_library"), "data-upload-url": reverse("markdownx_upload")}
            )
            label_stored_image(self, field="hero_image")
        take_written_text(self, WRITTEN_TEXT_FIELDS)
        for field in self.fields.values():
            # The admin labels a date-and-time pair as a whole, so each of its two boxes gets a name of its own.
            if isinstance(field.widget, forms.SplitDateTimeWidget):
                date_box, time_box = field.widget.widgets
                date_box.attrs["aria-label"] = f"{field.label}: date"
                time_box.attrs["aria-label"] = f"{field.label}: time"

    @property
    def fields_in_error(self) -> list:
        """The visible fields refused, in the form's order: the error summary above the form links to each, since
        on a long article a field far down the page is otherwise found only by scrolling."""
        return [field for field in self.visible_fields() if field.errors] if self.is_bound else []

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if not slug:
            slug = slugify(self.cleaned_data.get("title", ""), allow_unicode=True)
            slug = slug[: Article._meta.get_field("slug").max_length].strip("-")
        if not slug:
            raise forms.ValidationError("Give the article a slug: its address, such as night-train-notes.")
        if not any(sign.isalnum() for sign in slug):
            # Hyphens and underscores alone make an address no reader could tell from another (/articles/---/).
            raise forms.ValidationError(
                f"“{slug}” has no letters or digits: give the article a slug such as night-train-notes."
            )
        # Addresses are lower case, as an import makes them: `Night-Train` and `night-train` are one article's.
        return slug.lower()

    def clean_publish_date(self):
        return self._storable_moment("publish_date")

    def clean_created_date(self):
        return self._storable_moment("created_date")

    def _storable_moment(self, name: str):
        moment = self.cleaned_data.get(name)
        if moment is not None and not fits_the_calendar(moment):
            local = moment.replace(tzinfo=None)
            raise ValidationError(f"{local:%Y-%m-%d %H:%M} on the site's clock is {OUTSIDE_THE_CALENDAR}.")
        return moment

    def save(self, commit=True):
        written = {name: self.cleaned_data.get(name, "") for name in form_inputs.WRITTEN_CTA_FIELDS}
        if written["cta_text"]:
            self.instance.call_to_action = form_inputs.written_call_to_action(
                text=written["cta_text"], button_label=written["cta_button_label"], button_url=written["cta_button_url"]
            )
        article = super().save(commit)
        if self.cleaned_data.get("hero_image_stored"):
            media_library.remember_alt_text(article.hero_image.name, article.hero_image_alt)
        return article

    def _save_m2m(self):
        if "tags" in self.cleaned_data:
            self.cleaned_data["tags"] = form_inputs.saved_tags(self.cleaned_data["tags"])
        super()._save_m2m()
        if "tags" in self.cleaned_data:
            self.instance.set_tags(self.cleaned_data["tags"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Article.Status.PUBLISHED and "publish_date" in cleaned:
            # Published without a date means now, as Ghost and Wagtail have it.
            cleaned["publish_date"] = cleaned["publish_date"] or timezone.now()
        if not any(name in self.errors for name in form_inputs.WRITTEN_CTA_FIELDS):
            written = {name.removeprefix("cta_"): cleaned.get(name, "") for name in form_inputs.WRITTEN_CTA_FIELDS}
            for name, problem in form_inputs.written_cta_problems(**written).items():
                self.add_error(name, problem)
        problems = workflow.writer_problems(
            self.user,
            article=self.instance,
            status=cleaned.get("status"),
            author=cleaned.get("author"),
            changed=set(self.changed_data),
        )
        for name, problem in problems.items():
            self.add_error(name if name in self.fields else None, problem)
        check_stored_image(
            self,
            cleaned,
            field="hero_image",
            not_in_library="The chosen hero is not an image in the media library: choose it again.",
            both="Upload a hero image or choose one from the library, not both.",
        )
        self._check_new_hero_has_alt_text(cleaned)
        if self.instance.pk is not None:
            # Runs inside the admin's transaction: the row stays locked until the save commits.
            try:
                revisions.check_version(self.instance.pk, cleaned.get("base_version"))
            except ValidationError as error:
                if error.code != "conflict":
                    raise
                self._show_conflict()
        self.check_pending(cleaned)
        return cleaned

    def _show_conflict(self) -> None:
        """Refuse the save, keeping the writer's text in the form and showing the saved version against it.

        The form comes back based on the version it was shown against: saving it again (after bringing in what
        to keep) is a save made knowing the other, and is refused only if someone saves again meanwhile.
        """
        saved = Article.objects.get(pk=self.instance.pk)  # locked by check_version: nobody saves in between
        against = type(self)(data=self.data, files=self.files, instance=saved)
        self.conflicted = True
        self.conflict_diffs = pending.form_text_diffs(against, list(self.fields))
        # Tags, author, status, dates: named, so that saving again does not undo theirs unseen. Each is compared
        # with their version, not with the page's hidden copy of what the writer opened (changed_data's way for
        # a field with a default).
        self.conflict_also = [
            str(field.label or name)
            for name, field in against.fields.items()
            if not field.widget.is_hidden
            and not isinstance(field.widget, pending.TEXT_WIDGETS)
            and field.has_changed(against[name].initial, against[name].data)
        ]
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = str(saved.version)
        raise ValidationError(revisions.form_conflict_message(saved), code="conflict")

    def _check_new_hero_has_alt_text(self, cleaned: dict) -> None:
        """A new hero (uploaded, from the library or by address) comes with words for readers who cannot see it,
        as every image the dialog puts in the body does. An article saved before keeps saving as it was."""
        if "hero_image_alt" not in self.fields or self.has_error("hero_image_alt") or cleaned.get("hero_image_alt"):
            return
        new_address = "hero_image_url" in self.changed_data and cleaned.get("hero_image_url")
        if isinstance(cleaned.get("hero_image"), UploadedFile) or cleaned.get("hero_image_stored") or new_address:
            self.add_error("hero_image_alt", HERO_ALT_MISSING)

    def _update_errors(self, errors):
        # The model's checks see a field the form refused as empty: a date typed wrongly is not also "missing".
        if hasattr(errors, "error_dict"):
            for name in [name for name in errors.error_dict if name in self._errors]:
                del errors.error_dict[name]
            if not errors.error_dict:
                return
        super()._update_errors(errors)

    def _post_clean(self):
        super()._post_clean()
        use_stored_image(self, field="hero_image")
        store_new_images(self, field="hero_image")
        keep_refused_upload(self, field="hero_image")


class AuthorAdminForm(forms.ModelForm):
    # Set by a refused save that kept the avatar uploaded with it.
    avatar_stored = stored_image_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        take_written_text(self, ("name",))
        if "social_links" in self.fields:
            # Text that is no JSON at all (`mastodon: https://…`) is told the shape to give, as a list would be.
            self.fields["social_links"].error_messages["invalid"] = SOCIAL_LINKS_SHAPE

    def clean(self):
        cleaned = super().clean()
        # No script here offers the library: a file chosen after a refused save is the newer choice, and wins.
        check_stored_image(
            self,
            cleaned,
            field="avatar",
            not_in_library="The kept avatar is not an image in the media library: choose the file again.",
        )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        use_stored_image(self, field="avatar")
        store_new_images(self, field="avatar")
        kept = keep_refused_upload(self, field="avatar")
        if kept and "avatar" in self.fields:
            # The admin shows help text as HTML: the file's name is the uploader's to choose.
            note = "{} was uploaded with this form and is kept: saving it again uses it, or choose another file."
            # The bound field took its copy of the help text when the form was cleaned.
            self["avatar"].help_text = format_html(note, kept)


def store_new_images(form: forms.ModelForm, *, field: str) -> None:
    """A form's new image is stored while the form can still come back, once all else in it is valid: refused by
    the media storage (the operator's to fix), it is an error on `field`, nothing is saved, and what the editor
    typed is in the form to save again, without the image or with it once the operator has fixed the storage."""
    if form._errors:
        return
    try:
        form.instance.store_new_images()
    except ImageNotStored as error:
        refused = refused_upload(error)
        form.add_error(field, f"{refused} Nothing was saved: save again to keep the rest without the image.")
