"""A moderator sends the newsletter from the admin and watches it go out."""

import re

import pytest

from tests.browser.conftest import ADMIN_PASSWORD, DEMO_SUBSCRIBERS

pytestmark = pytest.mark.browser


def sign_in(page, site_url: str) -> None:
    page.goto(f"{site_url}/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site_url}/admin/")


def test_moderator_sends_an_issue_and_sees_progress_reach_100(page, site_url, smtp):
    sign_in(page, site_url)
    page.goto(f"{site_url}/admin/pages/search/?q=first+issue")
    page.get_by_role(
        "link", name=re.compile("Learning Commons newsletter")
    ).first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    page.get_by_role("navigation", name="Actions", exact=True).get_by_role(
        "button", name="Actions"
    ).click()
    page.get_by_role("link", name="Send this issue").click()
    page.wait_for_url(re.compile(r"/admin/newsletter/sends/issue/\d+/"))
    total = DEMO_SUBSCRIBERS
    send_button = page.get_by_role("button", name=f"Send to {total} subscribers")
    assert send_button.is_visible()
    before = len(smtp.messages)
    send_button.click()
    page.wait_for_url(re.compile(r"/admin/newsletter/sends/\d+/$"))
    page.locator("[data-field=percent]", has_text="100").wait_for(timeout=60_000)
    assert page.locator("[data-field=sent]").inner_text() == str(total)
    page.get_by_text("Finished.").wait_for(timeout=30_000)
    messages = smtp.wait_for(before + total, timeout=30)
    languages = {message["Content-Language"] for message in messages[before:]}
    assert languages == {"en", "fr", "es", "pt", "ar"}
