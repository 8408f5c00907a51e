from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button, HeaderButton

from . import attention
from .forms import subscribe_form_context
from .models import NewsletterIssuePage, Subscriber
from .views import admin as admin_views


class SubscriberIndexView(generic.IndexView):
    """The subscriber list, with how many there are in each state and language."""

    @property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.request.user.has_perm("newsletter.add_subscriber"):
            buttons.append(
                HeaderButton(
                    _("Import CSV"),
                    url=reverse("newsletter_subscribers:import"),
                    icon_name="upload",
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(
            Subscriber.objects.order_by().values_list("status").annotate(n=Count("pk"))
        )
        context["status_counts"] = [
            (label, counts.get(value, 0)) for value, label in Subscriber.Status.choices
        ]
        context["language_counts"] = list(
            Subscriber.objects.confirmed()
            .order_by("language")
            .values_list("language")
            .annotate(n=Count("pk"))
        )
        return context


class SubscriberEditView(generic.EditView):
    """A subscriber's record, with their data to hand over on request."""

    @property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            HeaderButton(
                _("Download their data (JSON)"),
                url=reverse("newsletter_subscribers:data", args=[self.object.pk]),
                icon_name="download",
            ),
        ]


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    url_prefix = "newsletter/subscribers"
    name = "newsletter_subscribers"
    index_view_class = SubscriberIndexView
    edit_view_class = SubscriberEditView
    index_template_name = "newsletter/admin/subscriber_index.html"
    list_display = [
        "email",
        Column("get_language_display", label=_("language")),
        Column("get_status_display", label=_("status")),
        "created_at",
        "confirmed_at",
    ]
    list_filter = ["status", "language"]
    search_fields = ["email"]
    list_export = [
        "email",
        "language",
        "status",
        "consent_text",
        "consent_source",
        "consented_at",
        "confirmed_at",
        "unsubscribed_at",
        "bounced_at",
        "created_at",
    ]
    export_filename = "subscribers"
    form_fields = ["email", "language", "status", "topics"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", admin_views.SubscriberImportView.as_view(), name="import"),
            path("<int:pk>/data/", admin_views.subscriber_data, name="data"),
        ]


class NewsletterViewSetGroup(ModelViewSetGroup):
    items = (SubscriberViewSet,)
    menu_icon = "mail"
    menu_label = _("Newsletter")
    menu_name = "newsletter"


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return NewsletterViewSetGroup()


send_urlpatterns = [
    path("issue/<int:page_id>/", admin_views.issue_send, name="issue"),
    path("<int:send_id>/", admin_views.send_detail, name="detail"),
    path("<int:send_id>/progress/", admin_views.send_progress_json, name="progress"),
    path("", admin_views.send_reports, name="reports"),
]


@hooks.register("register_admin_urls")
def register_send_urls():
    return [
        path(
            "newsletter/sends/",
            include(
                (send_urlpatterns, "newsletter_sends"), namespace="newsletter_sends"
            ),
        )
    ]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("newsletter.view_send")


@hooks.register("register_reports_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        _("Newsletter reports"),
        reverse("newsletter_sends:reports"),
        icon_name="mail",
        order=900,
    )


@hooks.register("register_page_header_buttons")
def send_issue_button(page, user, view_name, next_url=None):
    """ "Send" on a newsletter issue, for those allowed to send."""
    if issubclass(page.specific_class, NewsletterIssuePage) and user.has_perm(
        "newsletter.add_send"
    ):
        yield Button(
            _("Send this issue"),
            reverse("newsletter_sends:issue", args=[page.pk]),
            icon_name="mail",
            priority=5,
        )


@hooks.register("render_signup_form")
def render_signup_form(request, auto_id: str) -> str:
    """The subscribe form for a signup block in any page body: it posts to the
    visitor's language's subscribe view like the newsletter index page's form."""
    return render_to_string(
        "newsletter/includes/subscribe_form.html",
        subscribe_form_context(request, auto_id=auto_id),
        request=request,
    )


@hooks.register("needs_attention_sections")
def next_issue_section(request) -> str:
    """The moderators' panel: where the next issue stands, with its next step."""
    return render_to_string(
        "newsletter/admin/needs_attention_issue.html",
        {"next_issue": attention.next_issue()},
        request=request,
    )
