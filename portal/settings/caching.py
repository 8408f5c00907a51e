"""Caches, sessions, the full-page cache and the CDN in front: read from the
environment here and imported by name into base.py."""

from redis.backoff import NoBackoff
from redis.retry import Retry

from .env import env_bool, env_float, env_int, env_str

# Cache and sessions: Redis when REDIS_URL is set; otherwise a database cache,
# which every process (web, worker, scheduler) shares.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Fails open (ops/cache_backends.py): with Redis down pages are served
    # uncached and sessions come from the database.
    _redis_timeout = env_float("REDIS_TIMEOUT_SECONDS", 1.0)
    CACHES = {
        "default": {
            "BACKEND": "ops.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {
                "socket_connect_timeout": _redis_timeout,
                "socket_timeout": _redis_timeout,
                "retry": Retry(NoBackoff(), retries=1),
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }
# The full-page cache (pagecache/cache.py) for anonymous visitors: in the same Redis or
# in a database table of its own, so that its entries never crowd out the rest.
PORTAL_PAGE_CACHE_ENABLED = env_bool("PORTAL_PAGE_CACHE", True)
PORTAL_PAGE_CACHE_ALIAS = "pages"
# How long the server keeps a page at most (publishing drops it at once; this bounds
# time-dependent listings such as upcoming events).
PORTAL_PAGE_CACHE_TIMEOUT = env_int("PORTAL_PAGE_CACHE_TIMEOUT", 600)
CACHES["pages"] = (
    {**CACHES["default"], "KEY_PREFIX": "pages"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_page_cache",
        "OPTIONS": {"MAX_ENTRIES": env_int("PORTAL_PAGE_CACHE_MAX_ENTRIES", 50_000)},
    }
)
# The per-process memos of the chrome, shared page context and main content
# (core/memo.py); off only to measure or test rendering without them.
PORTAL_MEMO_ENABLED = env_bool("PORTAL_MEMO", True)
# Cache-Control of public pages: browsers keep them briefly, a CDN in front longer
# (it is purged on publish when WAGTAILFRONTENDCACHE is configured, see below).
PORTAL_BROWSER_MAX_AGE = env_int("PORTAL_BROWSER_MAX_AGE", 60)
PORTAL_CDN_MAX_AGE = env_int("PORTAL_CDN_MAX_AGE", 600)
PORTAL_STALE_WHILE_REVALIDATE = env_int("PORTAL_STALE_WHILE_REVALIDATE", 300)
# A CDN or caching proxy in front, purged on publish with what the page cache drops
# (pagecache/cache.py, through wagtail.contrib.frontend_cache's backends): a proxy that
# takes HTTP PURGE requests (Varnish, nginx) at CDN_PURGE_URL, and/or Cloudflare.
WAGTAILFRONTENDCACHE = {}
# The URLs purged are each language's own (the page cache works them out), not one
# path repeated under every language prefix.
WAGTAILFRONTENDCACHE_LANGUAGES = []
if env_str("CDN_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("CDN_PURGE_URL"),
    }
if env_str("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_API_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
    }
# Image renditions are looked up once per image and size on every page: keep them
# in each process's memory rather than a query each in the database cache (a
# rendition never changes; a replaced image gets new renditions).
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 20_000},
}
