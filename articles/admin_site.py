"""Folio's admin site: Django's, named for the publication, with a dashboard as its home page."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils import timezone

DASHBOARD_ROWS = 8


class FolioAdminSite(admin.AdminSite):
    site_title = "Folio"
    index_title = "Dashboard"

    @property
    def site_header(self):
        return settings.SITE_NAME

    def index(self, request, extra_context=None):
        return super().index(request, extra_context={**dashboard(request.user), **(extra_context or {})})


class SelectionOfIdsMixin:
    """A bulk action posted with a selection that holds something other than ids (a hand-made or mangled form)
    answers with a message naming it, as Django answers an empty selection, rather than with a server error."""

    def response_action(self, request, queryset):
        key = self.model._meta.pk
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            try:
                key.to_python(value)
            except ValidationError:
                name = self.model._meta.verbose_name_plural
                problem = f"Nothing was done: “{value[:40]}” in the selection is not one of the {name}."
                self.message_user(request, problem, messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


def dashboard(user) -> dict:
    """What waits for this person: their drafts, articles in review (for editors), scheduled and recent ones."""
    # Imported here: this module is loaded with the app registry, before any model can be.
    from . import workflow
    from .models import Article

    if not user.has_perm("articles.view_article"):
        return {"panels": []}
    articles = Article.objects.select_related("author").only(
        "title", "status", "publish_date", "updated_at", "author__name"
    )
    now = timezone.now()
    panels = []
    author_id = workflow.author_id_of(user)
    if author_id is not None:
        drafts = articles.filter(status=Article.Status.DRAFT, author_id=author_id).order_by("-updated_at")
        panels.append(("My drafts", "Nothing in draft.", list(drafts[:DASHBOARD_ROWS])))
    if workflow.is_editor(user):
        waiting = articles.filter(status=Article.Status.REVIEW).order_by("updated_at")
        panels.append(("Waiting for review", "Nothing waits for review.", list(waiting[:DASHBOARD_ROWS])))
    scheduled = articles.scheduled().order_by("publish_date")
    panels.append(("Scheduled", "Nothing is scheduled.", list(scheduled[:DASHBOARD_ROWS])))
    recent = articles.published(now=now).order_by("-publish_date")
    panels.append(("Recently published", "Nothing is published yet.", list(recent[:DASHBOARD_ROWS])))
    return {"panels": panels}


class FolioAdminConfig(AdminConfig):
    default_site = "articles.admin_site.FolioAdminSite"
