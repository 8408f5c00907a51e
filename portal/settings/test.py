"""Tests: fast hashing, local memory cache, tasks run in-process, mail kept in memory."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .env import env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "test-only-secret-key")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
    },
    "renditions": CACHES["renditions"],
}
if REDIS_URL:
    # The page cache tests then run against Redis, in a database of its own for each
    # test process: clearing the cache empties the whole database.
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    CACHES["pages"] = {
        "BACKEND": "ops.cache_backends.ResilientRedisCache",
        "LOCATION": urlsplit(REDIS_URL)._replace(path=f"/{4 + worker}").geturl(),
        "KEY_PREFIX": "pages",
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The page cache and the memos are for the tests of them (tests/test_page_cache.py,
# tests/home/test_queries.py) to switch on: other tests change pages inside a
# transaction that never commits, so no invalidation would reach them.
PORTAL_PAGE_CACHE_ENABLED = False
PORTAL_MEMO_ENABLED = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PORTAL_BASE_URL = "https://commons.example.org"
PORTAL_PRODUCTION_URL = PORTAL_BASE_URL
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
ALLOWED_HOSTS = ["*"]
# Uploads go to a folder of this process's own, removed when the test session ends
# (tests/conftest.py); files on disk survive Django re-creating its storages.
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"portal-test-media-{os.getpid()}"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The test client's login() authenticates without a request, which django-axes
# refuses; the sign-in protection tests (tests/security/) turn it on.
AXES_ENABLED = False
