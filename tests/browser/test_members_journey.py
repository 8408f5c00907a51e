"""Two members meet through Let's Connect, each in their own language and browser.

Camille, a French visitor, signs up at /fr/accounts/signup/, confirms her address
from the French email the site sends, registers to learn to organise learning
clinics, says in her profile that she speaks French and chooses to be listed. In
the skills directory she finds Fatima Zahra, a demo member in Morocco who shares
that skill and speaks Arabic, and asks her to connect: Fatima's address is not
shown. Fatima (a demo account, given a password here) gets the request by email in
Arabic, signs in at /ar/accounts/login/, reads it on her right-to-left connections
page and accepts; only then does each see the other's address.

The pages' words come from the site's own catalogues (`say`): the test follows the
translators rather than a copy of their work."""

import json
import re
from functools import partial

from django.utils.translation import gettext, override

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from demo.members import DEMO_DOMAIN
from tests.helpers import ROOT
from tests.members.test_accounts import LINK, text_of

pytestmark = pytest.mark.browser

EMAIL = "camille-browser@example.org"
NAME = "Camille Martin"
PASSWORD = "a long and unusual passphrase 42"
FATIMA, FATIMA_NAME = "fatima-zahra", "Fatima Zahra Benali"
FATIMA_EMAIL = f"{FATIMA}@{DEMO_DOMAIN}"
MESSAGE = "Bonjour Fatima, j'aimerais apprendre à organiser des cliniques."
SKILL = "Organising learning clinics"  # shared by Fatima (demo/members.py)
AXE_PATHS = [
    "community/",
    "community/skills/",
    f"community/members/{FATIMA}/",
    "community/matches/",
    "accounts/me/",
    "accounts/me/profile/",
    "accounts/me/lets-connect/",
    "accounts/me/connections/",
    "accounts/me/skills/propose/",
    "subscribe/member/",
]
SET_PASSWORD = """
from allauth.account.models import EmailAddress
from members.models import Member
user = Member.objects.get(handle={handle!r}).user
user.set_password({password!r})
user.save()
EmailAddress.objects.filter(user=user, email=user.email).update(verified=True)
"""


def say(language: str, text: str) -> str:
    """`text` as the site shows it in `language`."""
    with override(language):
        return gettext(text)


def label(text: str) -> re.Pattern:
    """A field's label, whatever the language puts after it (" :", ":")."""
    return re.compile(rf"^\s*{re.escape(text)}\W*$")


def mail_to(smtp, address: str):
    """The first message to `address`, waiting for it as long as mail keeps coming."""
    seen = 0
    while True:
        messages = smtp.wait_for(seen + 1, timeout=30)
        for message in messages:
            if message["To"] == address:
                return message
        seen = len(messages)


