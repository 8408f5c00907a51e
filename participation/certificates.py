"""Certificates: of participation, once a registration is marked as attended, and of
hosting, once an ambassador's clinic has taken place. Each is a PDF (WeasyPrint) in
the holder's language, right to left in Arabic, carrying a public verification
address; that page confirms what the certificate says, and knows no forged code.

The PDF is made when it is downloaded, from what was kept when the certificate was
issued: nothing to store, and the same document every time."""

from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info, override

from core.basics import site_identity
from core.emails import send_in_language
from core.utils import absolute_url

from .models import Certificate, ClinicProposal, EventRegistration

SALT = "participation.certificate"


class NotYet(Exception):
    """No certificate can be issued (not attended, not yet held)."""


def for_attendance(registration: EventRegistration) -> Certificate:
    """The participant's certificate, issued the first time it is asked for."""
    if not registration.attended:
        raise NotYet
    event = registration.event
    certificate, _created = Certificate.objects.get_or_create(
        registration=registration,
        defaults={
            "kind": Certificate.Kind.PARTICIPATION,
            "name": registration.name,
            "event_title": event.title,
            "held_at": event.start,
            "time_zone": event.time_zone,
            "host": event.organiser,
            "language": registration.language,
        },
    )
    return certificate


def for_hosting(proposal: ClinicProposal) -> Certificate:
    """The ambassador's certificate for hosting their clinic, once its page is
    published and the clinic is over."""
    event = proposal.event
    if event is None or not event.live or event.end > timezone.now():
        raise NotYet
    member = proposal.ambassador.member
    certificate, _created = Certificate.objects.get_or_create(
        proposal=proposal,
        defaults={
            "kind": Certificate.Kind.HOSTING,
            "name": member.display_name,
            "event_title": event.title,
            "held_at": event.start,
            "time_zone": event.time_zone,
            "host": member.display_name,
            "language": member.language,
        },
    )
    return certificate


def verification_url(certificate: Certificate) -> str:
    with override(certificate.language):
        return absolute_url(reverse("certificates:verify", args=[certificate.code]))


def pdf(certificate: Certificate) -> bytes:
    """The certificate as a PDF, in its language."""
    from weasyprint import HTML  # loads Pango: only where a PDF is made

    language = certificate.language
    with override(language):
        html = render_to_string(
            "participation/certificate.html",
            {
                "certificate": certificate,
                "language_code": language,
                "language_bidi": get_language_info(language)["bidi"],
                "verify_url": verification_url(certificate),
                "site_name": site_identity().name,
            },
        )
    return HTML(string=html).write_pdf()


def download_token(registration: EventRegistration) -> str:
    return signing.dumps(registration.pk, salt=SALT)


def from_download_token(token: str) -> EventRegistration | None:
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return (
        EventRegistration.objects.filter(pk=pk, attended=True)
        .select_related("event")
        .first()
    )


def download_url(registration: EventRegistration) -> str:
    with override(registration.language):
        return absolute_url(
            reverse("participation:certificate", args=[download_token(registration)])
        )


def attendance_marked(registration: EventRegistration) -> None:
    """Thank the participant, with the way to their certificate (once committed)."""
    transaction.on_commit(lambda: notify_attended(registration))


def notify_attended(registration: EventRegistration) -> None:
    send_in_language(
        registration.language,
        registration.email,
        "participation/email/attended",
        {
            "registration": registration,
            "event": registration.event,
            "certificate_url": download_url(registration),
        },
    )
