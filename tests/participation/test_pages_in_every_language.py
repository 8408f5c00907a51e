"""The registration pages in every language: the language and direction on
<html>, markup that holds together, no id twice."""

import pytest

from participation import certificates, clinics, registrations
from participation.models import EventRegistration
from tests.members.test_matching import make
from tests.members.test_pages_in_every_language import LANGUAGES, check
from tests.participation.test_registrations import event  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", LANGUAGES)
def test_registration_pages(client, code, event):  # noqa: F811
    base = f"/{code}/community/events/"
    check(client.get(f"{base}{event.pk}/"), code)
    visitor = EventRegistration.objects.create(
        event=event,
        event_key=event.translation_key,
        name="Anaïs",
        email="anais@example.org",
        language=code,
    )
    for salt, name in (
        (registrations.CONFIRM_SALT, "confirm"),
        (registrations.CANCEL_SALT, "cancel"),
    ):
        check(client.get(f"{base}{name}/{registrations.token(visitor, salt)}/"), code)
    response = client.get(f"{base}cancel/forged/")
    assert response.status_code == 404
    member = make("claire")
    client.force_login(member.user)
    check(client.get(f"{base}{event.pk}/"), code)
    client.post(f"{base}{event.pk}/")
    check(client.get(f"{base}{event.pk}/"), code)


@pytest.mark.parametrize("code", LANGUAGES)
def test_clinic_and_certificate_pages(client, code, event):  # noqa: F811
    came = EventRegistration.objects.create(
        event=event,
        event_key=event.translation_key,
        name="Anaïs",
        email="anais@example.org",
        language=code,
        attended=True,
    )
    certificate = certificates.for_attendance(came)
    check(client.get(f"/{code}/community/certificates/{certificate.code}/"), code)
    check(client.get(f"/{code}/community/certificates/not-a-code/"), code, 404)
    member = make("lucia")
    came.user = member.user
    came.save()
    client.force_login(member.user)
    check(client.get(f"/{code}/community/clinics/"), code)  # not an ambassador
    check(client.get(f"/{code}/community/events/certificates/"), code)
    clinics.appoint(member, None)
    check(client.get(f"/{code}/community/clinics/"), code)
    check(client.get(f"/{code}/community/clinics/propose/"), code)
