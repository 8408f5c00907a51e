"""Creates the `admin` superuser on first run and says where to sign in."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the admin user when no superuser exists (password: PORTAL_ADMIN_PASSWORD or generated)."

    def handle(self, *args, **options):
        User = get_user_model()
        base = settings.PORTAL_BASE_URL
        lines = [f"Site:  {base}/", f"Admin: {base}/admin/"]
        if User.objects.filter(is_superuser=True).exists():
            lines.append(
                "Admin user exists already; sign in with the password you set before."
            )
        else:
            password = os.environ.get("PORTAL_ADMIN_PASSWORD") or secrets.token_urlsafe(
                12
            )
            User.objects.create_superuser("admin", "admin@localhost", password)
            if os.environ.get("PORTAL_ADMIN_PASSWORD"):
                lines.append("Sign in as: admin (password from PORTAL_ADMIN_PASSWORD)")
            else:
                lines.append(f"Sign in as: admin / {password}  (shown once; keep it)")
        self.stdout.write("\n".join(lines))
