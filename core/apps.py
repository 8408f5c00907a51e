from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The pieces every section builds on: base pages, blocks, the topic taxonomy,
    people, locales and the shared helpers."""

    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import signals  # noqa: F401
