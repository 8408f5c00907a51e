"""Admin views of the newsletter: subscriber import, a person's data, and reports."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..imports import COLUMNS, ImportFileError, import_subscribers
from ..models import Subscriber
from ..subscriptions import export_subscriber_json

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
