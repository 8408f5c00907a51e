"""Local development: what `manage.py` and `make run` use."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-secret-key-not-for-production")
# Demo accounts and newsletter readers on a debug server, as `make run` serves; a dev
# server run with DEBUG=0 (the benchmarks, the browser tests' site) has neither, so
# its subscribers and sends are only the ones it makes.
PORTAL_DEMO_PEOPLE = DEBUG

# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
