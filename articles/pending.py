"""Pending changes: an article's form saved to the server but not to the article, so readers never see it.

Autosave (static/admin/js/folio-autosave.js) sends the form every few seconds while someone types, and when the
page is hidden or left, so the work survives a closed laptop and opens on another device. On a published article,
the form's own save stores a pending change too: it waits for an editor's "Publish changes" (a normal save of the
form, with its validation, rendering and revision) or for "Discard changes". A draft's is applied by its next save.

Each pending change carries a token, new on every save. A page sends back the last one it saw; another one means
newer text came from another window or device since, and this page's save is refused rather than overwrite it.
A new article, not an article yet, has a pending change per form its writer opened: the add page gives each form
a draft key of its own, so two new articles typed side by side never take each other's place.
The table is not one of the content tables (articles/triggers.py): writing it leaves readers' pages and the page
cache as they are.
"""

import re
from dataclasses import dataclass
from datetime import datetime

import reversion
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property

from .models import Article, PendingChange, pending_token
from .rendering import size_problem
from .revisions import FieldDiff, diff_lines, versions_of, when, who
from .text import lf_line_breaks

# Not kept: the lock counters, the new-article form's key, and the publishing state, which changes only with a
# save of the article itself (so that publishing someone's autosaved text can never unpublish or reschedule it).
NOT_KEPT = frozenset({"base_version", "pending_token", "draft_key", "status", "publish_date"})
# Fields whose pending text is shown line by line against the saved article.
TEXT_WIDGETS = (forms.TextInput, forms.URLInput, forms.Textarea)
# Room for the fields other than the body: a pending change is at most the body's limit and this.
OTHER_FIELDS_MAX_BYTES = 64 * 1024
# The fields whose text makes a new article worth keeping.
NEW_ARTICLE_TEXT = ("title", "subtitle", "description", "body")

STATE_WAITS = (
    "A change of status or publish date takes effect when it is saved: use Publish changes to apply it "
    "(or the article list's actions), or set it back to keep the article as readers see it."
)
FILES_WAIT = "A new file is stored only when the changes are published: use Publish changes to upload it."


DRAFT_KEY = re.compile(r"[0-9a-f]{0,32}")


class Conflict(Exception):
    """This page's save would overwrite newer text, or the article, saved since the page was opened."""


def new_draft_key() -> str:
    return pending_token()


def is_draft_key(value: str | None) -> bool:
    """A key as new_draft_key makes them ("" is the one slot new articles shared before forms had keys)."""
    return value is not None and DRAFT_KEY.fullmatch(value) is not None


def pending_for(*, article_pk: int | None, user, draft_key: str = "") -> PendingChange | None:
    """The article's pending change; for a new article (None), the one this person has in the form `draft_key`."""
    found = PendingChange.objects.select_related("saved_by")
    if article_pk is not None:
        return found.filter(article_id=article_pk).first()
    user_pk = getattr(user, "pk", None)
    if not user_pk:
        return None
    return found.filter(article__isnull=True, saved_by_id=user_pk, draft_key=draft_key).first()


def new_articles_in_progress(*, user) -> list[PendingChange]:
    """This person's new articles kept by autosave, newest first: each one's way back is its draft key."""
    user_pk = getattr(user, "pk", None)
    if not user_pk:
        return []
    return list(PendingChange.objects.filter(article__isnull=True, saved_by_id=user_pk).order_by("-saved_at"))


def latest_token(*, article_pk: int | None, user, draft_key: str = "") -> str:
    """The token of the newest pending change ("" when nothing waits), to tell a page whether it shows that."""
    current = pending_for(article_pk=article_pk, user=user, draft_key=draft_key)
    return current.token if current else ""


def kept_keys(form_class) -> list[str]:
    """The posted names a pending change keeps: every field's, but files, lock counters and publishing state."""
    keys = []
    for name, field in form_class.base_fields.items():
        if name in NOT_KEPT or isinstance(field, forms.FileField):
            continue
        suffixes = field.widget.widgets_names if isinstance(field.widget, forms.MultiWidget) else [""]
        keys += [name + suffix for suffix in suffixes]
    return keys


def form_values(posted: QueryDict, form_class) -> dict[str, list[str]]:
    """What a pending change keeps of a posted form: each kept name with its list of values.

    Browsers post line breaks as CR LF; they are kept as the article keeps them, LF alone.
    """
    return {
        key: [lf_line_breaks(value) for value in posted.getlist(key)] for key in kept_keys(form_class) if key in posted
    }


