"""Settings shared by every environment; each value can come from the environment."""

import datetime as dt
from pathlib import Path

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

import dj_database_url

# Caches, sessions, the page cache and the CDN, by name.
# Members' sign-in (django-allauth): only settings' names, read as settings.NAME.
from .accounts import *  # noqa: F403
from .caching import (  # noqa: F401
    CACHES,
    PORTAL_BROWSER_MAX_AGE,
    PORTAL_CDN_MAX_AGE,
    PORTAL_MEMO_ENABLED,
    PORTAL_PAGE_CACHE_ALIAS,
    PORTAL_PAGE_CACHE_ENABLED,
    PORTAL_PAGE_CACHE_TIMEOUT,
    PORTAL_STALE_WHILE_REVALIDATE,
    REDIS_URL,
    SESSION_ENGINE,
    WAGTAILFRONTENDCACHE,
    WAGTAILFRONTENDCACHE_LANGUAGES,
)
from .env import (
    email_settings,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
    logging_settings,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# The public origin of every absolute link (emails, feeds, canonical, sitemap).
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
CSRF_TRUSTED_ORIGINS = [PORTAL_BASE_URL]

# How many reverse proxies' X-Forwarded-For entries to trust for the client address.
PORTAL_PROXY_COUNT = env_int("PORTAL_PROXY_COUNT", 0)

# Staging safety (portal/staging.py): the production origin; other hosts answer
# noindex, and a site whose PORTAL_BASE_URL is not this origin emails only the
# addresses and @domains of PORTAL_EMAIL_ALLOWLIST.
PORTAL_PRODUCTION_URL = (env_str("PORTAL_PRODUCTION_URL") or PORTAL_BASE_URL).rstrip(
    "/"
)
PORTAL_EMAIL_ALLOWLIST = env_list("PORTAL_EMAIL_ALLOWLIST")

INSTALLED_APPS = [
    "portal",
    # The demo site, built from every section.
    "demo",
    "participation",  # what members do with the feature apps, a layer above them
    # Feature apps, each using the shared apps below, never one another.
    "home",
    "stories",
    "events",
    "newsletter",
    "members",
    # Shared apps.
    "ops",
    "pagecache",
    "translation",
    "core",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Members' accounts (sign-up, verification, password reset, passkeys and TOTP).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Sign-in protection: lockout after repeated failures, optional TOTP codes.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    # Operations: a request id and one log line per request; noindex off production.
    "ops.logs.RequestLogMiddleware",
    "ops.staging.NoIndexMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CSP and the other headers, above whitenoise and any page cache.
    "ops.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers cached pages before anything below runs (portal/cache.py).
    "core.versions.VersionsMiddleware",
    "pagecache.cache.PageCacheMiddleware",
    "core.middleware.KnownSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Admin sign-in: staff without an authenticator app when one is required.
    "ops.two_factor.RequireTwoFactorMiddleware",
    # Near the end, so that its process_exception sees a view's exception first.
    "ops.unavailable.DatabaseUnavailableMiddleware",
    # Last, as django-axes documents: a lockout becomes the sign-in page's message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "OPTIONS": {
            # Django's cached loaders, with the project's HTML templates read without
            # their indentation, which pages need not carry (core/template_loaders.py).
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "core.template_loaders.FilesystemLoader",
                        "core.template_loaders.AppDirectoriesLoader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.basics.identity",
                "core.bandwidth.bandwidth",
            ],
        },
    },
]

# DATABASE_URL, else SQLite in WAL mode: the server, worker and scheduler write at once.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA "
        "mmap_size=268435456; PRAGMA cache_size=-32768;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Housekeeping `run_scheduler` queues for the worker: (task, seconds between runs).
