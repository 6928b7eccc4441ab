"""Folio's own site files in an import folder: authors.yml (every author, as export writes them) and site.yml
(the tags with their own slugs, and the default call to action). Read before any article of the run."""

from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from .front_matter_reading import decode_text
from .front_matter_values import key_text, shown_value, text_value
from .frontmatter import FrontMatter, read_cta
from .images import ImageRejected, check_image
from .import_images import FileImages
from .import_results import FileResult, validate
from .import_sources import read_source
from .invalid_file import InvalidFile, with_outcome
from .models import Author, CallToAction, Tag
from .real_paths import real_path
from .site_config import Person
from .yaml_loading import load_yaml

# What authors.yml may say of an author (Folio's export writes it: a list, one mapping per author).
AUTHOR_KEYS = ("name", "slug", "bio", "avatar", "website", "social_links")


# `generator: folio` marks Folio's export; site_finding.py reads it, not this file.
SITE_KEYS = ("generator", "default_cta", "tags", "calls_to_action")


class SiteFiles:
    """The part of an import run that reads authors.yml and site.yml (mixed into importing's _Run); the authors,
    tags and calls to action they make are the run's rows (import_rows.RunRows)."""

    def import_authors(self, path: Path, *, root: Path) -> "FileResult | None":
        """Folio's authors.yml (a list of authors): each is created or updated by its slug.

        An author edited in the admin since the last import (or made there) is kept as it is unless --force;
        an entry that cannot be used is skipped with the reason. A mapping at the top is another generator's
        author list (Docusaurus' authors.yml), read by the site config instead: None.
        """
        result = FileResult(path=str(path))
        try:
            data = _read_yaml(path, root=root, max_bytes=self.max_file_bytes)
        except InvalidFile as error:
            result.errors.append(str(error))
            return result
        if isinstance(data, dict):
            return None
        if not isinstance(data, list):
            result.errors.append(f"give a list of authors (- name: … / slug: …), not {shown_value(data)}")
            return result
        outcomes = []
        names: dict[str, list[Author]] = {}
        for index, entry in enumerate(data, start=1):
            slug = entry.get("slug") if isinstance(entry, dict) else None
            label = f"author {index}" + (f" ('{slug}')" if isinstance(slug, str) else "")
            self.rows.start_file()
            try:
                with transaction.atomic():
                    outcome, author = self._import_author(entry, folder=path.parent, root=root, result=result)
            except InvalidFile as error:
                self.rows.forget_new()
                result.warnings.append(with_outcome(f"{label}: {error}", "that author was skipped"))
                continue
            outcomes.append(outcome)
            names.setdefault(author.name, []).append(author)
            if outcome == "kept":
                result.warnings.append(
                    f"{label}: edited in the admin since the last import, or made there; it was kept as it is "
                    "(use --force to overwrite it)"
                )
        self.rows.author_names.update({name: same[0] for name, same in names.items() if len(same) == 1})
        if data and not outcomes:
            result.errors.append("no author in the file could be imported")
        elif "created" in outcomes:
            result.status = "created"
        elif "updated" in outcomes:
            result.status = "updated"
        else:
            result.status = "unchanged"
        return result

    def _import_author(self, entry: object, *, folder: Path, root: Path, result: FileResult) -> tuple[str, Author]:
        if not isinstance(entry, dict):
            raise InvalidFile(f"give the author as name: … and slug: … lines, not {shown_value(entry)}")
        unknown = [key_text(key) for key in entry if key not in AUTHOR_KEYS]
        if unknown:
            raise InvalidFile(f"unknown key {', '.join(map(repr, unknown))} (an author has {', '.join(AUTHOR_KEYS)})")
        fields = {key: text_value(entry.get(key), key=key) for key in ("name", "slug", "bio", "website")}
        for key in ("name", "slug"):
            if not fields[key]:
                raise InvalidFile(f"{key}: missing")
        links = entry.get("social_links") or {}
        if not isinstance(links, dict):
            raise InvalidFile('social_links: give the profiles as network: "https://…" lines')
        avatar = self._avatar(entry.get("avatar"), folder=folder, root=root)
        author = self.rows.authors.get(fields["slug"])
        created = author is None
        if created:
            author = Author(slug=fields["slug"])
        old = None if created else (author.name, author.bio, author.website, author.social_links)
        avatar_changed = avatar is not None and not _same_file(author.avatar, avatar[1])
        avatar_dropped = avatar is None and bool(author.avatar)
        if old == (fields["name"], fields["bio"], fields["website"], links) and not (avatar_changed or avatar_dropped):
            return "unchanged", author
        edited = not created and (author.imported_at is None or author.updated_at > author.imported_at)
        if edited and not self.force:
            return "kept", author
        author.name, author.bio, author.website, author.social_links = (
            fields["name"],
            fields["bio"],
            fields["website"],
            links,
        )
        validate(author, exclude=["avatar", "user"], validate_unique=False, validate_constraints=False)
        if avatar_dropped:
            author.avatar = ""
        elif avatar_changed and not self.dry_run:
            # Stored by the save, as any new avatar is: a media storage that refuses it raises ImageNotStored, which
            # stops the import as an article's image does (every image would fail alike), this author unsaved.
            author.avatar = ContentFile(avatar[1], name=avatar[0])
        author.save()
        Author.objects.filter(pk=author.pk).update(imported_at=author.updated_at)
        author.imported_at = author.updated_at
        if created:
            self.rows.authors[author.slug] = author
            self.rows.new_rows.append((self.rows.authors, author.slug))
        return "created" if created else "updated", author

    def describe_author(self, author: Author, person: Person, *, warnings: list[str]) -> None:
        """A new author's bio, avatar and social profiles, from the site's data file that describes them (Jekyll's
        _data/authors.yml, Hugo's data/authors/, an Astro collection, MkDocs Material's .authors.yml, Docusaurus'
        authors.yml). The avatar is stored like a hero: a path from that file's folder or the site's root, or an
        address, downloaded with --download-images."""
        fields = []
        if person.bio:
            author.bio = person.bio
            fields += ["bio", "bio_html"]
        if person.social and not author.social_links:
            author.social_links = person.social
            fields.append("social_links")
        if person.avatar and person.source is not None:
            images = FileImages(source=person.source, options=self.images, warnings=warnings)
            label, outcome = f"avatar of {author.name}", "the author has no avatar"
            try:
                name, address = images.hero(person.avatar, key=label, outcome=outcome)
            except InvalidFile as error:
                name, address = "", ""
                warnings.append(with_outcome(str(error), outcome))
            if address:
                warnings.append(f"{label} '{address}' is on another site: give --download-images to store it")
            if name:
                author.avatar = name
                fields.append("avatar")
        if "bio" in fields:
            try:
                validate(author, exclude=["avatar", "user"], validate_unique=False, validate_constraints=False)
            except InvalidFile as error:
                warnings.append(f"the bio of {author.name} was left out: {error}")
                author.bio = ""
                fields = [field for field in fields if field not in ("bio", "bio_html")]
        if fields:
            author.save(update_fields=fields)

    def _avatar(self, reference: object, *, folder: Path, root: Path) -> tuple[str, bytes] | None:
        """(file name, bytes) of an avatar named in authors.yml, relative to it and inside the import root."""
        if reference is None or reference == "":
            return None
        reference = text_value(reference, key="avatar")
        target = real_path(folder / reference)
        if not target.is_relative_to(real_path(root)):
            raise InvalidFile(f"avatar: '{reference}' is outside the import folder")
        try:
            data = target.read_bytes()
            check_image(data)
        except OSError as error:
            raise InvalidFile(f"avatar: '{reference}' cannot be read ({error.strerror or error})") from None
        except ImageRejected as error:
            raise InvalidFile(f"avatar: '{reference}' was refused: {error}") from None
        return target.name, data

    def import_site_file(self, path: Path, *, root: Path) -> "FileResult | None":
        """Folio's site.yml: the tags with their own slugs, and the site-wide default call to action."""
        result = FileResult(path=str(path))
        self.rows.start_file()
        try:
            with transaction.atomic():
                data = _read_yaml(path, root=root, max_bytes=self.max_file_bytes)
                if data is None:
                    data = {}
                if not isinstance(data, dict):
                    raise InvalidFile(f"give default_cta: and tags: keys, not {shown_value(data)}")
                for key in data:
                    if key not in SITE_KEYS:
                        known = ", ".join(SITE_KEYS)
                        result.warnings.append(f"{key_text(key)}: not a key of site.yml ({known}); ignored")
                created = self._site_tags(data.get("tags"))
                created = self._default_cta(data.get("default_cta"), result=result) or created
                created = self._site_ctas(data.get("calls_to_action")) or created
        except InvalidFile as error:
            self.rows.forget_new()
            result.status = "failed"
            result.errors.append(str(error))
            return result
        result.status = "created" if created else "unchanged"
        return result

    def _site_tags(self, tags: object) -> bool:
        if tags is None:
            return False
        if not isinstance(tags, list):
            raise InvalidFile("tags: give a list of tags, each with a name and a slug")
        created = False
        for index, entry in enumerate(tags, start=1):
            if not isinstance(entry, dict):
                raise InvalidFile(f"tags: tag {index}: give its name: and slug:")
            name = text_value(entry.get("name"), key=f"tags: tag {index}: name")
            slug = text_value(entry.get("slug"), key=f"tags: tag {index}: slug")
            if not name or not slug:
                raise InvalidFile(f"tags: tag {index}: give its name: and slug:")
            created = created or slug not in self.rows.tags
            self.rows.tag_names.setdefault(
                name, self.rows.named(Tag, self.rows.tags, name, key=f"tags: tag {index}", slug=slug)
            )
        return created

    def _site_ctas(self, entries: object) -> bool:
        """Calls to action that no article uses: made (or found again) so that none is lost on the way."""
        if entries is None:
            return False
        if not isinstance(entries, list):
            raise InvalidFile("calls_to_action: give a list of calls to action, each with its text")
        before = CallToAction.objects.count()
        for index, value in enumerate(entries, start=1):
            fm = FrontMatter()
            read_cta(value if isinstance(value, dict) else {"text": value}, key=f"calls_to_action: {index}", into=fm)
            self.rows.call_to_action(fm)
        return CallToAction.objects.count() > before

    def _default_cta(self, value: object, *, result: FileResult) -> bool:
        if value is None:
            return False
        if not isinstance(value, dict):
            value = {"text": value}
        fm = FrontMatter()
        read_cta(value, key="default_cta", into=fm)
        cta = self.rows.call_to_action(fm)
        current = CallToAction.site_default()
        if current is None:
            cta.is_default = True
            cta.save(update_fields=["is_default"])
            return True
        if current.pk != cta.pk:
            result.warnings.append(
                f"default_cta: the site's default call to action is already '{current.name}'; it was kept"
            )
        return False


def _same_file(field_file, data: bytes) -> bool:
    """Whether a stored file holds these bytes (an avatar imported again is not stored again)."""
    if not field_file:
        return False
    try:
        with field_file.storage.open(field_file.name, "rb") as stored:
            return stored.read() == data
    except OSError:
        return False


def _read_yaml(path: Path, *, root: Path, max_bytes: int) -> object:
    """A YAML file of Folio's export (authors.yml, site.yml), within the same bounds as front matter."""
    raw = read_source(path, root=root, max_bytes=max_bytes)
    return load_yaml(decode_text(raw))
