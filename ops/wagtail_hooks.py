from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from . import two_factor

two_factor_urlpatterns = [
    path("", two_factor.manage, name="manage"),
    path("start/", two_factor.start, name="start"),
]


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path(
            "two-factor/",
            include(
                (two_factor_urlpatterns, "portal_two_factor"),
                namespace="portal_two_factor",
            ),
        )
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request):
    return {
        "url": reverse("portal_two_factor:manage"),
        "label": _("Two-factor authentication"),
        "help_text": _(
            "Ask for a code from an authenticator app on your phone when you sign in."
        ),
    }
