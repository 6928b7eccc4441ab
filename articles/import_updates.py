"""An article imported before, and its file imported again: found by its slug and source path, held against an
admin save while the import decides, and left as the editors made it unless --force says otherwise.

Apart from writing the article because it is the one place an import meets editors' work: an edit in the
admin since the last import, or changes waiting unpublished, are what it must not lose without saying so.
"""

from django.utils import timezone

from .import_slugs import RunSlugs
from .invalid_file import InvalidFile
from .models import Article, PendingChange
from .triggers import hold_content_lock


def edited(article: Article) -> bool:
    """Saved (in the admin, or by any code but an import) since its last import."""
    return article.imported_at is not None and article.updated_at > article.imported_at


def unchanged(article: Article, source_hash: str, *, force: bool) -> bool:
    return article.source_hash == source_hash and not (edited(article) and force)


def existing_article(slug: str, *, source_path: str, fixed: bool, slugs: RunSlugs) -> Article | None:
    """The article a file was imported as before, None for a new one; InvalidFile when the file's slug is another
    file's article's or one made in the admin."""
    if slug not in slugs:
        return None
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        return None
    if article.source_path != source_path:
        owner = f"the file {article.source_path}" if article.source_path else "an article created in the admin"
        why = "a slug written in Folio's own format is the article's address and is not changed: " if fixed else ""
        raise InvalidFile(
            f"slug '{slug}' already belongs to {owner} ('{article.title}'); {why}give this file another slug"
        )
    return article


def held_for_update(article: Article, *, source_hash: str, force: bool, warnings: list[str]) -> tuple[Article, bool]:
    """The article as it is now, held against an admin save until the batch commits, and whether its file is
    unchanged since its last import (then nothing is written); InvalidFile when editors' work would be lost."""
    slug = article.slug
    if not unchanged(article, source_hash, force=force):
        # What follows decides from the article as it is and then writes it: hold it against an admin save
        # until the batch commits, so that a save made since it was read is seen, not overwritten.
        hold_content_lock()
        article = Article.objects.select_for_update().filter(pk=article.pk).first()
        if article is None:
            raise InvalidFile(f"the article '{slug}' was deleted while this import ran; import the file again")
    was_edited = edited(article)
    if unchanged(article, source_hash, force=force):
        return article, True
    if was_edited and not force:
        when = timezone.localtime(article.updated_at).strftime("%Y-%m-%d %H:%M")
        raise InvalidFile(
            f"the article '{slug}' was edited in the admin since its last import (on {when}); "
            "the file was not imported, so those edits are kept (use --force to overwrite them)"
        )
    if was_edited:
        warnings.append("the article had been edited in the admin since its last import; --force overwrote those edits")
    waiting = PendingChange.objects.filter(article_id=article.pk).select_related("saved_by").first()
    if waiting is not None:
        # Kept: they are someone's work. Publishing them as they are would undo this import's text.
        saved_at = timezone.localtime(waiting.saved_at).strftime("%Y-%m-%d %H:%M")
        warnings.append(
            f"{waiting.saved_by_name} saved changes to this article in the admin on {saved_at} that wait "
            "unpublished, made before this import: they are kept, and the article's form asks whoever "
            "publishes them to check them against the imported text first"
        )
    return article, False
