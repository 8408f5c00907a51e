"""Admin sign-in: lockout after repeated failures (django-axes), keyed on the
username and the client address, and the optional authenticator code (django-otp),
through Wagtail's real sign-in view."""

import datetime as dt
import time
from base64 import b32encode
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

import pytest
from axes.models import AccessAttempt
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.roles import COORDINATORS

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOCKED = "Too many failed sign-in attempts for this account from your address."


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.PORTAL_REQUIRE_2FA_FOR_STAFF = False


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser(
        "editor", "editor@example.org", PASSWORD
    )


def sign_in(client, username="editor", password=PASSWORD, code=None, **extra):
    data = {"username": username, "password": password, "next": "/admin/"}
    if code is not None:
        data["otp_token"] = code
    return client.post("/admin/login/", data, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def current_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    device.refresh_from_db()
    code = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + steps_ahead,
    )
    return f"{code:0{device.digits}d}"


def test_a_good_password_signs_in_as_before(client, editor):
    response = sign_in(client)
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert signed_in(client)


def test_repeated_failures_lock_the_account_out_on_the_sign_in_page(client, editor):
    for _ in range(2):
        response = sign_in(client, password="guess")
        assert response.status_code == 200
        assert "didn&#x27;t match" in response.content.decode()
    locked = sign_in(client, password="guess")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert LOCKED in page and "Try again in 15 minutes" in page
    assert 'class="login-form"' in page and 'value="editor"' in page
    assert "no-cache" in locked.headers["Cache-Control"]
    # Even the right password is refused while the lockout lasts.
    again = sign_in(client)
    assert again.status_code == 429 and LOCKED in again.content.decode()
    assert not signed_in(client)


def test_the_lockout_is_per_username_and_client_address(client, editor):
    get_user_model().objects.create_superuser("other", "o@example.org", PASSWORD)
    for _ in range(3):
        sign_in(client, password="guess")
    assert sign_in(client).status_code == 429
    other_user = Client()
    assert sign_in(other_user, username="other").status_code == 302
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert sign_in(elsewhere).status_code == 302


def test_the_client_address_comes_from_the_trusted_proxy(settings, client, editor):
    settings.PORTAL_PROXY_COUNT = 1
    for _ in range(3):
        sign_in(client, password="guess", HTTP_X_FORWARDED_FOR="203.0.113.9")
    attempt = AccessAttempt.objects.get(username="editor")
    assert attempt.ip_address == "203.0.113.9"
    assert attempt.failures_since_start == 3
    # Another visitor behind the same proxy is not locked out.
    assert sign_in(client, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 302


def test_axes_reset_lifts_the_lockout(client, editor):
    for _ in range(3):
        sign_in(client, password="guess")
    assert sign_in(client).status_code == 429
    call_command("axes_reset", stdout=StringIO())
    assert sign_in(client).status_code == 302


def test_the_lockout_ends_after_the_cool_off(settings, client, editor):
    settings.AXES_COOLOFF_TIME = dt.timedelta(seconds=1)
    for _ in range(3):
        sign_in(client, password="guess")
    assert sign_in(client).status_code == 429
    time.sleep(1.2)
    assert sign_in(client).status_code == 302


@pytest.fixture
def device(editor) -> TOTPDevice:
    return TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)


def test_with_an_authenticator_the_code_is_asked_for(client, device):
    missing = sign_in(client)
    assert missing.status_code == 200
    assert "This account asks for a code" in missing.content.decode()
    assert not signed_in(client)
    wrong = sign_in(client, code="1")
    assert "That code is wrong or has expired" in wrong.content.decode()
    assert not signed_in(client)
    time.sleep(1.1)  # django-otp makes the next try wait after a wrong code
    good = sign_in(client, code=current_code(device))
    assert good.status_code == 302
    assert signed_in(client)
    assert client.session["otp_device_id"] == device.persistent_id


def test_a_missing_or_wrong_code_counts_towards_the_lockout(client, device):
    sign_in(client)
    sign_in(client, code="12")
    locked = sign_in(client, code="34")
    assert locked.status_code == 429
    assert AccessAttempt.objects.get(username="editor").failures_since_start == 3
    time.sleep(2.1)
    assert sign_in(client, code=current_code(device)).status_code == 429
    assert not signed_in(client)


def test_the_sign_in_page_offers_the_code_field(client):
    page = client.get("/admin/login/").content.decode()
    assert 'name="otp_token"' in page
    assert 'autocomplete="one-time-code"' in page


def test_enrolment_shows_the_secret_and_confirms_with_a_code(client, editor):
    client.force_login(editor)
    start = client.get("/admin/two-factor/")
    assert "Add an authenticator app" in start.content.decode()
    assert client.post("/admin/two-factor/start/").status_code == 302
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed
    page = client.get("/admin/two-factor/").content.decode()
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert "otpauth://totp/Learning%20Commons%3Aeditor?secret=" + secret in page
    # Until it is confirmed the code is not asked for at sign-in.
    assert sign_in(Client()).status_code == 302

    wrong = client.post("/admin/two-factor/", {"code": "1"})
    assert "That code is wrong or has expired" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    time.sleep(1.1)
    confirmed = client.post("/admin/two-factor/", {"code": current_code(device)})
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert (
        "Remove the authenticator app"
        in client.get("/admin/two-factor/").content.decode()
    )
    assert sign_in(Client()).status_code == 200  # now a code is needed

    removed = client.post("/admin/two-factor/", {"code": current_code(device, 1)})
    assert removed.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert sign_in(Client()).status_code == 302


def test_the_account_page_links_to_two_factor(client, editor):
    client.force_login(editor)
    page = client.get("/admin/account/").content.decode()
    assert 'href="/admin/two-factor/"' in page


def test_staff_can_be_required_to_add_an_authenticator(settings, client, editor):
    settings.PORTAL_REQUIRE_2FA_FOR_STAFF = True
    assert sign_in(client).status_code == 302
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 302
    assert dashboard.url == "/admin/two-factor/"
    page = client.get("/admin/two-factor/").content.decode()
    assert "asks every member of staff for a second factor" in page
    client.post("/admin/two-factor/start/")
    device = TOTPDevice.objects.get(user=editor)
    client.post("/admin/two-factor/", {"code": current_code(device)})
    assert client.get("/admin/").status_code == 200
    # The public site is never redirected.
    assert Client().get("/en/").status_code == 200


def test_remove_two_factor_command_for_a_lost_phone(device):
    out = StringIO()
    call_command("remove_two_factor", "editor", stdout=out)
    assert "Removed 1 authenticator app(s) of editor" in out.getvalue()
    assert not TOTPDevice.objects.exists()
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("remove_two_factor", "nobody")


def test_coordinators_must_add_an_authenticator_whatever_the_staff_setting(
    settings, client
):
    settings.PORTAL_REQUIRE_2FA_FOR_STAFF = False
    user = get_user_model().objects.create_user("cora", "cora@example.org", "pw")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    client.force_login(user)
    dashboard = client.get("/admin/community_members/")
    assert dashboard.status_code == 302
    assert dashboard.url == "/admin/two-factor/"
    page = client.get("/admin/two-factor/").content.decode()
    assert "Your role sees members" in page
    client.post("/admin/two-factor/start/")
    device = TOTPDevice.objects.get(user=user)
    client.post("/admin/two-factor/", {"code": current_code(device)})
    assert client.get("/admin/community_members/").status_code == 200
