from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import slugs, views

translation_urlpatterns = [
    path("", views.translations_report, name="report"),
    path(
        "<int:page_id>/<str:language>/schedule/",
        views.schedule_translation,
        name="schedule",
    ),
    path(
        "<int:page_id>/<str:language>/<slug:action>/",
        views.translation_action,
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
    template_name = "translation/admin/translations_panel.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "summaries": views.dashboard_summaries(request.user),
            "report_url": reverse("portal_translations:report"),
        }


@hooks.register("construct_homepage_panels")
def add_translations_panel(request, panels) -> None:
    panels.append(TranslationsPanel())


@hooks.register("before_edit_page", order=-1)
def explain_slug_rule(request, page) -> None:
    """In wagtail-localize's translation editor (which this hook runs before), a
    notice about a slug left untranslated: wagtail-localize would otherwise only
    count it among the missing strings. Wagtail shows it with the page's messages."""
    if request.method == "GET":
        notice = slugs.editor_notice(page)
        if notice:
            messages.info(request, notice)
