"""Security headers on every response, the public site's and the admin's.

The policy depends on the URL alone (the admin under /admin/, everything else
public), never on the visitor, so a page kept by the page cache or a CDN carries
the same header it was served with and stays valid: no per-response nonces. The
public templates therefore carry no inline script or style at all; JSON-LD data
blocks (`<script type="application/ld+json">`) are not executed and CSP does not
apply to them.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

SELF, NONE = "'self'", "'none'"

DIRECTIVES = (
    "default-src",
    "script-src",
    "style-src",
    "img-src",
    "media-src",
    "font-src",
    "connect-src",
    "frame-src",
    "worker-src",
    "manifest-src",
    "object-src",
    "base-uri",
    "form-action",
    "frame-ancestors",
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def origin_of(url: str) -> str | None:
    """`https://cdn.example.org` for an absolute URL; None for a path on this site."""
    parts = urlsplit(url)
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    if url.startswith("//") and parts.netloc:
        return f"https://{parts.netloc}"
    return None


def parse_extra_sources(raw: str) -> dict[str, list[str]]:
    """`img-src https://a.example; frame-src https://b.example` as a dict of lists;
    an unknown directive is a configuration error, not a silently ignored one."""
    extra: dict[str, list[str]] = {}
    for part in raw.split(";"):
        words = part.split()
        if not words:
            continue
        directive, *sources = words
        directive = directive.lower()
        if directive not in DIRECTIVES:
            raise ImproperlyConfigured(
                f"PORTAL_CSP_EXTRA_SOURCES: unknown directive {directive!r}"
            )
        if not sources:
            raise ImproperlyConfigured(
                f"PORTAL_CSP_EXTRA_SOURCES: {directive} lists no source"
            )
        extra.setdefault(directive, []).extend(sources)
    return extra


def serialise(policy: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{directive} {' '.join(dict.fromkeys(sources)) or NONE}"
        for directive, sources in policy.items()
    )


def file_origins() -> list[str]:
    """Where uploads and static files come from when they are not on this origin
    (object storage, a CDN)."""
    origins = [origin_of(settings.MEDIA_URL), origin_of(settings.STATIC_URL)]
    return [origin for origin in origins if origin]


def public_policy() -> str:
    """The public site: our own files only, no inline script or style, frames only
    from the video platforms that embeds in stories and recordings use."""
    files = file_origins()
    policy = {
        "default-src": [SELF],
        "script-src": [SELF, *files],
        "style-src": [SELF, *files],
        "img-src": [SELF, "data:", *files],
        "media-src": [SELF, *files],
        "font-src": [SELF, *files],
        "connect-src": [SELF],
        "frame-src": list(settings.PORTAL_CSP_FRAME_SOURCES),
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
    return serialise(with_extra_sources(policy))


def admin_policy() -> str:
    """Wagtail's admin writes inline scripts and styles, shows embed thumbnails from
    the providers and frames its own previews: a looser policy of its own."""
    files = file_origins()
    policy = {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'", *files],
        "style-src": [SELF, "'unsafe-inline'", *files],
        "img-src": [SELF, "data:", "blob:", "https:", *files],
        "media-src": [SELF, "blob:", *files],
        "font-src": [SELF, "data:", *files],
        "connect-src": [SELF],
        "frame-src": [SELF, *settings.PORTAL_CSP_FRAME_SOURCES],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
    return serialise(with_extra_sources(policy))


def with_extra_sources(policy: dict[str, list[str]]) -> dict[str, list[str]]:
    for directive, sources in parse_extra_sources(
        settings.PORTAL_CSP_EXTRA_SOURCES
    ).items():
        current = [source for source in policy.get(directive, []) if source != NONE]
        policy[directive] = current + sources
    return policy


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Permissions-Policy, nosniff, Referrer-Policy and
    Cross-Origin-Opener-Policy on every response. It sits near the top of
    MIDDLEWARE, above the page cache and whitenoise, so cached pages and static
    files get them too. A view that set its own policy (Wagtail's document serving
    sends `default-src 'none'`) keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.admin_prefix = "/admin/"
        self.headers_public = self.headers(public_policy())
        self.headers_admin = self.headers(admin_policy())

    @staticmethod
    def headers(policy: str) -> dict[str, str]:
        return {
            "Content-Security-Policy": policy,
            "Permissions-Policy": PERMISSIONS_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": settings.SECURE_REFERRER_POLICY
            or "strict-origin-when-cross-origin",
            "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
            or "same-origin",
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        admin = request.path_info.startswith(self.admin_prefix)
        for name, value in (
            self.headers_admin if admin else self.headers_public
        ).items():
            response.headers.setdefault(name, value)
        return response
