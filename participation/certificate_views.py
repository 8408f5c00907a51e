"""Certificates: the participant's download (from the link emailed when their
attendance is marked), the host's download (from their clinics), and the public
page that confirms a certificate is genuine."""

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from allauth.account.decorators import verified_email_required

from . import certificates
from .clinic_views import ambassador_of
from .models import Certificate, ClinicProposal, EventRegistration

CODE = re.compile(r"[A-Za-z0-9_-]{1,16}")


def as_pdf(certificate: Certificate) -> HttpResponse:
    response = HttpResponse(
        certificates.pdf(certificate), content_type="application/pdf"
    )
    name = slugify(certificate.event_title)[:60] or "certificate"
    response["Content-Disposition"] = f'attachment; filename="certificate-{name}.pdf"'
    return response


@never_cache
@require_GET
def participation(request: HttpRequest, token: str) -> HttpResponse:
    registration = certificates.from_download_token(token)
    if registration is None:
        raise Http404
    return as_pdf(certificates.for_attendance(registration))


@never_cache
@require_GET
@verified_email_required
def hosting(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        ClinicProposal.objects.select_related("event", "ambassador__member"),
        pk=pk,
        ambassador=ambassador_of(request),
        status=ClinicProposal.Status.ACCEPTED,
    )
    try:
        return as_pdf(certificates.for_hosting(proposal))
    except certificates.NotYet:
        raise Http404 from None


@never_cache
@require_GET
@verified_email_required
def mine(request: HttpRequest) -> HttpResponse:
    """The member's events they came to, each with its certificate."""
    attended = EventRegistration.objects.filter(
        user=request.user, attended=True
    ).select_related("event")
    return TemplateResponse(
        request,
        "participation/certificates.html",
        {
            "attended": [
                (registration, certificates.download_url(registration))
                for registration in attended.order_by("-event__start")
            ]
        },
    )


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    # Only what a code can be reaches the database (PostgreSQL refuses a NUL).
    found = Certificate.objects.filter(code=code) if CODE.fullmatch(code) else None
    certificate = found.first() if found is not None else None
    return TemplateResponse(
        request,
        "participation/verify.html",
        {"certificate": certificate},
        status=200 if certificate else 404,
    )
