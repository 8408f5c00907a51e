"""Creates or updates groups, permissions and workflows for every configured language."""

from django.core.management.base import BaseCommand

from home.roles import sync_roles


class Command(BaseCommand):
    help = (
        "Keep locales, groups, page and collection permissions and the review "
        "workflow in step with the configured languages (safe to rerun)."
    )

    def handle(self, *args, **options):
        groups = sync_roles()
        if options["verbosity"]:
            names = ", ".join(group.name for group in groups)
            self.stdout.write(f"Roles in step: {names}")
