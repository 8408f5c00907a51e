"""Low-bandwidth mode: chosen with the switch on every page (one named cookie) or
asked for by the browser's `Save-Data: on` header.

The page cache and a CDN key the mode on that cookie and that header alone, never
on `Vary: Cookie`, which would make every visitor with any cookie miss the cache."""

from django.http import HttpRequest

BANDWIDTH_COOKIE = "portal_bandwidth"
LOW, STANDARD = "low", "standard"


def bandwidth_mode(request: HttpRequest) -> str:
    """The visitor's choice from the cookie wins; without one, `Save-Data: on` asks
    for the light pages."""
    chosen = request.COOKIES.get(BANDWIDTH_COOKIE)
    if chosen in (LOW, STANDARD):
        return chosen
    if request.headers.get("Save-Data", "").strip().lower() == "on":
        return LOW
    return STANDARD


def is_low_bandwidth(request: HttpRequest) -> bool:
    return bandwidth_mode(request) == LOW


def bandwidth(request: HttpRequest) -> dict:
    """Context processor: `low_bandwidth` for every template (no images, fonts,
    scripts or embeds when it is on)."""
    return {"low_bandwidth": is_low_bandwidth(request)}
