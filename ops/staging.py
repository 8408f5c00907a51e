"""Staging safety: only the production origin may be indexed, and a site that is not
the production origin (PORTAL_BASE_URL differs from PORTAL_PRODUCTION_URL) emails
only the addresses of PORTAL_EMAIL_ALLOWLIST."""

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

DEFAULT_PORTS = {"http": 80, "https": 443}
NOINDEX = "noindex, nofollow"


def _origin(url: str) -> tuple[str, str]:
    """(scheme, host[:port]) of a URL, lower-cased, without the scheme's default port."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    return scheme, _host(parts.netloc.rpartition("@")[2], scheme)


def _host(netloc: str, scheme: str = "") -> str:
    """host[:port], lower-cased; the default port (80 or 443 when the scheme is not
    known, as for a request's Host header) left out."""
    parts = urlsplit("//" + netloc)
    try:
        port = parts.port
    except ValueError:
        return netloc.lower()
    name = (parts.hostname or "").rstrip(".")
    if ":" in name:
        name = f"[{name}]"
    if scheme:
        default = port == DEFAULT_PORTS.get(scheme)
    else:
        default = port in DEFAULT_PORTS.values()
    return name if port is None or default else f"{name}:{port}"


def is_production_site() -> bool:
    """True when this deployment's public origin is the production origin."""
    return _origin(settings.PORTAL_BASE_URL) == _origin(settings.PORTAL_PRODUCTION_URL)


def is_indexable(request: HttpRequest) -> bool:
    """Only the production site, reached on the production host, may be indexed."""
    if not is_production_site():
        return False
    try:
        host = request.get_host()
    except DisallowedHost:
        return False
    return _host(host) == _origin(settings.PORTAL_PRODUCTION_URL)[1]


class NoIndexMiddleware:
    """`X-Robots-Tag: noindex, nofollow` on every response that is not served by the
    production site on its own host (staging, previews, a bare IP address)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_indexable(request):
            response["X-Robots-Tag"] = NOINDEX
        return response


def email_allowed(address: str) -> bool:
    """Whether mail may go to this address: always in production; on any other site
    only to an address or `@domain` listed in PORTAL_EMAIL_ALLOWLIST."""
    if is_production_site():
        return True
    email = parseaddr(address)[1].strip().lower()
    if "@" not in email:
        return False
    domain = "@" + email.rpartition("@")[2]
    for entry in settings.PORTAL_EMAIL_ALLOWLIST:
        entry = entry.strip().lower()
        if entry and entry in {email, domain}:
            return True
    return False
