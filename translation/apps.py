from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    """Per-language translation work on top of wagtail-localize."""

    name = "translation"
    verbose_name = _("Translation")
