"""The site's identity (its name, tagline, contact address and social links) as the
pages and emails of one language show it: the `SiteIdentity` setting of the site,
with its tagline in that language. `core.basics.site_identity` keeps it per process
and language until either is saved (both are shown site-wide: saving one changes
the site token)."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from wagtail.models import Locale

from .models import SiteIdentity, SiteTagline


@dataclass(frozen=True)
class SocialLink:
    label: str
    url: str


@dataclass(frozen=True)
class Identity:
    name: str
    tagline: str = ""
    description: str = ""
    contact_email: str = ""
    social_links: tuple[SocialLink, ...] = ()


def read_identities(locale: Locale) -> dict:
    """Every site's identity with its tagline in `locale` where translated, else as
    saved, by site id, and the default site's under "default": one query."""
    translated = SiteTagline.objects.filter(
        translation_key=OuterRef("tagline__translation_key"), locale=locale
    )
    settings_rows = SiteIdentity.objects.select_related("site", "tagline").annotate(
        translated_tagline=Subquery(translated.values("tagline")[:1]),
        translated_description=Subquery(translated.values("description")[:1]),
    )
    found = {}
    for setting in settings_rows:
        found[setting.site_id] = as_identity(setting)
        if setting.site.is_default_site:
            found["default"] = found[setting.site_id]
    return found


def as_identity(setting: SiteIdentity) -> Identity:
    if setting.translated_tagline is not None:
        words = (setting.translated_tagline, setting.translated_description)
    elif setting.tagline is not None:
        words = (setting.tagline.tagline, setting.tagline.description)
    else:
        words = ("", "")
    return Identity(
        name=setting.name,
        tagline=words[0],
        description=words[1],
        contact_email=setting.contact_email,
        social_links=tuple(
            SocialLink(label=link.value["label"], url=link.value["url"])
            for link in setting.social_links
        ),
    )
