"""How django-allauth treats members: links in its emails on PORTAL_BASE_URL, the
site's name from the site identity, a member profile made at sign-up in the
language the visitor signed up in."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import get_language

from allauth.account.adapter import DefaultAccountAdapter

from core.basics import site_identity
from core.utils import absolute_url

from .models import Member


def on_base_url(url: str) -> str:
    """The same path and query on the public origin (allauth builds its links from
    the request's host)."""
    parts = urlsplit(url)
    return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))


def shipped_language() -> str:
    code = get_language() or settings.LANGUAGE_CODE
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class MemberAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        name = site_identity(self.request).name
        site = SimpleNamespace(
            name=name, domain=urlsplit(settings.PORTAL_BASE_URL).netloc
        )
        super().send_mail(
            template_prefix,
            email,
            {**context, "current_site": site, "site_name": name},
        )

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's emails say their language, as the site's own do."""
        headers = {"Content-Language": shipped_language(), **(headers or {})}
        return super().render_mail(template_prefix, email, context, headers=headers)

    def format_email_subject(self, subject: str) -> str:
        return f"{site_identity(self.request).name}: {subject}"

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return on_base_url(
            super().get_email_confirmation_url(request, emailconfirmation)
        )

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_base_url(super().get_reset_password_from_key_url(key))

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            Member.for_user(
                user, shipped_language(), form.cleaned_data.get("display_name", "")
            )
        return user
