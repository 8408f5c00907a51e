"""Removes a user's authenticator apps, for someone who lost their phone."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Remove every authenticator app (TOTP device) of a user, so that they sign "
        "in with their password alone (and can add a new app)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        if removed:
            self.stdout.write(
                f"Removed {removed} authenticator app(s) of {username}: "
                "they sign in with their password alone until they add a new one."
            )
        else:
            self.stdout.write(f"{username} has no authenticator app; nothing changed.")
