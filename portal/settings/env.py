"""Small readers for configuration that comes from the environment."""

import os
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (1/0, true/false), not {raw!r}"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {raw!r}"
        ) from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def email_settings(url: str) -> dict[str, object]:
    """Translate an EMAIL_URL (smtp://, smtps://, console:, locmem:) into every
    EMAIL_* setting (Django's defaults where the URL says nothing)."""
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    unset = {
        "EMAIL_HOST": "localhost",
        "EMAIL_PORT": 25,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": False,
        "EMAIL_TIMEOUT": None,
    }
    if scheme in {"", "console"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            **unset,
        }
    if scheme == "locmem":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            **unset,
        }
    if scheme not in {"smtp", "smtps", "submission"}:
        raise ImproperlyConfigured(f"EMAIL_URL has an unknown scheme: {scheme!r}")
    options = parse_qs(parsed.query)
    use_ssl = scheme == "smtps"
    use_tls = scheme == "submission" or options.get("tls", ["0"])[0] in TRUE_VALUES
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_TIMEOUT": 20,
    }


LOG_FORMATS = {"json": "ops.logs.JSONFormatter", "text": "ops.logs.TextFormatter"}


def logging_settings(log_format: str, level: str) -> dict[str, object]:
    """LOGGING for LOG_FORMAT (`json`: one object per line; `text`) and LOG_LEVEL:
    everything goes to the console, with request and task lines at INFO."""
    if log_format not in LOG_FORMATS:
        raise ImproperlyConfigured(
            f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}"
        )
    level = level.upper() or "WARNING"
    activity = level if level in {"DEBUG", "INFO"} else "INFO"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "ops.logs.RequestIdFilter"}},
        "formatters": {"portal": {"()": LOG_FORMATS[log_format]}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "portal",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.request": {"level": "ERROR"},
            "portal.request": {"level": activity},
            "portal.tasks": {"level": activity},
            # django_tasks logs every task at INFO too; portal.tasks says it once.
            "django_tasks": {"level": "WARNING"},
        },
    }
