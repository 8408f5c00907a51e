"""A member's event registrations are in the download of all the site holds on
them, and go with their account when they erase it."""

import json

import pytest

from participation.models import EventRegistration
from tests.members.test_matching import make
from tests.participation.test_registrations import event, path  # noqa: F401

pytestmark = pytest.mark.django_db


def test_downloaded_then_erased_with_the_account(client, event):  # noqa: F811
    member = make("claire")
    member.user.set_password("a long passphrase")
    member.user.save()
    client.force_login(member.user)
    client.post(path(event))
    data = json.loads(client.get("/en/accounts/me/data/").content)
    [mine] = data["event_registrations"]
    assert (mine["event"], mine["status"]) == ("Budgets clinic", "confirmed")
    client.post(
        "/en/accounts/me/erase/",
        {"password": "a long passphrase", "understood": "on"},
    )
    assert not EventRegistration.objects.exists()
