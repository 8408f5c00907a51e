"""The strict public Content-Security-Policy holds in a real browser: seeded pages
load without a single `securitypolicyviolation`, and the admin works under its own."""

import pytest

from tests.browser.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber} ${event.sample}`
  );
});
"""

PAGES = [
    "/en/",
    "/ar/",
    "/fr/stories/",
    "/es/events/",
    "/pt/recordings/",
    "/en/search/?q=learning",
    "/fr/subscribe/",
    "/en/no-such-page/",
]


def first_card(page) -> str:
    """The path of the first page listed on an index page."""
    return page.eval_on_selector("main .card a", "link => new URL(link.href).pathname")


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    tab = context.new_page()
    yield tab
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("window.__violations")


def test_seeded_public_pages_raise_no_policy_violation(watched, site_url):
    urls = list(PAGES)
    watched.goto(f"{site_url}/en/stories/")
    urls.append(first_card(watched))
    watched.goto(f"{site_url}/ar/recordings/")
    assert "/ar/recordings/" in first_card(watched)
    urls.append(first_card(watched))
    watched.goto(f"{site_url}/fr/events/")
    urls.append(first_card(watched))
    found = {}
    for url in urls:
        response = watched.goto(f"{site_url}{url}", wait_until="load")
        assert "script-src 'self';" in response.headers["content-security-policy"]
        watched.wait_for_timeout(150)  # violation events are reported asynchronously
        if violations(watched):
            found[url] = violations(watched)
    assert found == {}


def test_the_recorder_does_see_a_violation(watched, site_url):
    watched.goto(f"{site_url}/en/")
    watched.evaluate(
        "document.body.insertAdjacentHTML('beforeend', "
        "'<img src=\"https://tracker.invalid/pixel.png\">')"
    )
    # Not wait_for_function: it evaluates its predicate with eval(), which the
    # policy refuses (and would report).
    for _ in range(50):
        if violations(watched):
            break
        watched.wait_for_timeout(100)
    assert violations(watched)[0].startswith("img-src blocked https://tracker.invalid")


def test_the_admin_works_under_its_own_policy(watched, site_url):
    watched.goto(f"{site_url}/admin/login/")
    watched.get_by_label("Username").fill("admin")
    watched.get_by_label("Password").fill(ADMIN_PASSWORD)
    watched.get_by_role("button", name="Sign in").click()
    watched.wait_for_url(f"{site_url}/admin/")
    watched.goto(f"{site_url}/admin/pages/")
    watched.goto(f"{site_url}/admin/two-factor/")
    assert watched.get_by_role("button", name="Add an authenticator app").is_visible()
    assert violations(watched) == []
