"""The e-newsletter: its archive of issues in each language."""

from django.utils.translation import gettext_lazy as _

from core.memo import private_q
from core.models import SectionIndexPage

from .issues import NEWSLETTER, NewsletterIssuePage


class NewsletterIndexPage(SectionIndexPage):
    """`/<lang>/newsletter/`: the archive of past issues and the way to subscribe."""

    translation_section = NEWSLETTER

    subpage_types = ["newsletter.NewsletterIssuePage"]

    class Meta:
        verbose_name = _("newsletter index page")
        verbose_name_plural = _("newsletter index pages")

    def shared_context(self, request) -> dict:
        # Imported here: the form needs stories' topics, and home imports this model.
        from newsletter.forms import subscribe_form_context

        return {**super().shared_context(request), **subscribe_form_context(request)}

    def listing_queryset(self):
        """The archive: published issues in this language, newest first."""
        return (
            NewsletterIssuePage.objects.child_of(self)
            .live()
            .exclude(private_q())
            .order_by("-first_published_at", "-pk")
        )
