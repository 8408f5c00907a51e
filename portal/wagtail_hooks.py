from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, two_factor
from .models import Person


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "role", "locale"]
    search_fields = ["name", "role"]


register_snippet(PersonViewSet)


translation_urlpatterns = [
    path("", admin_views.translations_report, name="report"),
    path(
        "<int:page_id>/<str:language>/schedule/",
        admin_views.schedule_translation,
        name="schedule",
    ),
    path(
        "<int:page_id>/<str:language>/<slug:action>/",
        admin_views.translation_action,
        name="action",
    ),
]


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [
        path(
            "translations/",
            include(
                (translation_urlpatterns, "portal_translations"),
                namespace="portal_translations",
            ),
        )
    ]


@hooks.register("register_reports_menu_item")
def register_translations_report_menu_item():
    return MenuItem(
        _("Translations"),
        reverse("portal_translations:report"),
        name="translations",
        icon_name="globe",
        order=150,
    )


class TranslationsPanel(Component):
    """The admin home's view of translation work: a bar per language, the
    user's own languages first."""

    name = "translations"
    order = 90
    template_name = "portal/admin/translations_panel.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "summaries": admin_views.dashboard_summaries(request.user),
            "report_url": reverse("portal_translations:report"),
        }


@hooks.register("construct_homepage_panels")
def add_translations_panel(request, panels) -> None:
    panels.append(TranslationsPanel())


@hooks.register("before_serve_page")
def note_page_for_the_cache(page, request, serve_args, serve_kwargs):
    """The page cache tags a response with the page that rendered it, so that a
    listing's feed and calendar routes are dropped with the listing."""
    request.page_cache_path = page.get_url(request)


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