PORTAL_PERIODIC_TASKS = [
    ("newsletter.subscriptions.purge_expired_task", 24 * 3600),
    ("newsletter.tasks.purge_newsletter_records_task", 24 * 3600),
    ("newsletter.tasks.sweep_sends_task", 10 * 60),
    ("ops.tasks.heartbeat_task", 60),
    ("ops.tasks.analyze_task", 24 * 3600),
    *MEMBERS_PERIODIC_TASKS,
    *PARTICIPATION_PERIODIC_TASKS,
]
# /readyz fails when the worker's heartbeat or the oldest task queued is older (s).
PORTAL_READY_HEARTBEAT_MAX_AGE = env_int("PORTAL_READY_HEARTBEAT_MAX_AGE", 300)
PORTAL_READY_QUEUE_MAX_AGE = env_int("PORTAL_READY_QUEUE_MAX_AGE", 900)
# Where `make backup` (manage.py backup_site) writes its folders.
PORTAL_BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "backups")))
# What a backup's manifest counts besides pages, images and documents, to compare a
# restored site with its backup (ops/backup.py).
PORTAL_BACKUP_COUNTED_MODELS = ["newsletter.Subscriber", "auth.User"]

# django-axes first: it refuses a locked-out sign-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# seed_demo's made-up people: a sign-in account per role, with passwords it prints,
# and newsletter readers with a history of sends. Only the dev settings turn it on.
PORTAL_DEMO_PEOPLE = False

# PORTAL_LANGUAGES: the shipped languages or more Django knows; English is default.
PORTAL_LANGUAGES = env_list("PORTAL_LANGUAGES", "en,fr,es,pt,ar")
if not PORTAL_LANGUAGES:
    raise ImproperlyConfigured("PORTAL_LANGUAGES needs at least one language code")
_unknown = [code for code in PORTAL_LANGUAGES if code not in LANG_INFO]
if _unknown:
    raise ImproperlyConfigured(
        f"PORTAL_LANGUAGES has unknown codes: {', '.join(_unknown)}"
    )
LANGUAGES = [(code, LANG_INFO[code]["name"]) for code in PORTAL_LANGUAGES]
LANGUAGE_CODE = "en" if "en" in PORTAL_LANGUAGES else PORTAL_LANGUAGES[0]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Serve uploaded media from Django when no object storage or web server does it.
PORTAL_SERVE_MEDIA = env_bool("PORTAL_SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Learning Commons <newsletter@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email = email_settings(env_str("EMAIL_URL", "console:"))
# The backend that delivers (from EMAIL_URL); EMAIL_BACKEND wraps it so that a site
# which is not the production origin emails only PORTAL_EMAIL_ALLOWLIST.
PORTAL_EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"]
EMAIL_BACKEND = "ops.mail.AllowlistEmailBackend"

# The newsletter (newsletter/): sending speed for relays that need it (messages per
# second, 0 = as fast as the server takes them), the shared secret of the bounce
# webhook, an optional mailto: unsubscribe address, and how long records are kept.
NEWSLETTER_RATE_LIMIT = env_float("NEWSLETTER_RATE_LIMIT", 0)
NEWSLETTER_BOUNCE_SECRET = env_str("NEWSLETTER_BOUNCE_SECRET")
NEWSLETTER_UNSUBSCRIBE_MAILTO = env_str("NEWSLETTER_UNSUBSCRIBE_MAILTO")
NEWSLETTER_PENDING_RETENTION_DAYS = env_int("NEWSLETTER_PENDING_RETENTION_DAYS", 30)
NEWSLETTER_CONFIRM_MAX_AGE_DAYS = env_int("NEWSLETTER_CONFIRM_MAX_AGE_DAYS", 7)
NEWSLETTER_CONFIRM_RESEND_SECONDS = env_int("NEWSLETTER_CONFIRM_RESEND_SECONDS", 300)
# Subscribe attempts allowed per client address in a window of seconds.
NEWSLETTER_SUBSCRIBE_RATE_LIMIT = (
    env_int("NEWSLETTER_SUBSCRIBE_ATTEMPTS", 5),
    env_int("NEWSLETTER_SUBSCRIBE_WINDOW_SECONDS", 600),
)
NEWSLETTER_DELIVERY_RETENTION_DAYS = env_int("NEWSLETTER_DELIVERY_RETENTION_DAYS", 365)
NEWSLETTER_FROM_EMAIL = env_str("NEWSLETTER_FROM_EMAIL")  # else DEFAULT_FROM_EMAIL
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 100)
NEWSLETTER_MAX_ATTEMPTS = env_int("NEWSLETTER_MAX_ATTEMPTS", 5)
NEWSLETTER_RETRY_BACKOFF_SECONDS = env_int("NEWSLETTER_RETRY_BACKOFF_SECONDS", 60)
# A sending worker without a heartbeat for this long is taken for dead.
NEWSLETTER_WORKER_STALE_SECONDS = env_int("NEWSLETTER_WORKER_STALE_SECONDS", 120)
# The first issue gathers the new work of this many days.
NEWSLETTER_NEW_SINCE_DAYS = env_int("NEWSLETTER_NEW_SINCE_DAYS", 31)

