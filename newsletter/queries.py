"""What other sections show of the newsletter app: the narrow functions they may
call (the import contracts allow these and nothing else of newsletter)."""

from wagtail.models import Page

from .models import NewsletterIndexPage


def newsletter_index_among(pages: list[Page]) -> Page | None:
    """The newsletter's index page among a home page's sections, if it has one."""
    return next(
        (
            page
            for page in pages
            if issubclass(page.specific_class, NewsletterIndexPage)
        ),
        None,
    )
