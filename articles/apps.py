from django.apps import AppConfig
from django.core import checks
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Publishing"

    def ready(self):
        from .case_folding import add_sqlite_function, register_lookup
        from .search_index import check_search_index, rebuild_after_migrate
        from .triggers import install_after_migrate
        from .workflow import sync_roles_after_migrate

        # The content triggers come back after every migrate: SQLite loses them when a migration rebuilds a table.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="articles.install_triggers")
        # Keeps the Writers and Editors groups in step with workflow.ROLE_PERMISSIONS on every migrate.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="articles.sync_roles")
        # Keeps the search index built for the language search reads in.
        post_migrate.connect(rebuild_after_migrate, sender=self, dispatch_uid="articles.search_index")
        checks.register(check_search_index, checks.Tags.database)
        register_lookup()
        connection_created.connect(add_sqlite_function, dispatch_uid="articles.case_folding")