WAGTAIL_SITE_NAME = "Learning Commons"
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    # documents and slides
    "pdf",
    "odt",
    "ods",
    "odp",
    "docx",
    "xlsx",
    "pptx",
    "txt",
    "csv",
    # recordings and their captions
    "mp3",
    "m4a",
    "ogg",
    "oga",
    "wav",
    "mp4",
    "webm",
    "vtt",
]
# Upload limits (portal/uploads.py): images and documents, in bytes.
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif", "gif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024**2)
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("WAGTAILDOCS_MAX_UPLOAD_SIZE", 200 * 1024**2)
# The document form that refuses markup disguised under an allowed extension.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "ops.uploads.PortalDocumentForm"
# Documents open in the browser only for these types; every other one downloads.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAIL_ALLOW_UNICODE_SLUGS = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Machine pre-translation for wagtail-localize: DeepL with an API key, or a
# LibreTranslate server; without either the translate actions work by hand.
_deepl_key = env_str("DEEPL_API_KEY")
_libretranslate_url = env_str("LIBRETRANSLATE_URL")
if _deepl_key:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": _deepl_key},
    }
elif _libretranslate_url:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": _libretranslate_url,
            "API_KEY": env_str("LIBRETRANSLATE_API_KEY"),
        },
    }

# Security headers (portal/security.py). Video platforms whose players stories
# and recordings may embed, and extra sources per directive for either policy:
# "img-src https://cdn.example.org; media-src https://cdn.example.org".
PORTAL_CSP_FRAME_SOURCES = env_list(
    "PORTAL_CSP_FRAME_SOURCES",
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com",
)
PORTAL_CSP_EXTRA_SOURCES = env_str("PORTAL_CSP_EXTRA_SOURCES")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Cookies: same-site only; scripts never need the CSRF or language cookie (the admin
# reads its token from the page).
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True

# Admin sign-in (django-axes): lock a username from one client address out after
# AXES_FAILURE_LIMIT failures for AXES_COOLOFF_MINUTES; `manage.py axes_reset` lifts it.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.utils.client_ip"
AXES_LOCKOUT_CALLABLE = "ops.two_factor.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Staff without a confirmed authenticator app must add one before using the admin.
PORTAL_REQUIRE_2FA_FOR_STAFF = env_bool("PORTAL_REQUIRE_2FA_FOR_STAFF", False)
WAGTAILADMIN_USER_LOGIN_FORM = "ops.two_factor.LoginForm"
# The issuer name authenticator apps show beside the code.
OTP_TOTP_ISSUER = MFA_TOTP_ISSUER = WAGTAIL_SITE_NAME
# allauth counts rate limits on the client behind PORTAL_PROXY_COUNT proxies, as
# core.utils.client_ip does, so one proxy never stands for everyone.
ALLAUTH_TRUSTED_PROXY_COUNT = PORTAL_PROXY_COUNT
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Logs on the console: LOG_FORMAT `text` here and in dev, `json` (one object per
# line) in production; LOG_LEVEL for everything but the request and task lines.
LOG_LEVEL = env_str("LOG_LEVEL", "WARNING")
LOG_FORMAT = env_str("LOG_FORMAT", "text").lower()
LOGGING = logging_settings(LOG_FORMAT, LOG_LEVEL)
