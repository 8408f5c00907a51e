"""A learning clinic from proposal to certificate, in a real browser against the
served site and its mail server.

A coordinator (with their authenticator code) makes Lucía García, a Spanish demo
member, a Learning Ambassador in the admin; Lucía, emailed in Spanish, proposes an
online clinic from /es/community/clinics/propose/; the coordinator accepts it with
its join link, which makes a draft Spanish event page; the administrator publishes
it; Jordi Ferrer, another Spanish member, registers in one click from the event's
page; the coordinator marks that he came; Jordi downloads his certificate from the
emailed link, a PDF with his name and the clinic's title, whose verification page
confirms it.

The pages' words come from the site's own catalogues (`say`)."""

import datetime as dt
import io
import re
import zoneinfo
from functools import partial

from django.utils import timezone

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect
from pypdf import PdfReader

from demo.members import DEMO_DOMAIN
from tests.browser.conftest import ADMIN_PASSWORD
from tests.browser.test_members_journey import SET_PASSWORD, label, say
from tests.members.test_accounts import text_of

pytestmark = pytest.mark.browser

PASSWORD = "a long and unusual passphrase 42"
COORDINATOR = "clinic-coordinator"
OTP_KEY = "3132333435363738393031323334353637383930"
LUCIA, LUCIA_NAME = "lucia-garcia", "Lucía García"
JORDI, JORDI_NAME = "jordi-ferrer", "Jordi Ferrer"
TITLE = "Presupuestos con la comunidad"
JOIN = "https://meet.example.org/presupuestos"
CREATE_COORDINATOR = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
user = get_user_model().objects.create_user(
    {username!r}, "{username}@example.org", {password!r}, is_staff=True
)
user.groups.add(Group.objects.get(name="Community coordinators"))
TOTPDevice.objects.create(user=user, name="app", key={key!r}, confirmed=True)
"""
PAGE_OF_PROPOSAL = """
from participation.models import ClinicProposal
print(ClinicProposal.objects.get(title={title!r}).event_id)
"""


def field(text: str) -> re.Pattern:
    """A form field's label, whatever its case and what follows it."""
    return re.compile(rf"^\s*{re.escape(text)}\W*$", re.IGNORECASE)


def mail_with(smtp, address: str, subject: str):
    """The message to `address` whose subject holds `subject`, once it arrives."""
    seen = 0
    while True:
        messages = smtp.wait_for(seen + 1, timeout=30)
        for message in messages:
            if message["To"] == address and subject in message["Subject"]:
                return message
        seen = len(messages)


def admin_session(browser, site, username: str, password: str, code: bool):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{site.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    if code:
        page.get_by_label("Authenticator code").fill(
            f"{totp(bytes.fromhex(OTP_KEY)):06d}"
        )
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site.url}/admin/")
    return page


def member_session(browser, site, handle: str):
    es = partial(say, "es")
    site.manage("shell", "-c", SET_PASSWORD.format(handle=handle, password=PASSWORD))
    page = browser.new_context().new_page()
    page.goto(f"{site.url}/es/accounts/login/")
    page.get_by_label(label(es("Email"))).fill(f"{handle}@{DEMO_DOMAIN}")
    page.get_by_label(label(es("Password"))).fill(PASSWORD)
    page.get_by_role("button", name=es("Sign In"), exact=True).click()
    expect(page).to_have_url(f"{site.url}/es/accounts/me/")
    return page


