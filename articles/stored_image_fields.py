"""An image field's `<field>_stored` companion on an admin form: a hidden field naming an image already in the
media library, one chosen there (the hero's "Choose from library") or the file uploaded with a save that was
refused, kept so that saving again uses it. Its one check reports on the image field."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from . import media_library
from .images import ImageNotStored, ImageRejected, store_image


def stored_image_field() -> forms.Field:
    return forms.Field(widget=forms.HiddenInput, required=False)


def label_stored_image(form: forms.Form, *, field: str) -> None:
    """Give `field`'s stored companion the name the editor knows its image by, for the form's script to show: a
    form reopened from autosave carries only the stored name."""
    name = f"{field}_stored"
    stored = str(form[name].value() or "") if name in form.fields else ""
    if media_library.STORED_NAME.fullmatch(stored):
        form.fields[name].widget.attrs["data-label"] = media_library.label_of(stored)


def check_stored_image(form: forms.Form, cleaned: dict, *, field: str, not_in_library: str, both: str = "") -> None:
    """Let `field`'s stored companion name only an image of the media library. A file uploaded with it is refused
    with the message `both`, or, without one, replaces it."""
    name = f"{field}_stored"
    stored = str(cleaned.get(name) or "").strip()
    cleaned[name] = stored
    if not stored:
        return
    where = field if field in form.fields else None
    if not media_library.is_library_image(stored):
        cleaned[name] = ""
        form.add_error(where, not_in_library)
    elif isinstance(cleaned.get(field), UploadedFile):
        cleaned[name] = ""
        if both:
            form.add_error(where, both)


def use_stored_image(form: forms.ModelForm, *, field: str) -> None:
    stored = form.cleaned_data.get(f"{field}_stored")
    if stored:
        setattr(form.instance, field, stored)


def keep_refused_upload(form: forms.ModelForm, *, field: str) -> str:
    """A refused form comes back with its file box empty (no browser fills one in again), so a good image uploaded
    with it would be lost unseen: it is stored now in the media library and carried in the form's `<field>_stored`,
    and saving again once the rest is corrected uses it. Returns the uploaded file's name when it was kept."""
    upload = form.cleaned_data.get(field)
    stored = f"{field}_stored"
    if not form._errors or not isinstance(upload, UploadedFile) or stored not in form.fields:
        return ""
    try:
        upload.seek(0)
        name = store_image(
            upload.read(),
            folder=media_library.FOLDER,
            original_name=upload.name,
            uploaded_by=getattr(form, "user", None),
        )
    except (ImageNotStored, ImageRejected):
        return ""  # a storage's refusal is told once the rest of the form is right (store_new_images)
    form.data = form.data.copy()
    form.data[form.add_prefix(stored)] = name
    form.fields[stored].widget.attrs["data-uploaded"] = upload.name
    return upload.name
