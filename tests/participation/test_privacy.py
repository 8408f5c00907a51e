"""A member's event registrations, clinic proposals, certificates and barnstars are
in the download of all the site holds on them, and go with their account when they
erase it."""

import json

import pytest

from participation import certificates, clinics
from participation.models import (
    Certificate,
    ClinicProposal,
    EventRegistration,
    Recognition,
)
from tests.members.test_matching import make
from tests.participation.test_registrations import event, path  # noqa: F401

pytestmark = pytest.mark.django_db


def test_downloaded_then_erased_with_the_account(client, event):  # noqa: F811
    member = make("claire")
    member.user.set_password("a long passphrase")
    member.user.save()
    client.force_login(member.user)
    client.post(path(event))
    registration = EventRegistration.objects.get(user=member.user)
    registration.attended = True
    registration.save()
    certificates.for_attendance(registration)
    ClinicProposal.objects.create(
        ambassador=clinics.appoint(member, None),
        title="Budgets together",
        outcomes="Budgets.",
        language="en",
        format="online",
        time_zone="UTC",
        dates=[event.start.isoformat()],
        minutes=60,
        capacity=10,
    )
    Recognition.objects.create(member=member, kind="story", citation="For the story.")
    data = json.loads(client.get("/en/accounts/me/data/").content)
    [mine] = data["event_registrations"]
    assert (mine["event"], mine["status"]) == ("Budgets clinic", "confirmed")
    assert [p["title"] for p in data["clinic_proposals"]] == ["Budgets together"]
    assert [c["event"] for c in data["certificates"]] == ["Budgets clinic"]
    assert [r["citation"] for r in data["recognitions"]] == ["For the story."]
    client.post(
        "/en/accounts/me/erase/",
        {"password": "a long passphrase", "understood": "on"},
    )
    assert not EventRegistration.objects.exists()
    codes = [c["code"] for c in data["certificates"]]
    assert not Certificate.objects.filter(code__in=codes).exists()
    assert not ClinicProposal.objects.filter(title="Budgets together").exists()
    assert not Recognition.objects.filter(member__pk=member.pk).exists()
