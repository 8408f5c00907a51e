"""Certificates, with the real SMTP server and read back with a PDF text extractor:
an organiser marks attendance in the admin, the participant is emailed the link and
downloads a PDF with their name, the event, its date and host, and the verification
address; that address confirms the certificate and a forged one is refused. Arabic
certificates are right to left in an Arabic font; hosts get one for hosting."""

import datetime as dt
import io
import re
from urllib.parse import urlsplit

from django.utils import timezone

import pytest
from pypdf import PdfReader

from home.roles import COORDINATORS
from participation import certificates, clinics
from participation.models import Certificate, ClinicProposal, EventRegistration
from tests.home.factories import member_of
from tests.members.test_accounts import text_of
from tests.members.test_matching import make
from tests.participation.test_registrations import event  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(page.extract_text() for page in reader.pages)


def fonts_of(content: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(content))
    found = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]))
    return found


@pytest.fixture
def came(event):  # noqa: F811
    return EventRegistration.objects.create(
        event=event,
        event_key=event.translation_key,
        name="Anaïs Dupont",
        email="anais@example.org",
        language="fr",
        status=EventRegistration.Status.CONFIRMED,
    )


def test_marking_attendance_emails_the_certificate_which_says_who_and_what(
    client, mail, came, django_capture_on_commit_callbacks
):
    client.force_login(member_of(COORDINATORS, "org"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/event_registrations/edit/{came.pk}/", {"attended": "on"}
        )
    assert response.status_code == 302
    [message] = mail.messages
    assert message["To"] == "anais@example.org"
    assert message["Content-Language"] == "fr"
    found = re.search(
        r"https?://\S+/community/events/certificate/\S+/", text_of(message)
    )
    download = client.get(urlsplit(found.group(0)).path)
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    text = pdf_text(download.content)
    certificate = Certificate.objects.get(registration=came)
    assert "Anaïs Dupont" in text
    assert "Budgets clinic" in text
    assert came.event.organiser in text
    assert str(came.event.start.year) in text
    assert certificate.code in text.replace("\n", "")
    # Saving again without a change sends nothing more.
    mail.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/event_registrations/edit/{came.pk}/", {"attended": "on"})
    assert mail.messages == []


def test_the_verification_page_confirms_a_certificate_and_refuses_a_forged_one(
    client, came
):
    came.attended = True
    came.save()
    certificate = certificates.for_attendance(came)
    url = urlsplit(certificates.verification_url(certificate)).path
    assert url == f"/fr/community/certificates/{certificate.code}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Anaïs Dupont" in page.content.decode()
    forged = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    refused = client.get(f"/fr/community/certificates/{forged}/")
    assert refused.status_code == 404
    assert "Anaïs Dupont" not in refused.content.decode()
    assert client.get("/ar/community/certificates/%00<script>/").status_code == 404


def test_no_certificate_before_attendance_nor_with_a_forged_link(client, came):
    token = certificates.download_token(came)
    assert client.get(f"/fr/community/events/certificate/{token}/").status_code == 404
    with pytest.raises(certificates.NotYet):
        certificates.for_attendance(came)
    came.attended = True
    came.save()
    assert client.get(f"/fr/community/events/certificate/{token}x/").status_code == 404
    assert client.get(f"/fr/community/events/certificate/{token}/").status_code == 200


def test_an_arabic_certificate_is_right_to_left_in_an_arabic_font(came):
    came.attended = True
    came.language = "ar"
    came.name = "ليلى بن علي"
    came.save()
    certificate = certificates.for_attendance(came)
    content = certificates.pdf(certificate)
    assert any("Arabic" in font for font in fonts_of(content)), fonts_of(content)
    text = pdf_text(content)
    assert certificate.code in text.replace("\n", "")
    assert "ليلى" in text or "ﻟﻴﻠﻰ" in text or "ىليل" in text


def test_a_member_finds_their_certificates_in_their_area(client, came):
    member = make("anais")
    came.user = member.user
    came.attended = True
    came.save()
    client.force_login(member.user)
    assert (
        "/fr/community/events/certificates/"
        in client.get("/fr/accounts/me/").content.decode()
    )
    listing = client.get("/fr/community/events/certificates/").content.decode()
    assert "Budgets clinic" in listing
    assert "/community/events/certificate/" in listing


def test_a_host_gets_a_certificate_once_the_clinic_is_over(
    client,
    event,  # noqa: F811
):
    host = make("host", language="fr")
    ambassador = clinics.appoint(host, None)
    proposal = ClinicProposal.objects.create(
        ambassador=ambassador,
        title=event.title,
        outcomes="Budgets.",
        language="en",
        format="online",
        time_zone="UTC",
        dates=[event.start.isoformat()],
        minutes=60,
        capacity=10,
        status=ClinicProposal.Status.ACCEPTED,
        event=event,
    )
    client.force_login(host.user)
    path = f"/fr/community/clinics/{proposal.pk}/certificate/"
    assert client.get(path).status_code == 404  # not held yet
    event.start = timezone.now() - dt.timedelta(days=2)
    event.end = event.start + dt.timedelta(hours=1)
    event.save()
    response = client.get(path)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Host" in text and "Budgets clinic" in text
    other = make("other")
    client.force_login(other.user)
    assert client.get(path).status_code == 404
