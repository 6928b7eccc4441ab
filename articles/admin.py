from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.translation import ngettext
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from reversion import set_comment
from reversion.admin import VersionAdmin

from . import (
    form_inputs,
    revisions,
    stored_pages,
    webhook_admin,  # noqa: F401  (registers the webhooks' pages)
    workflow,
)
from .admin_forms import ArticleAdminForm, AuthorAdminForm, CheckedImageField
from .admin_lists import ArticleChangeList, SearchPaginator, StateFilter, TagFilter, article_slug_in_address
from .admin_site import SelectionOfIdsMixin
from .models import ApiKey, Article, Author, CallToAction, OldAddress, ShareLink, Tag
from .pending_admin import PendingChangesAdmin
from .triggers import hold_content_lock
from .unreachable_links import unreachable_links, unreachable_links_of_each

SHARE_LINK_DAYS = (1, 7, 30)

# Editors often type "example.com"; read it as https, as Django 6 will.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
IMAGE_FIELDS = {models.ImageField: {"form_class": CheckedImageField}}
DATE_FIELDS = {
    models.DateTimeField: {"form_class": form_inputs.DateAndTimeField, "widget": form_inputs.DateAndTimeWidget}
}


class AutocompleteOfIdsMixin:
    """Autocomplete boxes that show the form again, with an error, after a posted value that is no row's id."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = form_inputs.AutocompleteSelectOfIds(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Article)
class ArticleAdmin(SelectionOfIdsMixin, AutocompleteOfIdsMixin, PendingChangesAdmin, VersionAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    formfield_overrides = {
        **URL_FIELDS,
        **IMAGE_FIELDS,
        **DATE_FIELDS,
        MarkdownxField: {"widget": AdminMarkdownxWidget},
    }
    list_display = ("title", "author", "status_label", "date_shown", "read_time_shown", "site_link")
    list_filter = (StateFilter, "author", TagFilter)
    list_select_related = ("author",)
    # Counting every article again for "N total" is a second full count on each page.
    show_full_result_count = False
    # Each row costs Django's admin about a millisecond to draw (its checkbox alone is a rendered widget):
    # fifty a page instead of a hundred keeps the list well under 200 ms at any size.
    list_per_page = 50
    # Not the bodies: a substring match over every body reads the whole table (seconds at 100,000
    # articles). The site's search covers bodies, through its full-text index. On PostgreSQL these three
    # have trigram indexes (migration 0007), and SearchPaginator bounds the count. Any case, as the site's search
    # (articles/case_folding.py): "élan" finds "Élan" on SQLite too.
    search_fields = ("title__contains_any_case", "subtitle__contains_any_case", "description__contains_any_case")
    search_help_text = "Words from a title, subtitle or description, or an article's slug or address from the site."
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("author", "call_to_action", "tags")
    date_hierarchy = "publish_date"
    readonly_fields = ("word_count", "updated_at")
    actions = ("submit_for_review", "publish", "unpublish")
    history_latest_first = True
    fieldsets = (
        (None, {"fields": ("base_version", "title", "slug", "subtitle", "description", "author", "body")}),
        ("Hero image", {"fields": ("hero_image", "hero_image_stored", "hero_image_url", "hero_image_alt")}),
        (
            "Publishing",
            {
                "fields": (
                    "status",
                    "publish_date",
                    "created_date",
                    "read_time",
                    "canonical_url",
                    "word_count",
                    "updated_at",
                )
            },
        ),
        ("Call to action", {"fields": ("call_to_action",)}),
        (
            "Write a new call to action",
            {
                "classes": ("collapse",),
                "fields": form_inputs.WRITTEN_CTA_FIELDS,
                "description": form_inputs.WRITTEN_CTA_HELP,
            },
        ),
        ("Tags", {"fields": ("tags",)}),
    )

    class Media:
        js = (
            "easymde/easymde.min.js",
            "admin/js/folio-body-editor.js",
            "admin/js/folio-editor.js",
            "admin/js/folio-backup.js",
            "admin/js/folio-seo.js",
            "admin/js/folio-writing.js",
            "admin/js/folio-form.js",
            "admin/js/folio-images.js",
            "admin/js/folio-links.js",
            "admin/js/folio-schedule.js",
            "admin/js/folio-autosave.js",
        )
        css = {
            "all": (
                "easymde/easymde.min.css",
                "admin/css/folio-admin.css",
                "admin/css/folio-body-editor.css",
                "admin/css/folio-pending.css",
            )
        }

    # Permissions: the server decides, whatever the page shows.

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_publish_permission(self, request):
        return workflow.is_editor(request.user)

    def get_readonly_fields(self, request, obj=None):
        if workflow.is_editor(request.user):
            return self.readonly_fields
        return (*self.readonly_fields, "publish_date")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # A page only to read: the form's own inputs (a new call to action, the lock's version) hold nothing to
        # show, and a section whose fields are all empty for this article would show only dashes.
        shown = []
        for name, options in fieldsets:
            fields = [field for field in options["fields"] if self._is_shown_read_only(obj, field)]
            if fields:
                shown.append((name, {**options, "fields": tuple(fields)}))
        return shown

    def _is_shown_read_only(self, article: Article, name: str) -> bool:
        if name in self.readonly_fields:
            return True
        try:
            field = Article._meta.get_field(name)
        except FieldDoesNotExist:
            return False  # an input of the form, not a part of the article
        value = getattr(article, name)
        if field.many_to_many:
            return value.exists()
        if isinstance(value, FieldFile):
            return bool(value)  # a file field with no file
        return value not in (None, "")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self._say_when_scheduled(request, obj)
        self._warn_of_unreachable_links(request, obj)
        return response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self._say_when_scheduled(request, obj)
        self._warn_of_unreachable_links(request, obj)
        return response

    def _warn_of_unreachable_links(self, request, article):
        # Changes kept apart from a live article (pending_admin.py) are not in its stored HTML: their body is
        # rendered as the form's check rendered it.
        kept_apart = getattr(request, "_folio_saved_pending", None)
        body_html = article.rendered_body().html if kept_apart else article.body_html
        for link in unreachable_links(article=article, body_html=body_html):
            self.message_user(request, link.message, messages.WARNING)

    def _say_when_scheduled(self, request, article):
        # The button said "Schedule for …"; "changed successfully" alone would leave the editor to check the date.
        if article.is_scheduled():
            moment = dateformat.format(timezone.localtime(article.publish_date), "j F Y, H:i")
            self.message_user(
                request, f"Scheduled: readers see it from {moment} ({timezone.get_current_timezone_name()})."
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not form.saves_pending and article.is_published():
            # The pages this save changed are built now, not by the first reader after it.
            stored_pages.rebuild_after_response(
                request,
                article.get_absolute_url(),
                reverse("articles:home"),
                article.author.get_absolute_url(),
                *(tag.get_absolute_url() for tag in article.tags.all()),
                reverse("articles:feed"),
            )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = form_inputs.TagsWidget(db_field, self.admin_site, using=kwargs.get("using"))
            kwargs.update(form_class=form_inputs.TagsField, help_text=form_inputs.TAGS_HELP)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not workflow.is_editor(request.user) and workflow.author_id_of(request.user):
            initial.setdefault("author", workflow.author_id_of(request.user))
        return initial

    # The changelist.

    @admin.display(description="Status", ordering="status")
    def status_label(self, article):
        return article.state_label

    @admin.display(description="Date", ordering="publish_date")
    def date_shown(self, article):
        # Short, and breaking only between the day and the time, so the list keeps every column in view at 1280 px.
        if article.publish_date is None:
            return "—"
        moment = timezone.localtime(article.publish_date)
        day = dateformat.format(moment, "j M Y").replace(" ", "\N{NO-BREAK SPACE}")
        return format_html('<time datetime="{}">{}, {}</time>', moment.isoformat(), day, f"{moment:%H:%M}")

    @admin.display(description="Read time", ordering="read_time_minutes")
    def read_time_shown(self, article):
        return article.read_time_label or self.get_empty_value_display()

    @admin.display(description="On site")
    def site_link(self, article):
        label = "View" if article.is_published() else "Preview"
        return format_html('<a href="{}">{}</a>', article.get_absolute_url(), label)

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_search_results(self, request, queryset, search_term):
        # Editors copy addresses from the site: an article's address finds that article (its slug, through
        # the unique index), and a bare slug finds it beside the word matches.
        slug = article_slug_in_address(search_term)
        if slug is not None:
            return queryset.filter(slug=slug), False
        matches, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term and " " not in term:
            matches |= queryset.filter(slug=term)
        return matches, may_have_duplicates

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = SearchPaginator if request.GET.get(SEARCH_VAR, "").strip() else Paginator
        return paginator(queryset, per_page, orphans, allow_empty_first_page)

    def changelist_view(self, request, extra_context=None):
        context = {
            "review_count": Article.objects.filter(status=Article.Status.REVIEW).count(),
            "can_recover": self.has_delete_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    # Bringing back a deleted article is for those who may delete one: editors.

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    # Actions run inside VersionAdmin's revision, so each one is recorded with its user and a note.

    def move_articles(self, request, articles, *, status, comment, message, set_date=False) -> list[Article]:
        """Give each article a new status through save(), in one transaction, say how many moved and return them."""
        moved = []
        with transaction.atomic():
            hold_content_lock()
            for article in articles.select_for_update():
                article.status = status
                if set_date:
                    article.publish_date = article.publish_date or timezone.now()
                article.save()
                moved.append(article)
        set_comment(comment)
        self.message_user(request, ngettext(*message, len(moved)) % len(moved), messages.SUCCESS)
        return moved

    @admin.action(description="Submit selected drafts for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        own = [a.pk for a in queryset.filter(status=Article.Status.DRAFT) if workflow.can_edit(request.user, a)]
        self.move_articles(
            request,
            queryset.filter(pk__in=own, status=Article.Status.DRAFT),
            status=Article.Status.REVIEW,
            comment="Submitted for review.",
            message=("%d article submitted for review.", "%d articles submitted for review."),
        )

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish(self, request, queryset):
        published = self.move_articles(
            request,
            queryset.exclude(status=Article.Status.PUBLISHED, publish_date__isnull=False),
            status=Article.Status.PUBLISHED,
            set_date=True,
            comment="Published.",
            message=("%d article published.", "%d articles published."),
        )
        # Checked once all are moved, so a link between two articles published together counts as reachable.
        bodies = [(article, article.body_html) for article in published]
        for article, links in zip(published, unreachable_links_of_each(bodies=bodies), strict=True):
            if links:
                named = "; ".join(f"{link.address} ({link.reason})" for link in links)
                count = ngettext("%d link leads", "%d links lead", len(links)) % len(links)
                self.message_user(request, f"In “{article}”, {count} nowhere yet: {named}.", messages.WARNING)

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self.move_articles(
            request,
            queryset.filter(status=Article.Status.PUBLISHED),
            status=Article.Status.DRAFT,
            comment="Unpublished: back to draft.",
            message=("%d article moved back to draft.", "%d articles moved back to draft."),
        )

    # The change page: revisions and share links below the form.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/compare/<int:version_id>/",
                view(self.compare_view),
                name="articles_article_compare",
            ),
            path("<path:object_id>/share/", view(self.share_create_view), name="articles_article_share"),
            path(
                "<path:object_id>/share/<int:link_id>/revoke/",
                view(self.share_revoke_view),
                name="articles_article_share_revoke",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if article is not None:
            context.update(
                revisions=[
                    (version, reverse("admin:articles_article_compare", args=[article.pk, version.pk]))
                    for version in revisions.versions_of(article)[:20]
                ],
                share_links=article.share_links.select_related("created_by")[:20],
                can_share=self.has_publish_permission(request),
                share_days=SHARE_LINK_DAYS,
            )
        return super().change_view(request, object_id, form_url, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # reversion's own revert would bring the lock counter back with the old fields; compare and restore instead.
        return HttpResponseRedirect(reverse("admin:articles_article_compare", args=[object_id, version_id]))

    def _article_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        return article

    def _change_url(self, article, anchor=""):
        return reverse("admin:articles_article_change", args=[article.pk]) + anchor

    def compare_view(self, request, object_id, version_id):
        article = self._article_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(revisions.versions_of(article), pk=version_id)
        can_restore = self.has_change_permission(request, article)
        if request.method == "POST":
            if not can_restore:
                raise PermissionDenied
            note = revisions.deleted_since_note(version)
            try:
                revisions.restore(
                    article_pk=article.pk,
                    version=version,
                    user=request.user,
                    base_version=request.POST.get("base_version"),
                    keep_author=not workflow.is_editor(request.user),
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(
                request, f"The revision was restored and saved as a new revision.{note}", messages.SUCCESS
            )
            return HttpResponseRedirect(self._change_url(article))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Compare a revision of “{article}” with the current text",
            "version": version,
            "revision_author": revisions.who(version.revision),
            "revision_time": revisions.when(version.revision.date_created),
            "diffs": revisions.compare(version, article),
            "can_restore": can_restore,
        }
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def share_create_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        if request.method != "POST" or not self.has_publish_permission(request):
            raise PermissionDenied
        days = next((days for days in SHARE_LINK_DAYS if str(days) == request.POST.get("days")), 7)
        link = ShareLink.objects.create(
            article=article, created_by=request.user, expires_at=timezone.now() + timedelta(days=days)
        )
        self.message_user(request, f"Share link created: {link.absolute_url()}", messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(article, "#share-links"))

    def share_revoke_view(self, request, object_id, link_id):
        article = self._article_or_404(request, object_id)
        if request.method != "POST" or not self.has_publish_permission(request):
            raise PermissionDenied
        link = get_object_or_404(article.share_links, pk=link_id)
        if link.revoked_at is None:
            link.revoked_at = timezone.now()
            link.save(update_fields=["revoked_at"])
        self.message_user(request, "The share link was revoked: it no longer opens the article.", messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(article, "#share-links"))


@admin.register(Author)
class AuthorAdmin(SelectionOfIdsMixin, admin.ModelAdmin):
    form = AuthorAdminForm
    formfield_overrides = {**URL_FIELDS, **IMAGE_FIELDS}
    list_display = ("name", "slug", "user", "website")
    list_select_related = ("user",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(SelectionOfIdsMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "article_list")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    @admin.display(description="Articles")
    def article_list(self, tag):
        url = reverse("admin:articles_article_changelist") + f"?{TagFilter.parameter_name}={tag.pk}"
        return format_html('<a href="{}">Articles tagged “{}”</a>', url, tag.name)


@admin.register(CallToAction)
class CallToActionAdmin(SelectionOfIdsMixin, admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ("name", "is_default", "button")
    list_filter = ("is_default",)
    search_fields = ("name", "text")

    @admin.display(description="Button")
    def button(self, call_to_action):
        if not call_to_action.button_label:
            return "—"
        return f"{call_to_action.button_label} → {call_to_action.button_url}"


@admin.register(OldAddress)
class OldAddressAdmin(SelectionOfIdsMixin, AutocompleteOfIdsMixin, admin.ModelAdmin):
    """The old site's paths, each redirecting to its article while that is published.

    Its own list rather than an inline on the article, so the article form (and every script posting it)
    stays as it is.
    """

    list_display = ("path", "article")
    list_select_related = ("article",)
    search_fields = ("path", "article__title", "article__slug")
    autocomplete_fields = ("article",)


@admin.register(ApiKey)
class ApiKeyAdmin(SelectionOfIdsMixin, admin.ModelAdmin):
    list_display = ("name", "prefix", "created_at", "revoked")
    fields = ("name", "revoked", "prefix", "created_at")
    readonly_fields = ("prefix", "created_at")

    def save_model(self, request, obj, form, change):
        key = None if change else obj.set_new_key()
        super().save_model(request, obj, form, change)
        if key:
            # Only the digest is kept: this message is the one time anyone sees the key.
            messages.warning(request, f"The new key for “{obj.name}” is {key} — copy it now: it is not shown again.")
