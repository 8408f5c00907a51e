from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the site: logs, readiness, backups, staging safety, sign-in."""

    name = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from . import logs  # noqa: F401
