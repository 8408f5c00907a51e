"""Members' accounts through django-allauth, in the visitor's language, with every
email sent to the SMTP server on loopback."""

import re

from django.contrib.auth import get_user_model

import pytest
from allauth.account.models import EmailAddress

from members.models import Member

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def sign_up(client, code: str, email: str, **fields):
    data = {
        "email": email,
        "password1": "a long and unusual passphrase 42",
        "password2": "a long and unusual passphrase 42",
        "display_name": "Camille Martin",
        **fields,
    }
    return client.post(f"/{code}/accounts/signup/", data)


def text_of(message) -> str:
    body = message.get_body(("plain",)) or message
    return body.get_content()


def test_sign_up_in_french_verifies_by_email_then_signs_in(client, mail, settings):
    page = client.get("/fr/accounts/signup/")
    assert page.status_code == 200
    content = page.content.decode()
    assert '<html lang="fr" dir="ltr">' in content
    assert 'name="display_name"' in content

    response = sign_up(client, "fr", "Camille@Example.org")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/confirm-email/")
    member = Member.objects.get(user__email__iexact="camille@example.org")
    assert member.language == "fr"
    assert member.display_name == "Camille Martin"
    assert not member.listed
    assert not EmailAddress.objects.get(user=member.user).verified

    assert len(mail.messages) == 1
    assert mail.messages[0]["Content-Language"] == "fr"
    text = text_of(mail.messages[0])
    link = LINK.search(text).group(0)
    assert link.startswith(f"{settings.PORTAL_BASE_URL}/fr/accounts/confirm-email/")
    # In French, under the site's name.
    assert (
        mail.messages[0]["Subject"]
        == "Learning Commons: Confirmez votre adresse e-mail"
    )

    # Before verifying, the member area's forms are closed.
    client.post(
        "/fr/accounts/login/",
        {
            "login": "camille@example.org",
            "password": "a long and unusual passphrase 42",
        },
    )
    path = link.removeprefix(settings.PORTAL_BASE_URL)
    assert client.get(path).status_code == 200
    confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=member.user).verified
    area = client.get("/fr/accounts/me/")
    assert area.status_code == 200
    assert "Camille Martin" in area.content.decode()
    assert (
        "private" in area.headers["Cache-Control"]
        or "no-cache" in area.headers["Cache-Control"]
    )


def test_sign_up_with_a_known_address_looks_the_same(client, mail):
    first = sign_up(client, "en", "known@example.org")
    mail.clear()
    again = sign_up(client, "en", "known@example.org")
    unknown = sign_up(client, "en", "unknown@example.org")
    assert again.status_code == unknown.status_code == 302
    assert again["Location"] == unknown["Location"] == first["Location"]
    assert (
        get_user_model().objects.filter(email__iexact="known@example.org").count() == 1
    )
    # The new address gets its verification email; the known one is not sent a
    # second within allauth's rate limit for one address.
    assert [m["To"] for m in mail.messages] == ["unknown@example.org"]


def test_password_reset_answers_alike_for_known_and_unknown(client, mail):
    sign_up(client, "es", "conocida@example.org")
    mail.clear()
    known = client.post(
        "/es/accounts/password/reset/", {"email": "conocida@example.org"}
    )
    unknown = client.post(
        "/es/accounts/password/reset/", {"email": "nadie@example.org"}
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    to = sorted(m["To"] for m in mail.messages)
    assert to == ["conocida@example.org", "nadie@example.org"]


@pytest.mark.parametrize("code", ["en", "fr", "es", "pt", "ar"])
def test_account_pages_answer_in_every_language(client, code):
    for path in ["signup", "login", "password/reset"]:
        response = client.get(f"/{code}/accounts/{path}/")
        assert response.status_code == 200, path
        content = response.content.decode()
        direction = "rtl" if code == "ar" else "ltr"
        assert f'<html lang="{code}" dir="{direction}">' in content
        assert '<meta name="robots" content="noindex">' in content


def test_the_honeypot_creates_nothing(client, mail):
    response = sign_up(client, "en", "bot@example.org", homepage="http://spam.example")
    assert response.status_code in (200, 302)
    assert not get_user_model().objects.filter(email="bot@example.org").exists()
