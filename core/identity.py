"""The site's identity (its name, tagline, contact address and social links) as the
pages and emails of one language show it: the `SiteIdentity` setting of the site,
with its tagline in that language, read once per process and language (every
site's at once) and kept until either is saved (both are shown site-wide: saving
one changes the site token)."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail.models import Locale, Site

from . import memo, versions
from .models import SiteIdentity, SiteTagline

logger = logging.getLogger(__name__)


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


def shared_identities(locale: Locale) -> dict:
    """`read_identities`, kept in the shared cache under the site token as Wagtail
    keeps the site root paths: a process that starts on a running site reads it
    from there rather than the database."""
    state = versions.current.get()
    token = state.token(versions.SITE_TAG) if state is not None else None
    if token is None:
        return read_identities(locale)
    key = f"site-identities:{locale.pk}:{token}"
    try:
        found = cache.get(key)
    except Exception:
        logger.warning("site identity: the shared cache cannot be read")
        found = None
    if found is None:
        found = read_identities(locale)
        try:
            cache.set(key, found, timeout=versions.TOKEN_TIMEOUT)
        except Exception:
            logger.warning("site identity: the shared cache cannot be written")
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


def site_identity(request: HttpRequest | None = None) -> Identity:
    """The identity of the request's site (the default site without one: emails) in
    the active language, kept in the process until the site token changes. Without
    a saved setting: the name in settings."""
    site = Site.find_for_request(request) if request is not None else None
    locale = memo.locale_for(get_language() or settings.LANGUAGE_CODE)
    identities = memo.memoised(
        request,
        ("site-identities", locale.pk),
        [versions.SITE_TAG],
        lambda: shared_identities(locale),
    )
    key = site.pk if site is not None else "default"
    return identities.get(key) or Identity(name=settings.WAGTAIL_SITE_NAME)


def identity(request: HttpRequest) -> dict:
    """Context processor: `site_identity` for every template, read only when a
    template uses it."""
    return {"site_identity": SimpleLazyObject(lambda: site_identity(request))}
