"""Who may do what with an article: the two roles and the rules the admin enforces.

Writers create articles and edit their own drafts; editors do everything, including publishing.
"Editor" is decided by the `publish_article` permission, so a superuser or a user given that
permission directly counts as one too.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

from .models import Article, Author

WRITERS = "Writers"
EDITORS = "Editors"

_EDITOR_MODELS = ("article", "author", "tag", "calltoaction", "sharelink", "oldaddress")
ROLE_PERMISSIONS = {
    WRITERS: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        # Picking an author, tags and a call to action in the article form needs to see them. Writers add new tags
        # and calls to action only through that form, on save (form_inputs.py): not on the tags' own pages.
        "articles.view_author",
        "articles.view_tag",
        "articles.view_calltoaction",
    ],
    EDITORS: [
        *(f"articles.{action}_{model}" for model in _EDITOR_MODELS for action in ("add", "change", "delete", "view")),
        "articles.publish_article",
    ],
}

PUBLISH_PERMISSION = "articles.publish_article"
# The statuses a writer may give their own article; publishing, scheduling and unpublishing are an editor's.
WRITER_STATUSES = (Article.Status.DRAFT, Article.Status.REVIEW)


def _model_exists(apps, dotted: str) -> bool:
    app_label, codename = dotted.split(".")
    try:
        apps.get_model(app_label, codename.split("_", 1)[1])
    except LookupError:
        return False
    return True


def sync_roles(apps=global_apps) -> dict[str, int]:
    """Create the Writers and Editors groups and give each exactly its permissions; returns the counts."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    counts = {}
    for name, permissions_named in ROLE_PERMISSIONS.items():
        # A migration's state can predate a model (0005 runs this before old addresses existed): its permissions
        # come with the sync after the last migration.
        wanted = [dotted for dotted in permissions_named if apps is global_apps or _model_exists(apps, dotted)]
        match = Q(pk__in=[])
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            match |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(match))
        missing = set(wanted) - {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        if missing:
            raise LookupError(f"Permissions not found for the {name} group: {', '.join(sorted(missing))}")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts


def sync_roles_after_migrate(sender, apps=global_apps, **kwargs):
    # The admin's permissions are made by django.contrib.auth on this same signal, in app order; make them first
    # (it is idempotent), so the groups never depend on which app comes first in INSTALLED_APPS.
    create_permissions(sender, verbosity=0, apps=apps, using=kwargs.get("using", DEFAULT_DB_ALIAS))
    sync_roles(apps)


def is_editor(user) -> bool:
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def author_id_of(user) -> int | None:
    """The Author a user writes as, looked up once per request."""
    if not hasattr(user, "_folio_author_id"):
        user._folio_author_id = Author.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()
    return user._folio_author_id


def is_own(user, article: Article) -> bool:
    own = author_id_of(user)
    return own is not None and article.author_id == own


def can_edit(user, article: Article) -> bool:
    if is_editor(user):
        return True
    return user.has_perm("articles.change_article") and is_own(user, article) and article.status in WRITER_STATUSES


def allowed_statuses(user) -> list[str]:
    if is_editor(user):
        return list(Article.Status.values)
    return list(WRITER_STATUSES)


def writer_problems(user, *, article: Article, status: str | None, author, changed: set[str]) -> dict[str, str]:
    """What a non-editor tried to set that only an editor may; field name -> the reason, empty when all is well."""
    if is_editor(user):
        return {}
    problems = {}
    if status is not None and status not in WRITER_STATUSES:
        problems["status"] = (
            "Only editors can publish, schedule or unpublish: save it as a draft or submit it for review."
        )
    if "publish_date" in changed:
        problems["publish_date"] = "Only editors can set the publish date."
    own = author_id_of(user)
    if author is not None and author.pk != own:
        problems["author"] = (
            "Choose the author linked to your account: writers write under their own name."
            if own
            else "Your account is not linked to an author yet: ask an editor to link it."
        )
    return problems
