"""Organisers' side of registrations: coordinators and moderators list, filter and
export who registered, and mark who came; editors and translators do not see them;
the form changes nothing but attendance."""

import pytest

from home.roles import COORDINATORS, EDITORS, MODERATORS
from participation.models import EventRegistration
from tests.home.factories import member_of
from tests.participation.test_registrations import event  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
LIST = "/admin/event_registrations/"


@pytest.fixture
def registrations(event):  # noqa: F811
    def registration(email, status):
        return EventRegistration.objects.create(
            event=event,
            event_key=event.translation_key,
            name=email.split("@")[0].title(),
            email=email,
            language="fr",
            status=status,
        )

    return [
        registration("anais@example.org", EventRegistration.Status.CONFIRMED),
        registration("claire@example.org", EventRegistration.Status.WAITING),
    ]


@pytest.mark.parametrize("role", [COORDINATORS, MODERATORS])
def test_organisers_filter_export_and_mark_attendance(client, registrations, role):
    came, waiting = registrations
    client.force_login(member_of(role, "org"))
    listing = client.get(LIST + "?status=confirmed").content.decode()
    assert "anais@example.org" in listing
    assert "claire@example.org" not in listing
    export = client.get(LIST + "?export=csv")
    assert export["Content-Type"].startswith("text/csv")
    text = b"".join(export.streaming_content).decode()
    assert "anais@example.org" in text and "claire@example.org" in text
    edit = f"{LIST}edit/{came.pk}/"
    data = {"attended": "on", "status": "cancelled", "email": "x@example.org"}
    assert client.post(edit, data).status_code == 302
    came.refresh_from_db()
    assert came.attended
    assert (came.status, came.email) == ("confirmed", "anais@example.org")


def test_editors_do_not_see_registrations(client, registrations):
    client.force_login(member_of(EDITORS, "eddie"))
    assert client.get(LIST).status_code in (302, 403)
