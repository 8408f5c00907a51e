"""The communities and organisations that tell their stories here."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from django_countries.fields import CountryField

from core.models import (
    ShownSiteWide,
)


class CommunityProfile(ShownSiteWide, TranslatableMixin, models.Model):
    """A community or organisation that tells its stories here: the community
    profile tool of the learning-community guides."""

    KINDS = [
        ("community_group", _("Community group")),
        ("ngo", _("Non-governmental organisation")),
        ("adult_education", _("Adult education centre")),
        ("local_authority", _("Local authority")),
        ("library", _("Library")),
        ("cooperative", _("Cooperative")),
        ("school", _("School")),
    ]
    SIZES = [
        ("small", _("Fewer than 20 people")),
        ("medium", _("20 to 100 people")),
        ("large", _("100 to 500 people")),
        ("very_large", _("More than 500 people")),
    ]

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind of organisation"), max_length=32, choices=KINDS)
    size = models.CharField(_("size"), max_length=16, choices=SIZES, blank=True)
    focus = models.TextField(
        _("focus"), max_length=600, help_text=_("What the community works on.")
    )
    partners = models.TextField(
        _("partners"), max_length=600, blank=True, help_text=_("Who it learns with.")
    )
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("country"),
        FieldPanel("kind"),
        FieldPanel("size"),
        FieldPanel("focus"),
        FieldPanel("partners"),
        FieldPanel("website"),
    ]
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("name"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("community profile")
        verbose_name_plural = _("community profiles")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_community_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name
