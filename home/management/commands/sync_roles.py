"""Creates or updates groups, permissions and workflows for every configured language."""

from django.core.management.base import BaseCommand

from portal.locales import ensure_locales


class Command(BaseCommand):
    help = "Keep roles, page permissions and locales in step with the configured languages."

    def handle(self, *args, **options):
        locales = ensure_locales()
        if options["verbosity"]:
            codes = ", ".join(locale.language_code for locale in locales)
            self.stdout.write(f"Locales in step: {codes}")
