"""What every public request needs of its site before a page is found: the Site for
its host, the site root paths, the locales, the private sections and the site's
identity in the request's language.

Each process keeps them until the site token changes (a Site, Locale, restriction or
identity saved anywhere changes it). A process that has not seen them under the
current token (it has just started, or something site-wide changed) reads them from
the shared cache in one round trip, where looking each up takes five queries; the
first process to need them after a change works them out and shares them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail.models import Locale, Page, PageViewRestriction, Site

from . import memo, versions
from .identity import Identity, read_identities


@dataclass(frozen=True)
class SiteBasics:
    site: Site | None
    root_paths: list
    locales: dict[str, Locale]
    restricted: list[Page]
    identity: Identity


def read_basics(request: HttpRequest, language_code: str) -> SiteBasics:
    """Five queries: the site, its root paths, the locales, the restricted pages and
    every site's identity in the language."""
    site = Site.find_for_request(request)
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    locale = locales.get(language_code) or locales.get(settings.LANGUAGE_CODE)
    identities = read_identities(locale) if locale is not None else {}
    identity = identities.get(site.pk if site is not None else "default")
    return SiteBasics(
        site=site,
        root_paths=Site.get_site_root_paths(),
        locales=locales,
        restricted=[r.page for r in PageViewRestriction.objects.select_related("page")],
        identity=identity or Identity(name=settings.WAGTAIL_SITE_NAME),
    )


def shared_basics(request: HttpRequest, language_code: str, token: str) -> SiteBasics:
    """`read_basics`, from the shared cache where a process has put them under the
    site token; an unreachable cache only costs the queries."""
    return memo.through_shared_cache(
        f"site-basics:{request.get_host()}:{language_code}:{token}",
        lambda: read_basics(request, language_code),
    )


def site_basics(request: HttpRequest) -> SiteBasics | None:
    """The request's basics, kept in the process until the site token changes; None
    outside a language prefix (the admin, the API), with the memo off, or when the
    version tokens cannot be read: then everyone looks up their own."""
    code = versions.request_language(request.path_info)
    state = versions.current.get()
    if not (code and settings.PORTAL_MEMO_ENABLED and state is not None):
        return None
    token = state.token(versions.SITE_TAG)
    if token is None:
        return None
    return memo.memo.get(
        ("site-basics", request.get_host(), code, token),
        lambda: shared_basics(request, code, token),
    )


def site_identity(request: HttpRequest | None = None) -> Identity:
    """The identity of the request's site in the active language (the default
    site's without a request: emails), kept in the process until the site token
    changes. Without a saved setting: the name in settings."""
    found = site_basics(request) if request is not None else None
    if found is not None:
        return found.identity
    site = Site.find_for_request(request) if request is not None else None
    locale = memo.locale_for(get_language() or settings.LANGUAGE_CODE)
    identities = memo.memoised(
        request,
        ("site-identities", locale.pk),
        [versions.SITE_TAG],
        lambda: read_identities(locale),
    )
    key = site.pk if site is not None else "default"
    return identities.get(key) or Identity(name=settings.WAGTAIL_SITE_NAME)


def identity(request: HttpRequest) -> dict:
    """Context processor: `site_identity` for every template, read only when a
    template uses it."""
    return {"site_identity": SimpleLazyObject(lambda: site_identity(request))}