def test_a_french_member_and_an_arabic_one_connect(browser, site, smtp):
    fr, ar = partial(say, "fr"), partial(say, "ar")
    skill = json.loads((ROOT / "demo/translations/fr.json").read_text())[SKILL]

    # 1. Camille signs up in French and confirms her address from the email.
    camille = browser.new_context().new_page()
    camille.goto(f"{site.url}/fr/accounts/signup/")
    camille.get_by_label(label(fr("Email"))).fill(EMAIL)
    camille.get_by_label(fr("Your name, as other members will see it")).fill(NAME)
    camille.get_by_label(label(fr("Password"))).fill(PASSWORD)
    camille.get_by_label(label(fr("Password (again)"))).fill(PASSWORD)
    camille.get_by_role("button", name=fr("Sign Up"), exact=True).click()
    expect(camille).to_have_url(re.compile(r"/fr/accounts/confirm-email/"))
    verification = mail_to(smtp, EMAIL)
    assert verification["Subject"].endswith(fr("Please Confirm Your Email Address"))
    camille.goto(LINK.search(text_of(verification)).group(0))
    camille.get_by_role("button", name=fr("Confirm"), exact=True).click()
    expect(camille).to_have_url(f"{site.url}/fr/accounts/me/")
    expect(camille.locator("main")).to_contain_text(NAME)

    # 2. Let's Connect: she would learn what Fatima shares, in a learning clinic.
    camille.get_by_role("link", name=fr("Register for Let's Connect")).click()
    camille.locator("#id_learns").get_by_label(skill, exact=True).check()
    camille.locator("#id_ways").get_by_label(label(fr("Learning clinic"))).check()
    camille.get_by_role("button", name=fr("Register"), exact=True).click()
    expect(camille.get_by_role("status")).to_contain_text(
        fr("Your Let's Connect registration is saved.")
    )
    camille.get_by_role("link", name=fr("Your profile and who sees it")).click()
    camille.get_by_label(fr("Languages you speak")).select_option(["fr"])
    camille.get_by_label(fr("listed in the skills directory")).check()
    name_seen_by = fr("Who sees: %(part)s") % {"part": fr("Name")}
    camille.get_by_label(name_seen_by).select_option("members")
    camille.get_by_role("button", name=fr("Save"), exact=True).click()
    expect(camille.get_by_role("status")).to_contain_text(fr("Your profile is saved."))

    # 3. The directory, filtered to Arabic speakers who share the skill; her page.
    camille.get_by_role("link", name=fr("Open the skills directory")).click()
    expect(camille).to_have_url(f"{site.url}/fr/community/skills/")
    camille.get_by_label(label(fr("Can share"))).select_option("learning-clinics")
    camille.get_by_label(label(fr("Language"))).select_option("ar")
    camille.get_by_role("button", name=fr("Show members")).click()
    expect(camille).to_have_url(re.compile(r"offers=learning-clinics.*language=ar"))
    camille.get_by_role("link", name=FATIMA_NAME, exact=True).click()
    expect(camille).to_have_url(f"{site.url}/fr/community/members/{FATIMA}/")
    expect(camille.get_by_role("heading", level=1)).to_have_text(FATIMA_NAME)
    camille.get_by_label(fr("Why would you like to connect?")).fill(MESSAGE)
    camille.get_by_role("button", name=fr("Send the request"), exact=True).click()
    expect(camille.get_by_role("status")).to_contain_text(
        fr("Your request is sent. You will hear by email when they answer.")
    )
    expect(camille.locator("body")).not_to_contain_text(FATIMA_EMAIL)
    camille.goto(f"{site.url}/fr/accounts/me/connections/")
    expect(camille.locator("main")).to_contain_text(FATIMA_NAME)
    expect(camille.locator("body")).not_to_contain_text(FATIMA_EMAIL)

    # The request reaches Fatima in Arabic, with the message and no address.
    request = mail_to(smtp, FATIMA_EMAIL)
    assert request["Content-Language"] == "ar"
    assert MESSAGE in text_of(request)
    assert EMAIL not in text_of(request)

    # 4. Fatima signs in in Arabic and accepts; the addresses are shared.
    site.manage("shell", "-c", SET_PASSWORD.format(handle=FATIMA, password=PASSWORD))
    fatima = browser.new_context().new_page()
    fatima.goto(f"{site.url}/ar/accounts/login/")
    fatima.get_by_label(label(ar("Email"))).fill(FATIMA_EMAIL)
    fatima.get_by_label(label(ar("Password"))).fill(PASSWORD)
    fatima.get_by_role("button", name=ar("Sign In"), exact=True).click()
    expect(fatima).to_have_url(f"{site.url}/ar/accounts/me/")
    fatima.goto(f"{site.url}/ar/accounts/me/connections/")
    expect(fatima.locator("html")).to_have_attribute("lang", "ar")
    expect(fatima.locator("html")).to_have_attribute("dir", "rtl")
    waiting = fatima.get_by_role("region", name=ar("Waiting for your answer"))
    expect(waiting).to_contain_text(NAME)
    expect(waiting).to_contain_text(MESSAGE)
    expect(fatima.locator("body")).not_to_contain_text(EMAIL)
    waiting.get_by_role("button", name=ar("Accept"), exact=True).click()
    expect(fatima.get_by_role("status")).to_contain_text(
        ar("Accepted: you can now write to each other.")
    )
    opened = fatima.get_by_role("region", name=ar("Your connections"))
    expect(opened.get_by_role("link", name=EMAIL)).to_be_visible()
    camille.reload()
    opened = camille.get_by_role("region", name=fr("Your connections"))
    expect(opened.get_by_role("link", name=FATIMA_EMAIL)).to_be_visible()

    # 5. The pages they used, and the others of the member area, have no serious
    # accessibility issue, in French and right to left in Arabic.
    for page, code in ((camille, "fr"), (fatima, "ar")):
        for path in AXE_PATHS:
            page.goto(f"{site.url}/{code}/{path}")
            serious = [
                violation["id"]
                for violation in Axe().run(page).response["violations"]
                if violation["impact"] in {"serious", "critical"}
            ]
            assert serious == [], f"/{code}/{path}: {serious}"
    for page in (camille, fatima):
        page.context.close()