def as_query_dict(data: dict[str, list[str]]) -> QueryDict:
    posted = QueryDict(mutable=True)
    for key, values in data.items():
        posted.setlist(key, [str(value) for value in values])
    return posted


def size_problems(data: dict[str, list[str]]) -> str | None:
    problem = size_problem("".join(data.get("body", [])), max_bytes=settings.ARTICLE_BODY_MAX_BYTES)
    if problem:
        return problem
    others = sum(len(value.encode()) for key, values in data.items() if key != "body" for value in values)
    if others > OTHER_FIELDS_MAX_BYTES:
        return "The fields other than the body hold far more text than an article takes: shorten them."
    return None


def time_label(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def conflict_message(current: PendingChange | None, *, keep: str) -> str:
    if current is None:
        return (
            "The changes this page showed were published or discarded elsewhere after you opened it, so this save "
            f"was refused. {keep}"
        )
    return (
        f"Newer changes were saved to the server by {current.saved_by_name} on {when(current.saved_at)}, in another "
        f"window or on another device, after you opened this page, so this save was refused to keep them. {keep}"
    )


FORM_KEEPS = "Your text is still in the form below: copy what you need, then reload the page to see theirs."
FORM_SHOWS_THEIRS = (
    "Your text is still in the form below, and how theirs differs from it is shown under this message. Bring into "
    "the form what you want to keep of theirs, then save again: the next save replaces theirs with the form as it is."
)
PAGE_KEEPS = "Your text is still on this page and in this browser: copy what you need, then reload the page."


def _lock_owner(*, article_pk: int | None, user) -> Article | None:
    """Hold the article's row (or, for a new article, the person's) until the transaction ends."""
    if article_pk is not None:
        return Article.objects.select_for_update().get(pk=article_pk)
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    return None


def check_token(
    *, article_pk: int | None, user, token, posted: dict[str, list[str]] | None, keep: str, draft_key: str = ""
):
    """The current pending change, if `token` is the latest one or the posted text is the same as it holds.

    Otherwise a ValidationError: the save would drop text that this page never showed. Call it with the owner
    locked (see _lock_owner).
    """
    current = pending_for(article_pk=article_pk, user=user, draft_key=draft_key)
    latest = current.token if current else ""
    if (token or "") == latest or (current is not None and posted == current.data):
        return current
    raise ValidationError(conflict_message(current, keep=keep), code="pending_conflict")


def store(*, article: Article | None, user, data: dict[str, list[str]], draft_key: str = "") -> PendingChange:
    """Keep `data` as the article's pending change (or the new article of this person's form), with a new token."""
    values = {
        "data": data,
        "based_on_version": article.version if article else None,
        "token": PendingChange._meta.get_field("token").default(),
        "saved_by": user,
        "saved_at": timezone.now(),
    }
    if article is not None:
        # One statement (INSERT … ON CONFLICT DO UPDATE): two saves of one article arriving together (a page's
        # timer and its closing tab) cannot both find no row and both insert one.
        (pending,) = PendingChange.objects.bulk_create(
            [PendingChange(article=article, **values)],
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=list(values),
        )
    else:
        pending, _ = PendingChange.objects.update_or_create(
            article=None, saved_by=user, draft_key=draft_key, defaults=values
        )
    return pending


def drop(*, article: Article | None, user, draft_key: str = "") -> bool:
    """Forget the pending change a save has just applied; whether there was one."""
    if article is not None:
        found = PendingChange.objects.filter(article_id=article.pk)
    else:
        found = PendingChange.objects.filter(article__isnull=True, saved_by_id=user.pk, draft_key=draft_key)
    deleted, _ = found.delete()
    return bool(deleted)


@dataclass
class Autosaved:
    token: str
    message: str
    saved_at: datetime | None = None

    def as_json(self) -> dict:
        return {
            "token": self.token,
            "message": self.message,
            "saved_at": self.saved_at.isoformat() if self.saved_at else None,
        }


def saved_message(pending: PendingChange, *, live: bool) -> str:
    message = f"Saved to the server {time_label(pending.saved_at)}"
    return message + (", not published: readers still see the published version." if live else ".")


def changed_fields(form_class, data: dict[str, list[str]], article: Article) -> list[str]:
    """The fields where `data` differs from the saved article (as the form shows it)."""
    posted = as_query_dict(data)
    form = form_class(data=posted, instance=article)
    changed = []
    for name, field in form.fields.items():
        if name in NOT_KEPT or isinstance(field, forms.FileField):
            continue
        if field.widget.value_omitted_from_data(posted, {}, form.add_prefix(name)):
            continue  # not in the form it came from: the saved value stands
        # Not BoundField.has_changed(): for a field with a callable default it reads a hidden initial value
        # that a pending change does not keep.
        initial = form.get_initial_for_field(field, name)
        if isinstance(field, forms.CharField) and isinstance(initial, str):
            # As the posted text is: stripped of surrounding space, with LF line breaks.
            initial = field.to_python(lf_line_breaks(initial))
        if field.has_changed(initial, form[name].data):
            changed.append(name)
    return changed


def autosave(*, article_pk: int | None, user, posted: QueryDict, form_class, draft_key: str = "") -> Autosaved:
    """Keep the posted form as the pending change, unless it says nothing new; Conflict when it is stale."""
    data = form_values(posted, form_class)
    problem = size_problems(data)
    if problem:
        raise ValidationError(f"{problem} The text was not saved to the server.")
    token = posted.get("pending_token", "")
    with transaction.atomic():
        article = _lock_owner(article_pk=article_pk, user=user)
        if article is not None and posted.get("base_version", "") != str(article.version):
            raise Conflict(article_moved_on(article))
        try:
            current = check_token(
                article_pk=article_pk, user=user, token=token, posted=data, keep=PAGE_KEEPS, draft_key=draft_key
            )
        except ValidationError as error:
            raise Conflict(error.messages[0]) from None
        live = article is not None and article.is_published()
        if article is not None and not changed_fields(form_class, data, article):
            # Typed back to what is saved: nothing is waiting any more.
            if current is not None:
                current.delete()
                return Autosaved(token="", message="Saved to the server: the same as the article as saved.")
            return Autosaved(token=token, message="No changes to save yet.")
        if article is None and not any("".join(data.get(name, [])).strip() for name in NEW_ARTICLE_TEXT):
            return Autosaved(token=token, message="Nothing to save yet: give the article a title or some text.")
        if current is not None and current.data == data:
            return Autosaved(token=current.token, message=saved_message(current, live=live), saved_at=current.saved_at)
        pending = store(article=article, user=user, data=data, draft_key=draft_key)
    return Autosaved(token=pending.token, message=saved_message(pending, live=live), saved_at=pending.saved_at)


def article_moved_on(article: Article) -> str:
    latest = versions_of(article).first()
    revision = latest.revision if latest else None
    moment = revision.date_created if revision else article.updated_at
    return (
        f"Not saved to the server: {who(revision)} saved this article on {when(moment)}, after you opened it. "
        f"{PAGE_KEEPS}"
    )


def discard(*, article_pk: int | None, user, token, draft_key: str = "") -> PendingChange | None:
    """Drop the pending change this page showed, recorded in the article's revisions; None if there was none."""
    with transaction.atomic(), reversion.create_revision():
        article = _lock_owner(article_pk=article_pk, user=user)
        current = pending_for(article_pk=article_pk, user=user, draft_key=draft_key)
        if current is None:
            return None
        if (token or "") != current.token:
            raise ValidationError(
                f"Newer changes were saved to the server by {current.saved_by_name} on {when(current.saved_at)}, "
                "after you opened this page, so they were not discarded: reload the page to see them first."
            )
        current.delete()
        if article is not None:
            # The article as it stands, so its history shows when (and by whom) the changes were dropped.
            reversion.add_to_revision(article)
            reversion.set_user(user)
            reversion.set_comment(
                f"Discarded pending changes saved by {current.saved_by_name} on {when(current.saved_at)}."
            )
    return current


class PendingChangeFormMixin:
    """For the article's admin form: an unbound form shows the pending change, a save checks its token.

    The admin sets `pending` (the pending change, if any), `saves_pending` (whether this save only stores
    one: a published article saved without Publish changes), `draft_key` (a new article's form) and `user`.
    """

    pending: PendingChange | None = None
    saves_pending = False
    draft_key = ""
    # The token of the newer pending changes a refused save showed against the form.
    pending_seen = ""

    @cached_property
    def pending_initial(self) -> dict:
        if self.pending is None or self.is_bound:
            return {}
        posted = as_query_dict(self.pending.data)
        shown = {}
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if name in NOT_KEPT or isinstance(field, forms.FileField):
                continue
            if field.widget.value_omitted_from_data(posted, {}, key) or isinstance(field.widget, forms.CheckboxInput):
                continue
            shown[name] = field.widget.value_from_datadict(posted, {}, key)
        return shown

    def get_initial_for_field(self, field, field_name):
        if field_name == "pending_token":
            return self.pending.token if self.pending else ""
        if field_name == "draft_key":
            return self.draft_key
        if field_name in self.pending_initial:
            return self.pending_initial[field_name]
        return super().get_initial_for_field(field, field_name)

    def check_pending(self, cleaned: dict) -> None:
        """Refuse what a pending save cannot keep, and any save over newer pending changes.

        A save refused for newer pending changes shows them against the form, and the form comes back having seen
        them (`pending_seen`): saving it again replaces them, unless newer ones still came in between.
        """
        if self.saves_pending:
            for name in ("status", "publish_date"):
                if name in self.fields and name in self.changed_data:
                    self.add_error(name, STATE_WAITS)
            for name, field in self.fields.items():
                if isinstance(field, forms.FileField) and name in self.changed_data:
                    self.add_error(name, FILES_WAIT)
        current = pending_for(article_pk=self.instance.pk, user=self.user, draft_key=self.draft_key)
        if current is not None and self.data.get("pending_seen") == current.token:
            return
        try:
            check_token(
                article_pk=self.instance.pk,
                user=self.user,
                token=cleaned.get("pending_token"),
                posted=form_values(self.data, type(self)),
                keep=FORM_KEEPS,
                draft_key=self.draft_key,
            )
        except ValidationError as error:
            if current is None:
                self.add_error(None, error)
            else:
                self._show_pending_conflict(current)

    def _show_pending_conflict(self, current: PendingChange) -> None:
        theirs = type(self)(data=as_query_dict(current.data), instance=self.instance)
        self.conflicted = True
        self.pending_seen = current.token
        self.conflict_diffs = form_text_diffs(self, list(self.fields), theirs=theirs)
        self.conflict_also = [
            str(field.label or name)
            for name, field in self.fields.items()
            if name not in NOT_KEPT
            and not field.widget.is_hidden
            and not isinstance(field.widget, TEXT_WIDGETS)
            and not isinstance(field, forms.FileField)
            and str(theirs[name].data) != str(self[name].data)
        ]
        self.add_error(None, conflict_message(current, keep=FORM_SHOWS_THEIRS))


def text_diffs(form_class, pending: PendingChange, article: Article, names: list[str]) -> list[FieldDiff]:
    """Line-by-line differences of the changed text fields: the saved article's lines against the pending ones."""
    return form_text_diffs(form_class(data=as_query_dict(pending.data), instance=article), names)


def form_text_diffs(
    form: forms.ModelForm, names: list[str], *, theirs: forms.ModelForm | None = None
) -> list[FieldDiff]:
    """Line-by-line differences of the text fields among `names` that the bound form holds otherwise than its
    article as saved (or than the form `theirs`): the saved lines (or theirs) against the form's."""
    diffs = []
    for name in names:
        field = form.fields[name]
        if not isinstance(field.widget, TEXT_WIDGETS):
            continue
        if theirs is None:
            saved = str(field.widget.format_value(form.get_initial_for_field(field, name)) or "")
        else:
            saved = str(theirs[name].data or "")
        waiting = str(form[name].data or "")
        if saved.splitlines() == waiting.splitlines():
            continue
        label = str(field.label or name)
        diffs.append(FieldDiff(name=name, label=label, rows=diff_lines(saved, waiting)))
    return diffs


@dataclass
class ChangesPreview:
    article: Article
    refused: list[str]  # labels of fields whose pending value a save would refuse: shown as saved
    unshown: list[str]  # labels of changed fields that are not the article's own columns (tags…): shown as saved


def preview_of(*, form_class, pending: PendingChange, article: Article) -> ChangesPreview:
    """The article as its pending change would make it, for its writer's eyes only: never saved.

    Each changed column of the article takes the pending value, and the body is rendered as saving renders it.
    A value the form would refuse, and what is not a column (tags, a call to action written in place, a hero
    picked from the library), stay as saved: only a save of the whole form checks and makes them.
    """
    form = form_class(data=as_query_dict(pending.data), instance=article)
    columns = {field.name for field in Article._meta.concrete_fields if field.editable}
    refused, unshown = [], []
    for name in changed_fields(form_class, pending.data, article):
        field = form.fields[name]
        label = str(field.label or name)
        if name not in columns:
            unshown.append(label)
            continue
        try:
            value = field.clean(form[name].data)
            article._meta.get_field(name).clean(value, article)
        except ValidationError:
            refused.append(label)
            continue
        setattr(article, name, value)
    article.refresh_rendering()
    return ChangesPreview(article=article, refused=refused, unshown=unshown)
