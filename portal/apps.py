from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project: settings, root URLs, base templates and static files. Installed
    for its templates, static files and the history of its early migrations."""

    name = "portal"
    verbose_name = _("Portal")
