"""The state an imported article arrives in: in review, a draft or published, from its front matter and its
site's generator, with a warning wherever the file did not say so outright.

Apart from writing the article because it is one rule with many cases (Folio's own status, a generator's draft
switch, an expiry date, a page without a date), and one that readers notice: what it publishes they see.
"""

from datetime import datetime

from django.utils import timezone

from .frontmatter import FrontMatter
from .models import Article

# The generators Folio knows, by the names their users know them by; each publishes a page without a date.
GENERATOR_NAMES = {
    "hugo": "Hugo",
    "jekyll": "Jekyll",
    "mkdocs": "MkDocs",
    "docusaurus": "Docusaurus",
    "gatsby": "Gatsby",
    "eleventy": "Eleventy",
    "astro": "Astro",
}


def import_status(
    fm: FrontMatter, *, generator: str, first_published: datetime | None, warnings: list[str]
) -> Article.Status:
    """The article's status; a page its generator publishes without a date is published and dated
    `first_published` (its first import's date), else now, in `fm`."""
    if fm.in_review:
        status = Article.Status.REVIEW
    elif fm.draft:
        status = Article.Status.DRAFT
    elif fm.expiry_date is not None and fm.expiry_date <= timezone.now():
        status = Article.Status.DRAFT
        warnings.append(
            f"expiryDate: {fm.expiry_date.date().isoformat()} has passed, and the site no longer shows an "
            "expired page: imported as a draft (the date is kept for export)"
        )
    elif fm.publish_date is None and generator in GENERATOR_NAMES:
        # The generator publishes a page without a date (an about page, a docs page): so does Folio, dated
        # when it first came in, and that date stays on later imports.
        status = Article.Status.PUBLISHED
        fm.publish_date = first_published or timezone.now()
        warnings.append(
            f"no date: published, dated at its first import, as {GENERATOR_NAMES[generator]} publishes a page "
            "without one"
        )
    elif fm.publish_date is None:
        status = Article.Status.DRAFT
        warnings.append("no publish_date: imported as a draft")
    else:
        status = Article.Status.PUBLISHED
    return status
