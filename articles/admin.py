from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from .images import ImageRejected, read_upload
from .models import Article, Author, CallToAction, Tag


class CheckedImageField(forms.ImageField):
    """Folio's image checks, with their reasons, before Django's generic "Upload a valid image"."""

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            try:
                read_upload(data)
            except ImageRejected as error:
                raise ValidationError(str(error)) from None
        return super().to_python(data)


# Editors often type "example.com"; read it as https, as Django 6 will.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
IMAGE_FIELDS = {models.ImageField: {"form_class": CheckedImageField}}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = {**URL_FIELDS, **IMAGE_FIELDS, MarkdownxField: {"widget": AdminMarkdownxWidget}}
    list_display = ("title", "author", "status_label", "publish_date", "read_time_shown", "site_link")
    list_filter = ("status", "author", "tags")
    list_select_related = ("author",)
    search_fields = ("title", "subtitle", "description", "body")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("author", "call_to_action", "tags")
    date_hierarchy = "publish_date"
    readonly_fields = ("word_count", "read_time_shown", "updated_at")
    actions = ("publish", "unpublish")
    fieldsets = (
        (None, {"fields": ("title", "slug", "subtitle", "description", "author", "body")}),
        ("Hero image", {"fields": ("hero_image", "hero_image_url", "hero_image_alt")}),
        (
            "Publishing",
            {
                "fields": (
                    "status",
                    "publish_date",
                    "created_date",
                    "read_time",
                    "read_time_shown",
                    "word_count",
                    "updated_at",
                )
            },
        ),
        ("Call to action", {"fields": ("call_to_action",)}),
        ("Tags", {"fields": ("tags",)}),
    )

    class Media:
        js = ("admin/js/folio-editor.js",)

    @admin.display(description="Status", ordering="status")
    def status_label(self, article):
        if article.is_scheduled():
            return "Scheduled"
        return article.get_status_display()

    @admin.display(description="Read time", ordering="read_time_minutes")
    def read_time_shown(self, article):
        return article.read_time_label

    @admin.display(description="On site")
    def site_link(self, article):
        label = "View" if article.is_published() else "Preview"
        return format_html('<a href="{}">{}</a>', article.get_absolute_url(), label)

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish(self, request, queryset):
        changed = 0
        with transaction.atomic():
            for article in queryset.exclude(status=Article.Status.PUBLISHED, publish_date__isnull=False):
                article.status = Article.Status.PUBLISHED
                article.publish_date = article.publish_date or timezone.now()
                article.save()
                changed += 1
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", changed) % changed,
            messages.SUCCESS,
        )

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        changed = 0
        with transaction.atomic():
            for article in queryset.filter(status=Article.Status.PUBLISHED):
                article.status = Article.Status.DRAFT
                article.save()
                changed += 1
        self.message_user(
            request,
            ngettext("%d article moved back to draft.", "%d articles moved back to draft.", changed) % changed,
            messages.SUCCESS,
        )


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    formfield_overrides = {**URL_FIELDS, **IMAGE_FIELDS}
    list_display = ("name", "slug", "website")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(CallToAction)
class CallToActionAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ("name", "is_default", "button")
    list_filter = ("is_default",)
    search_fields = ("name", "text")

    @admin.display(description="Button")
    def button(self, call_to_action):
        if not call_to_action.button_label:
            return "—"
        return f"{call_to_action.button_label} → {call_to_action.button_url}"
