"""Admin views of the newsletter: subscriber import, a person's data, and reports."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..imports import COLUMNS, ImportFileError, import_subscribers
from ..issue_versions import recipients_by_language
from ..models import NewsletterIssuePage, Send, Subscriber
from ..privacy import export_subscriber_json
from ..reports import (
    click_rates,
    deliveries_needing_attention,
    send_progress,
    send_report,
)
from ..sending import send_test, start_send
from ..tasks import enqueue_send

MAX_IMPORT_BYTES = 10 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma-separated, with the column names on the first line."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB; split it."))
        return upload


class SubscriberImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a CSV of subscribers; show what was imported and every row skipped."""

    form_class = ImportForm
    template_name = "newsletter/admin/import.html"
    page_title = _("Import subscribers")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("newsletter.add_subscriber"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("newsletter_subscribers:index"), "label": _("Subscribers")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = COLUMNS
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            report = import_subscribers(upload.read(), source=f"import: {upload.name}")
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(confirmed)s confirmed and %(pending)s pending subscribers imported.")
            % {"confirmed": report.confirmed, "pending": report.pending},
        )
        return self.render_to_response(
            self.get_context_data(form=self.form_class(), report=report)
        )


def subscriber_data(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything stored about one person, as a JSON download (a data request)."""
    if not request.user.has_perm("newsletter.view_subscriber"):
        raise PermissionDenied
    subscriber = get_object_or_404(Subscriber, pk=pk)
    response = HttpResponse(
        export_subscriber_json(subscriber), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="subscriber-{subscriber.pk}.json"'
    )
    return response


def require(request: HttpRequest, permission: str) -> None:
    """Refuse the request unless the user holds `permission`."""
    if not request.user.has_perm(permission):
        raise PermissionDenied


def issue_send(request: HttpRequest, page_id: int) -> HttpResponse:
    """Confirm before sending: how many will receive the issue, in which language;
    or send a test to the editor's own address."""
    require(request, "newsletter.add_send")
    issue = get_object_or_404(NewsletterIssuePage, pk=page_id).specific
    send = Send.objects.filter(translation_key=issue.translation_key).first()
    if request.method == "POST":
        action = request.POST.get("action")
        if not issue.live:
            messages.error(request, _("Publish the issue before sending it."))
        elif action == "test":
            if not request.user.email:
                messages.error(request, _("Your account has no email address."))
            else:
                send_test(issue, request.user.email)
                messages.success(
                    request,
                    _("A test copy was sent to %(email)s.")
                    % {"email": request.user.email},
                )
        elif action == "send":
            send = start_send(issue)
            enqueue_send(send)
            messages.success(request, _("Sending has started."))
            return redirect("newsletter_sends:detail", send.pk)
        return redirect("newsletter_sends:issue", issue.pk)
    names = dict(settings.LANGUAGES)
    recipients = [
        {
            **row,
            "language_name": names.get(row["language"], row["language"]),
            "issue_language_name": names.get(
                row["issue_language"], row["issue_language"]
            ),
        }
        for row in recipients_by_language(issue)
    ]
    return TemplateResponse(
        request,
        "newsletter/admin/issue_send.html",
        {
            "issue": issue,
            "send": send,
            "recipients": recipients,
            "total": sum(row["count"] for row in recipients),
            "page_title": _("Send the newsletter"),
        },
    )


def send_detail(request: HttpRequest, send_id: int) -> HttpResponse:
    """Progress while it sends, then what the issue achieved."""
    require(request, "newsletter.view_send")
    send = get_object_or_404(Send.objects.select_related("issue"), pk=send_id)
    later = (
        Send.objects.filter(started_at__gt=send.started_at).order_by("started_at")
        if send.started_at
        else Send.objects.none()
    )
    report = send_report(send, later.first())
    names = dict(settings.LANGUAGES)
    statuses = ["sent", "failed", "unknown", "skipped", "queued"]
    by_language = [
        (names.get(code, code), [counts.get(status, 0) for status in statuses])
        for code, counts in sorted(report.by_language.items())
    ]
    return TemplateResponse(
        request,
        "newsletter/admin/send_detail.html",
        {
            "send": send,
            "progress": send_progress(send),
            "report": report,
            "by_language": by_language,
            "attention": deliveries_needing_attention(send)[:200],
            "page_title": _("Newsletter send"),
        },
    )


def send_progress_json(request: HttpRequest, send_id: int) -> JsonResponse:
    """The progress counts, polled by the send page while it sends."""
    require(request, "newsletter.view_send")
    return JsonResponse(send_progress(get_object_or_404(Send, pk=send_id)))


def send_reports(request: HttpRequest) -> HttpResponse:
    """Every issue sent, with its click rate across issues as a small chart."""
    require(request, "newsletter.view_send")
    rows = click_rates()
    top = max([row["rate"] for row in rows] + [1.0])
    for position, row in enumerate(rows):
        row["height"] = round(100 * row["rate"] / top)
        row["y"] = 110 - row["height"]
        row["x"] = position * 36
    return TemplateResponse(
        request,
        "newsletter/admin/send_reports.html",
        {
            "rows": rows,
            "chart_width": max(len(rows) * 36, 36),
            "page_title": _("Newsletter reports"),
        },
    )