def test_a_spanish_clinic_from_proposal_to_certificate(browser, site, smtp):
    es = partial(say, "es")
    site.manage(
        "shell",
        "-c",
        CREATE_COORDINATOR.format(username=COORDINATOR, password=PASSWORD, key=OTP_KEY),
    )
    coordinator = admin_session(browser, site, COORDINATOR, PASSWORD, code=True)

    # 1. The coordinator makes Lucía an ambassador; she is told in Spanish.
    coordinator.goto(f"{site.url}/admin/ambassadors/new/")
    coordinator.get_by_label("Member").select_option(label=LUCIA_NAME)
    coordinator.get_by_role("button", name="Create").click()
    expect(coordinator.get_by_role("status")).to_be_visible()
    appointed = mail_with(
        smtp, f"{LUCIA}@{DEMO_DOMAIN}", es("You are a Learning Ambassador")
    )
    assert appointed["Content-Language"] == "es"

    # 2. Lucía proposes an online clinic, a month ahead, 18:00 in Madrid.
    lucia = member_session(browser, site, LUCIA)
    lucia.get_by_role("link", name=es("Your learning clinics")).click()
    lucia.get_by_role("link", name=es("Propose a learning clinic")).click()
    expect(lucia).to_have_url(f"{site.url}/es/community/clinics/propose/")
    lucia.get_by_label(field(es("title"))).fill(TITLE)
    lucia.get_by_label(field(es("what participants will learn"))).fill(
        "Cómo preparar un presupuesto con los vecinos."
    )
    lucia.get_by_label(field(es("Time zone of the dates"))).select_option(
        "Europe/Madrid"
    )
    when = timezone.now().astimezone(zoneinfo.ZoneInfo("Europe/Madrid"))
    when = (when + dt.timedelta(days=30)).replace(hour=18, minute=0)
    lucia.get_by_label(field(es("Possible date and time"))).fill(
        when.strftime("%Y-%m-%dT%H:%M")
    )
    lucia.locator("#id_format").get_by_label(label(es("Online"))).check()
    lucia.get_by_label(field(es("Length in minutes"))).fill("90")
    lucia.get_by_label(field(es("Places"))).fill("20")
    lucia.get_by_role("button", name=es("Send the proposal")).click()
    expect(lucia).to_have_url(f"{site.url}/es/community/clinics/")
    expect(lucia.locator("main")).to_contain_text(TITLE)
    expect(lucia.locator("main")).to_contain_text(es("Waiting for review"))

    # 3. The coordinator accepts it with its join link: a draft Spanish page.
    coordinator.goto(f"{site.url}/admin/clinic_proposals/")
    coordinator.get_by_role("link", name=TITLE).click()
    coordinator.get_by_label("Accept: make a draft event page").check()
    coordinator.get_by_label("Join link").fill(JOIN)
    coordinator.get_by_role("button", name="Save").click()
    expect(coordinator.get_by_role("status")).to_be_visible()
    mail_with(smtp, f"{LUCIA}@{DEMO_DOMAIN}", es("Your clinic proposal is accepted"))
    printed = site.manage("shell", "-c", PAGE_OF_PROPOSAL.format(title=TITLE)).stdout
    page_id = printed.split()[-1]  # after any log lines
    assert page_id.isdigit(), printed

    # 4. The administrator publishes it.
    admin = admin_session(browser, site, "admin", ADMIN_PASSWORD, code=False)
    admin.goto(f"{site.url}/admin/pages/{page_id}/edit/")
    publish = admin.get_by_role("button", name="Publish", exact=True)
    if not publish.is_visible():  # in the footer's menu of further actions
        admin.get_by_role("button", name=re.compile("actions", re.I)).last.click()
    publish.click()
    expect(admin.get_by_text(re.compile("has been published"))).to_be_visible()

    # 5. Jordi registers in one click and sees the join link.
    jordi = member_session(browser, site, JORDI)
    jordi.goto(f"{site.url}/es/community/events/{page_id}/")
    expect(jordi.get_by_role("heading", level=1)).to_contain_text(TITLE)
    jordi.get_by_role(
        "button", name=re.compile(re.escape(es("Register")))
    ).first.click()
    expect(jordi.get_by_role("link", name=es("Join online"))).to_have_attribute(
        "href", JOIN
    )
    place = mail_with(smtp, f"{JORDI}@{DEMO_DOMAIN}", es("You have a place"))
    assert TITLE in text_of(place) and JOIN in text_of(place)

    # 6. The coordinator marks that he came; Jordi downloads his certificate.
    coordinator.goto(f"{site.url}/admin/event_registrations/?q={JORDI}")
    coordinator.get_by_role("link", name=JORDI_NAME).first.click()
    coordinator.get_by_label(field("attended")).check()
    coordinator.get_by_role("button", name="Save").click()
    expect(coordinator.get_by_role("status")).to_be_visible()
    thanks = mail_with(
        smtp,
        f"{JORDI}@{DEMO_DOMAIN}",
        es("Thank you for taking part: your certificate"),
    )
    link = re.search(r"https?://\S+/certificate/\S+/", text_of(thanks)).group(0)
    download = jordi.request.get(link)
    assert download.headers["content-type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(download.body())).pages
    )
    assert JORDI_NAME in text and TITLE in text
    verify = re.search(
        r"https?://\S+/community/certificates/\S+/", text.replace("\n", "")
    ).group(0)
    jordi.goto(verify)
    expect(jordi.get_by_role("heading", level=1)).to_have_text(
        es("A genuine certificate")
    )
    expect(jordi.locator("main")).to_contain_text(JORDI_NAME)
    for page in (coordinator, lucia, admin, jordi):
        page.context.close()
