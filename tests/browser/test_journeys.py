"""What a visitor does: change language, read right to left, use the keyboard."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

SECTIONS = ["stories", "events", "recordings"]

KEY_PAGES = {
    "en": [
        "/en/",
        "/en/stories/",
        "/en/about/",
        "/en/search/?q=learning",
        "/en/missing/",
    ],
    "ar": [
        "/ar/",
        "/ar/stories/",
        "/ar/hawl-al-shabaka/",
        "/ar/search/?q=الشبكة",
        "/ar/missing/",
    ],
}


def html_attrs(page) -> tuple[str, str]:
    return page.locator("html").get_attribute("lang"), page.locator(
        "html"
    ).get_attribute("dir")


def test_switch_language_on_the_same_page_and_read_arabic_right_to_left(page, site_url):
    page.goto(f"{site_url}/en/")
    assert html_attrs(page) == ("en", "ltr")

    page.locator(".language-switcher").get_by_role("link", name="Français").click()
    page.wait_for_url(f"{site_url}/fr/")
    assert html_attrs(page) == ("fr", "ltr")

    page.locator(".main-nav").get_by_role("link", name="À propos du réseau").click()
    page.wait_for_url(f"{site_url}/fr/a-propos/")
    assert page.get_by_role("heading", level=1).inner_text() == "À propos du réseau"

    page.locator(".language-switcher a[lang=ar]").click()
    page.wait_for_url(f"{site_url}/ar/hawl-al-shabaka/")
    assert html_attrs(page) == ("ar", "rtl")
    assert page.get_by_role("heading", level=1).inner_text() == "عن الشبكة"

    header = page.locator(".site-header__inner").bounding_box()
    brand = page.locator(".brand").bounding_box()
    links = page.locator(".main-nav a")
    first, second = links.nth(0).bounding_box(), links.nth(1).bounding_box()
    # Mirrored: the brand sits at the right edge and the navigation runs leftwards.
    assert abs((header["x"] + header["width"]) - (brand["x"] + brand["width"])) <= 20
    assert second["x"] < first["x"]
    assert first["x"] + first["width"] <= brand["x"] + brand["width"]

    page.locator(".language-switcher a[lang=en]").click()
    page.wait_for_url(f"{site_url}/en/about/")
    brand = page.locator(".brand").bounding_box()
    first, second = links.nth(0).bounding_box(), links.nth(1).bounding_box()
    assert abs(brand["x"] - header["x"]) <= 20
    assert brand["x"] <= first["x"] < second["x"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_key_pages_have_no_serious_accessibility_issues(page, site_url, language):
    axe = Axe()
    paths = [*KEY_PAGES[language], f"/{language}/events/calendar/"]
    for section in SECTIONS:
        # One page of each content type, reached as a visitor would: from its listing.
        page.goto(f"{site_url}/{language}/{section}/")
        paths.append(page.locator("main .card a").first.get_attribute("href"))
    for path in paths:
        page.goto(site_url + path)
        results = axe.run(page)
        serious = [
            (violation["id"], [node["target"] for node in violation["nodes"]])
            for violation in results.response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]
        assert serious == [], f"{path}: {serious}"


def test_skip_link_is_the_first_stop_and_visible_on_focus(page, site_url):
    page.goto(f"{site_url}/ar/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/en/", "/ar/hawl-al-shabaka/"])
def test_small_screens_need_no_sideways_scrolling(browser, site_url, path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    tab.goto(site_url + path)
    overflow = tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 0


def test_site_reads_with_javascript_off(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{site_url}/es/")
    assert tab.get_by_role("heading", level=1).is_visible()
    assert tab.locator(".main-nav a").count() >= 7
    tab.locator(".site-search input[name=q]").fill("red")
    tab.locator(".site-search button").click()
    tab.wait_for_url(f"{site_url}/es/search/?q=red")
    assert tab.locator(".search-results li").count() >= 1
    context.close()
