"""The article admin's side of pending changes (articles/pending.py): autosave, Publish changes, Discard changes.

On a published article the form's save keeps the changes apart (readers see nothing new) unless it is the
"Publish changes" button, an editor's; on any other article a save applies the form and clears what waited.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from reversion import is_active, set_comment

from . import pending, views

PUBLISH_BUTTON = "_publish"


class PendingChangesAdmin:
    """Mixed into ArticleAdmin, before VersionAdmin."""

    def _admin_url(self, name: str, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def _draft_key(self, request, *, fresh: bool = False) -> str:
        """The new-article form this request is about: the key it sends, or (`fresh`) a new one for an add page.

        A request that sends none, or one not of ours, is about the keyless slot, where older pages kept their text.
        """
        if not hasattr(request, "_folio_draft_key"):
            given = request.POST.get("draft_key") if request.method == "POST" else request.GET.get("draft")
            if pending.is_draft_key(given):
                request._folio_draft_key = given
            else:
                request._folio_draft_key = pending.new_draft_key() if fresh else ""
        return request._folio_draft_key

    def _with_draft(self, url: str, draft_key: str) -> str:
        return f"{url}?{urlencode({'draft': draft_key})}"

    def get_urls(self):
        view = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("autosave/", view(self.autosave_view), name=f"{prefix}_autosave_new"),
            path("discard-changes/", view(self.discard_changes_view), name=f"{prefix}_discard_new"),
            path("<path:object_id>/autosave/", view(self.autosave_view), name=f"{prefix}_autosave"),
            path("<path:object_id>/preview/", view(self.preview_view), name=f"{prefix}_preview"),
            path(
                "<path:object_id>/discard-changes/", view(self.discard_changes_view), name=f"{prefix}_discard_changes"
            ),
            *super().get_urls(),
        ]

    def get_fieldsets(self, request, obj=None):
        (name, options), *others = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            return [(name, options), *others]
        # The pending change's token travels in the form, beside the article's version; a new article's form
        # carries its draft key too.
        hidden = ("pending_token",) if obj is not None else ("pending_token", "draft_key")
        return [(name, {**options, "fields": (*hidden, *options["fields"])}), *others]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        live = obj is not None and obj.is_published()
        draft_key = self._draft_key(request, fresh=request.method == "GET") if obj is None else ""
        attributes = {
            "pending": pending.pending_for(article_pk=obj.pk if obj else None, user=request.user, draft_key=draft_key),
            "draft_key": draft_key,
            "article_is_live": live,
            "saves_pending": live and request.method == "POST" and PUBLISH_BUTTON not in request.POST,
        }
        return type(form.__name__, (form,), attributes)

    # A save of the form: on a live article, only Publish changes reaches the article.

    def save_model(self, request, obj, form, change):
        if form.saves_pending:
            data = pending.form_values(request.POST, type(form))
            saved = type(obj).objects.get(pk=obj.pk)  # `obj` holds the form's values by now
            if pending.changed_fields(type(form), data, saved):
                pending.store(article=saved, user=request.user, data=data)
                request._folio_saved_pending = "stored"
            else:
                pending.drop(article=saved, user=request.user)
                request._folio_saved_pending = "same"
            return
        super().save_model(request, obj, form, change)
        request._folio_applied_pending = pending.drop(
            article=obj if change else None, user=request.user, draft_key=form.draft_key
        )

    def save_related(self, request, form, formsets, change):
        if not form.saves_pending:
            super().save_related(request, form, formsets, change)

    def log_change(self, request, obj, message):
        if getattr(request, "_folio_saved_pending", False):
            return None
        entry = super().log_change(request, obj, message)
        if PUBLISH_BUTTON in request.POST and getattr(request, "_folio_applied_pending", False) and is_active():
            set_comment(f"Published pending changes. {entry.get_change_message()}".strip())
        return entry

    def response_change(self, request, obj):
        saved_pending = getattr(request, "_folio_saved_pending", None)
        if saved_pending == "same":
            self.message_user(request, "Nothing waits to be published: the form is the same as the published article.")
            return HttpResponseRedirect(request.path)
        if saved_pending:
            self.message_user(
                request,
                "Saved without publishing: readers still see the published version. "
                "Publish changes when they are ready, or discard them.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        if PUBLISH_BUTTON in request.POST and obj.is_published():
            self.message_user(request, f"The changes to “{obj}” are published: readers see them now.", messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    # The form page: the pending change shown, and where autosave sends the form.

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        can_edit = self.has_add_permission(request) if obj is None else self.has_change_permission(request, obj)
        live = getattr(form, "article_is_live", False)
        context["folio_live"] = live and can_edit
        context["folio_can_publish"] = self.has_publish_permission(request)
        if can_edit and settings.AUTOSAVE_IDLE_MS > 0:
            context["folio_autosave"] = {
                "url": self._admin_url("autosave", obj.pk)
                if obj
                else self._with_draft(self._admin_url("autosave_new"), form.draft_key),
                "idle_ms": settings.AUTOSAVE_IDLE_MS,
                "max_wait_ms": max(settings.AUTOSAVE_MAX_WAIT_MS, settings.AUTOSAVE_IDLE_MS),
                "live": live,
            }
        if obj is not None:
            context["folio_published"] = obj.is_published()
            if can_edit:
                context["folio_preview_url"] = self._admin_url("preview", obj.pk)
        waiting = getattr(form, "pending", None)
        if can_edit and waiting is not None:
            context["folio_pending"] = self._pending_context(request, waiting, obj, live=live)
        if obj is None and can_edit:
            # The writer's other new articles, each in a form of its own: this one starts afresh.
            context["folio_other_drafts"] = self._drafts_in_progress(request, but=form.draft_key)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _pending_context(self, request, waiting, article, *, live: bool) -> dict:
        shown = {
            "change": waiting,
            "live": live,
            "discard_url": self._admin_url("discard_changes", article.pk)
            if article
            else self._admin_url("discard_new"),
            "draft_key": "" if article else waiting.draft_key,
        }
        if article is not None:
            # The article as saved: the form class of a GET, so that it compares with the saved values.
            form_class = self.get_form(request, article, change=True)
            names = pending.changed_fields(form_class, waiting.data, article)
            fields = form_class.base_fields
            shown["changed"] = [str(fields[name].label or name) for name in names]
            shown["diffs"] = pending.text_diffs(form_class, waiting, article, names)
            shown["stale"] = waiting.based_on_version != article.version
        return shown

    def _drafts_in_progress(self, request, *, but: str | None = None) -> list[tuple]:
        """This person's new articles in progress, with the address of each one's own form."""
        add = self._admin_url("add")
        return [
            (draft, self._with_draft(add, draft.draft_key))
            for draft in pending.new_articles_in_progress(user=request.user)
            if draft.draft_key != but
        ]

    def changelist_view(self, request, extra_context=None):
        # On another device, the way back to new articles that are not articles yet.
        waiting = self._drafts_in_progress(request) if self.has_add_permission(request) else []
        context = {"new_articles_in_progress": waiting, **(extra_context or {})}
        return super().changelist_view(request, context)

    # Autosave and Discard changes.

    def _article_for(self, request, object_id):
        """The article at `object_id` (None for a new one) and whether this person may edit it."""
        if object_id is None:
            return None, self.has_add_permission(request)
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article: it may have been deleted.")
        return article, self.has_change_permission(request, article)

    def autosave_view(self, request, object_id=None):
        if request.method not in ("GET", "POST"):
            return JsonResponse({"error": "Autosave takes the article form, sent with POST."}, status=405)
        try:
            article, allowed = self._article_for(request, object_id)
        except Http404 as error:
            return JsonResponse({"error": str(error)}, status=404)
        if not allowed:
            return JsonResponse({"error": "You may not edit this article."}, status=403)
        if request.method == "GET":
            # A page just opened asks whether newer text arrived after it was drawn: the page it replaced (a
            # reload) sends its last words as it goes, and they can reach the server second.
            draft_key = self._draft_key(request) if article is None else ""
            latest = pending.latest_token(
                article_pk=article.pk if article else None, user=request.user, draft_key=draft_key
            )
            return JsonResponse({"token": latest})
        form_class = self.get_form(request, article, change=article is not None)
        try:
            saved = pending.autosave(
                article_pk=article.pk if article else None,
                user=request.user,
                posted=request.POST,
                form_class=form_class,
                draft_key=self._draft_key(request) if article is None else "",
            )
        except pending.Conflict as error:
            return JsonResponse({"error": str(error)}, status=409)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        return JsonResponse(saved.as_json())

    def preview_view(self, request, object_id):
        """The article's page as its pending change would make it (or as saved, when nothing waits), for the
        people who may edit it: what they typed, before it is saved or published."""
        article, allowed = self._article_for(request, object_id)
        if not allowed:
            raise PermissionDenied
        waiting = pending.pending_for(article_pk=article.pk, user=request.user)
        if waiting is None:
            shown = pending.ChangesPreview(article=article, refused=[], unshown=[])
        else:
            form_class = self.get_form(request, article, change=True)
            shown = pending.preview_of(form_class=form_class, pending=waiting, article=article)
        page = views.ChangesPreviewView.as_view(
            preview=shown, pending=waiting, form_url=self._admin_url("change", article.pk)
        )
        return page(request)

    def discard_changes_view(self, request, object_id=None):
        article, allowed = self._article_for(request, object_id)
        if request.method != "POST" or not allowed:
            raise PermissionDenied
        draft_key = self._draft_key(request) if article is None else ""
        back = self._admin_url("change", article.pk) if article else self._admin_url("add")
        try:
            dropped = pending.discard(
                article_pk=article.pk if article else None,
                user=request.user,
                token=request.POST.get("pending_token"),
                draft_key=draft_key,
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            # Back to the form whose newer text was kept.
            return HttpResponseRedirect(back if article else self._with_draft(back, draft_key))
        if dropped is None:
            self.message_user(request, "There were no pending changes to discard.", messages.INFO)
        elif article is not None:
            self.message_user(request, "The pending changes were discarded: the form shows the article as saved.")
        else:
            self.message_user(request, "The new article in progress was discarded.")
        return HttpResponseRedirect(back)
