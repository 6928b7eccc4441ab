"""The authors, tags and calls to action an import's articles point to, each found or made once in a run.

Apart from writing articles because they are shared: site.yml and authors.yml make them before any article,
many files name the same ones, and a row made for a file that then fails goes with that file's savepoint, so
the run forgets it too (`forget_new`).
"""

from dataclasses import replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import Truncator, slugify

from .exporting import default_cta_name
from .frontmatter import FrontMatter
from .import_results import validate
from .invalid_file import InvalidFile
from .models import Author, CallToAction, Tag
from .site_config import Person, SiteConfig
from .text import xml_safe


class RunRows:
    """The run's authors, tags and calls to action by what finds them again, and those made for the current file."""

    def __init__(self):
        self.authors = {author.slug: author for author in Author.objects.all()}
        self.tags = {tag.slug: tag for tag in Tag.objects.all()}
        self.ctas: dict[tuple[str, str, str, str], CallToAction] = {}  # (name, text, label, url) -> row
        for cta in CallToAction.objects.order_by("pk"):
            self.ctas.setdefault(_cta_key(cta), cta)
        self.author_names: dict[str, Author] = {}  # names given in authors.yml, each to its one author
        self.tag_names: dict[str, Tag] = {}  # names given in site.yml, each to its tag
        self.new_rows: list[tuple[dict, object]] = []  # (cache, key) of each row made for the current file
        # The author this file creates and the site's description of them (bio, avatar), added with its images.
        self.undescribed: tuple[Author, Person] | None = None

    def start_file(self) -> None:
        self.new_rows = []
        self.undescribed = None

    def forget_new(self) -> None:
        """Forget the rows made for the current file: they were rolled back with it."""
        for cache, key in self.new_rows:
            cache.pop(key, None)

    def author_of(self, fm: FrontMatter, *, site: SiteConfig, default_author: str, warnings: list[str]) -> Author:
        """The file's author; else `default_author`, the site config's author or DEFAULT_AUTHOR, with a warning."""
        if fm.author_slug:
            if fm.author_slug not in self.authors:
                self.named(Author, self.authors, fm.author, key="author", slug=fm.author_slug)
            return self.authors[fm.author_slug]
        if fm.author in self.author_names:
            return self.author_names[fm.author]
        if fm.author:
            person = site.person(fm.author)  # by id or name in the site's data files, or the site's author
            if person is None:
                return self.author(fm.author, url=fm.author_url)
            return self.described(person, site=site)
        warnings.extend(site.warnings)
        if default_author:
            name, source = default_author, "--default-author"
        elif site.author is not None:
            name, source = site.author.name, f"the site's author in {site.config_file}"
        else:
            name, source = settings.DEFAULT_AUTHOR.strip(), "DEFAULT_AUTHOR"
        if not name:
            raise InvalidFile("missing author (give --default-author, or set DEFAULT_AUTHOR)")
        warnings.append(f"no author: imported under '{name}' ({source})")
        if not default_author and site.author is not None:
            return self.described(site.author, site=site)
        return self.author(name)

    def described(self, person: Person, *, site: SiteConfig) -> Author:
        """The author a site's data or config describes; one this file creates gets that description (bio,
        avatar, profiles) once the file is known to be good, with its images."""
        author = self.author(person.name, url=person.url)
        if (self.authors, author.slug) in self.new_rows:
            if person.source is None and site.root is not None and site.config_file:
                person = replace(person, source=site.root / site.config_file)  # the config that describes them
            self.undescribed = (author, person)
        return author

    def author(self, name: str, *, url: str = "") -> Author:
        author = self.named(Author, self.authors, name, key="author")
        if url and not author.website and (self.authors, author.slug) in self.new_rows:
            try:  # only a new author's site is set: one made in the admin is the editors' to change
                author.website = Author._meta.get_field("website").clean(url, author)
                author.save(update_fields=["website"])
            except ValidationError:
                pass
        return author

    def tag(self, name: str) -> Tag:
        if name in self.tag_names:
            return self.tag_names[name]
        return self.named(Tag, self.tags, name, key="tags")

    def named(self, model, cache: dict, name: str, *, key: str, slug: str = ""):
        """The author or tag with this name's slug (or this slug), created when there is none."""
        max_length = model._meta.get_field("slug").max_length
        slug = slug or slugify(name, allow_unicode=True)[:max_length].strip("-")
        if not slug:
            raise NoAddress(f"{key}: '{name}' has no letters or digits to make an address from")
        if slug not in cache:
            instance = model(name=name, slug=slug)
            validate(instance, key=key, validate_unique=False)
            instance.save()
            if model is Author:  # as from authors.yml: a later authors.yml may update it, an admin edit keeps it
                Author.objects.filter(pk=instance.pk).update(imported_at=instance.updated_at)
                instance.imported_at = instance.updated_at
            cache[slug] = instance
            self.new_rows.append((cache, slug))
        return cache[slug]

    def call_to_action(self, fm: FrontMatter, *, exact: bool = False) -> CallToAction:
        """The call to action the front matter describes, found among the site's or made.

        A mapping is matched exactly (with no name given, the one with the name an import gives first); text
        alone finds the same text without a button, the one with the name an import gives first. In Folio's own
        export (`exact`) text alone means the name an import gives: another call to action with the same text
        under a name of its own is another call to action.
        """
        # Looked up as save() will store it, so that text with a control character finds its row again.
        text, label, url = xml_safe(fm.cta), xml_safe(fm.cta_button_label), fm.cta_button_url
        name = xml_safe(fm.cta_name) or default_cta_name(text)
        key = (name, text, label, url)
        found = self.ctas.get(key)
        if found is None and not fm.cta_name and not exact:
            rows = self.ctas.values()
            candidates = [cta for cta in rows if (cta.text, cta.button_label, cta.button_url) == (text, label, url)]
            found = candidates[0] if candidates else None
        if found is None:
            found = _call_to_action(text, name=name, button_label=label, button_url=url)
            self.ctas[key] = found
            self.new_rows.append((self.ctas, key))
        return found


class NoAddress(InvalidFile):
    """A name that gives no slug: an author's fails the file, a tag's is left out."""


def _cta_key(cta: CallToAction) -> tuple[str, str, str, str]:
    return (cta.name, cta.text, cta.button_label, cta.button_url)


def _call_to_action(text: str, *, name: str = "", button_label: str = "", button_url: str = "") -> CallToAction:
    cta = CallToAction(
        name=name or Truncator(text).chars(60), text=text, button_label=button_label, button_url=button_url
    )
    validate(cta, key="cta", validate_unique=False, validate_constraints=False)
    cta.save()
    return cta
