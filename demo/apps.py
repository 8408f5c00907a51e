from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo site (`seed_demo`): content in every shipped language, built from
    every section, so it stands above the feature apps."""

    name = "demo"
    verbose_name = _("Demo content")
