"""A Wagtail Locale for every configured language after each migrate."""

from django.db.models.signals import post_migrate
from django.dispatch import receiver

from .locales import ensure_locales


@receiver(post_migrate)
def create_locales(sender, using: str = "default", **kwargs) -> None:
    if sender.name == "core":
        ensure_locales(using=using)
