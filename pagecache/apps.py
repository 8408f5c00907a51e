from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """The full-page cache for anonymous visitors and its exact invalidation."""

    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self) -> None:
        from . import signals

        signals.connect_shown_everywhere()
