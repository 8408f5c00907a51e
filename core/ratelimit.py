"""Counting attempts in the shared cache (the database cache or Redis, so every
process counts together): `over_limit` counts this one and says whether the
window's allowance is used up. The newsletter's subscribe form counts per client
address; members' forms per account (`account_posts_limited`)."""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def over_limit(scope: str, who: str, attempts: int, window: int) -> bool:
    """Counts this attempt of `who` (hashed into the key) in `scope`; True once more
    than `attempts` were made in `window` seconds."""
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    key = f"{scope}:attempts:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > attempts


def too_many(request: HttpRequest, window: int) -> HttpResponse:
    """The answer to an attempt over the limit: a page in the visitor's language
    saying to wait, 429 with Retry-After."""
    response = render(request, "core/rate_limited.html", status=429)
    response["Retry-After"] = str(window)
    return response


def account_posts_limited(setting: str):
    """A view decorator: a signed-in account's POSTs counted together under the
    `setting`'s (attempts, seconds); over it, `too_many`."""

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method == "POST" and request.user.is_authenticated:
                attempts, window = getattr(settings, setting)
                if over_limit(setting, str(request.user.pk), attempts, window):
                    return too_many(request, window)
            return view(request, *args, **kwargs)

        return limited

    return decorator
