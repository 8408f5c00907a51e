from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Taking part: registrations, proposals, calls")

    def ready(self) -> None:
        from . import signals

        signals.connect()
