"""The e-newsletter: its archive of issues in each language."""

from django.utils.translation import gettext_lazy as _

from portal.models import SectionIndexPage


class NewsletterIndexPage(SectionIndexPage):
    """`/<lang>/newsletter/`: the archive of past issues and the way to subscribe."""

    subpage_types = []

    class Meta:
        verbose_name = _("newsletter index page")
        verbose_name_plural = _("newsletter index pages")
