from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Publishing"

    def ready(self):
        from . import page_cache
        from .models import Article, Author, CallToAction, Tag, TagListing
        from .workflow import sync_roles_after_migrate

        # Anything a reader's page shows: a change to it starts a new page-cache generation.
        for model in (Article, Author, Tag, CallToAction):
            post_save.connect(page_cache.invalidate, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
            post_delete.connect(page_cache.invalidate, sender=model, dispatch_uid=f"page-cache-del-{model.__name__}")
        for through in (Article.tags.through, Article.translations.through):
            m2m_changed.connect(
                page_cache.invalidate, sender=through, dispatch_uid=f"page-cache-m2m-{through.__name__}"
            )
        # A tag's page reads its articles from TagListing: it follows every change to an article and its tags.
        post_save.connect(TagListing.article_saved, sender=Article, dispatch_uid="tag-listing-article")
        m2m_changed.connect(TagListing.tags_changed, sender=Article.tags.through, dispatch_uid="tag-listing-tags")
        # Keeps the Writers and Editors groups in step with workflow.ROLE_PERMISSIONS on every migrate.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="articles.sync_roles")
