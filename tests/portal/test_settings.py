"""Settings come from the environment, with a safe default for each."""

import json

from django.core.exceptions import ImproperlyConfigured

import pytest

from portal.settings.env import email_settings, env_bool
from tests.helpers import django_json, run_django


def test_email_url_smtp_on_loopback():
    config = email_settings("smtp://user:p%40ss@127.0.0.1:1025")
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("127.0.0.1", 1025)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == (
        "user",
        "p@ss",
    )
    assert not config["EMAIL_USE_TLS"] and not config["EMAIL_USE_SSL"]


def test_email_url_variants():
    assert email_settings("console:")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert email_settings("smtps://relay.example.org")["EMAIL_PORT"] == 465
    assert email_settings("submission://relay.example.org")["EMAIL_USE_TLS"] is True
    with pytest.raises(ImproperlyConfigured, match="unknown scheme"):
        email_settings("carrier-pigeon://loft")


def test_boolean_environment_values_are_checked(monkeypatch):
    monkeypatch.setenv("PORTAL_FLAG", "off")
    assert env_bool("PORTAL_FLAG", True) is False
    monkeypatch.setenv("PORTAL_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="PORTAL_FLAG"):
        env_bool("PORTAL_FLAG", True)


def test_default_database_is_sqlite_in_wal_mode(tmp_path):
    database = tmp_path / "portal.sqlite3"
    mode = django_json(
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode')\n"
        "    print(json.dumps([connection.vendor, c.fetchone()[0]]))",
        env={"DATABASE_URL": f"sqlite:///{database}"},
    )
    assert mode == ["sqlite", "wal"]


def test_postgres_url_adds_contrib_postgres():
    installed = django_json(
        "print(json.dumps([settings.DATABASES['default']['ENGINE'], "
        "'django.contrib.postgres' in settings.INSTALLED_APPS]))",
        env={"DATABASE_URL": "postgres://portal@db.internal:5432/portal"},
    )
    assert installed == ["django.db.backends.postgresql", True]


def test_without_redis_the_cache_is_shared_through_the_database():
    cache = django_json("print(json.dumps(settings.CACHES['default']['BACKEND']))")
    assert cache == "django.core.cache.backends.db.DatabaseCache"


def test_redis_url_moves_cache_and_sessions_to_redis():
    config = django_json(
        "print(json.dumps([settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE]))",
        env={"REDIS_URL": "redis://127.0.0.1:6379/3"},
    )
    assert config == [
        "ops.cache_backends.ResilientRedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]


def test_languages_come_from_portal_languages():
    config = django_json(
        "print(json.dumps([settings.LANGUAGE_CODE, [c for c, _ in settings.LANGUAGES]]))",
        env={"PORTAL_LANGUAGES": "fr, ar"},
    )
    assert config == ["fr", ["fr", "ar"]]


def test_unknown_language_code_fails_loudly():
    result = run_django("", "portal.settings.dev", {"PORTAL_LANGUAGES": "en,xx"})
    assert result.returncode != 0
    assert "PORTAL_LANGUAGES has unknown codes: xx" in result.stderr


def test_base_url_drives_absolute_links():
    config = django_json(
        "from core.utils import absolute_url\n"
        "print(json.dumps([absolute_url('/en/'), settings.WAGTAILADMIN_BASE_URL]))",
        env={"PORTAL_BASE_URL": "https://learn.example.net/"},
    )
    assert config == ["https://learn.example.net/en/", "https://learn.example.net"]


def test_production_refuses_to_start_without_secret_key():
    result = run_django("", "portal.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_is_secure_by_default_and_switchable_behind_a_proxy():
    code = (
        "print(json.dumps([settings.DEBUG, settings.SECURE_SSL_REDIRECT, "
        "settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS > 0, "
        "settings.STORAGES['staticfiles']['BACKEND']]))"
    )
    secure = django_json(code, "portal.settings.production", {"SECRET_KEY": "x" * 50})
    assert secure == [
        False,
        True,
        True,
        True,
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]
    behind_proxy = django_json(
        code,
        "portal.settings.production",
        {"SECRET_KEY": "x" * 50, "SECURE_SSL_REDIRECT": "0"},
    )
    assert behind_proxy[1] is False


def test_production_passes_the_deploy_check():
    result = run_django(
        "from django.core.checks import registry\n"
        "from django.core.management import call_command\n"
        "names = {check.__module__ for check in registry.registry.get_checks(True)}\n"
        "print(json.dumps(sorted(names)))\n"
        "print(json.dumps(settings.SILENCED_SYSTEM_CHECKS))\n"
        "call_command('check', deploy=True, fail_level='WARNING')",
        "portal.settings.production",
        {"SECRET_KEY": "a-long-random-production-secret-" + "k3y" * 12},
    )
    assert result.returncode == 0, result.stderr
    checks, silenced, verdict = result.stdout.strip().splitlines()[-3:]
    # The new apps' own checks ran too (django-axes: backend, middleware, lockout
    # parameters), and nothing is silenced: zero warnings means zero.
    assert "axes.checks" in json.loads(checks)
    assert "django.core.checks.security.base" in json.loads(checks)
    assert json.loads(silenced) == []
    assert verdict == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_admin_is_offline_safe():
    config = django_json(
        "print(json.dumps([settings.WAGTAIL_ENABLE_UPDATE_CHECK, "
        "settings.WAGTAIL_GRAVATAR_PROVIDER_URL]))"
    )
    assert config == [False, None]


def test_machine_translator_follows_the_environment():
    code = "print(json.dumps(getattr(settings, 'WAGTAILLOCALIZE_MACHINE_TRANSLATOR', None)))"
    assert django_json(code) is None
    deepl = django_json(code, env={"DEEPL_API_KEY": "k"})
    assert deepl["CLASS"].endswith("DeepLTranslator")
    libre = django_json(code, env={"LIBRETRANSLATE_URL": "http://127.0.0.1:5000"})
    assert libre["OPTIONS"]["LIBRETRANSLATE_URL"] == "http://127.0.0.1:5000"


def test_production_cookies_are_secure_httponly_and_same_site():
    names = ["SESSION", "CSRF", "LANGUAGE"]
    code = (
        "print(json.dumps([[getattr(settings, f'{name}_COOKIE_{part}') "
        f"for part in ('SECURE', 'HTTPONLY', 'SAMESITE')] for name in {names!r}]))"
    )
    cookies = django_json(code, "portal.settings.production", {"SECRET_KEY": "x" * 50})
    assert cookies == [[True, True, "Lax"]] * 3
