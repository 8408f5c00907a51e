"""A story's whole editorial life, as the people who run the site live it: an
editor writes it, a moderator publishes it, the French translator translates it
with machine pre-translation and a correction, a visitor finds it in French, and
when the English story changes, the French one is shown out of date and synced.

The steps run in order and share the site's state through the `journey` fixture;
each step fails at once, saying so, if the one before it did not finish."""

import re
import time
from dataclasses import dataclass, field

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "journey-password"
EDITOR, MODERATOR, TRANSLATOR = "edith", "moritz", "francoise"
PEOPLE = {
    EDITOR: "Editors",
    MODERATOR: "Moderators",
    TRANSLATOR: "Translators (French)",
}
CREATE_PEOPLE = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
for username, group in {people!r}.items():
    user = get_user_model().objects.create_user(
        username, f"{{username}}@example.org", {password!r}
    )
    user.groups.add(Group.objects.get(name=group))
"""

TITLE = "Seed swaps between valleys"
SUMMARY = "Two valleys swap seeds and notes every spring."
NEW_SUMMARY = "Two valleys swap seeds, notes and seedlings every spring."
PARAGRAPH = "Every spring the two valleys meet to swap seeds and notes."
FRENCH_TITLE = "Échanges de semences entre vallées"
IMAGE_DESCRIPTION = "Seed packets laid out on a table in the village hall"
SUBMIT = "Submit to Review and publish"


# Wagtail 8's unsaved-changes watcher takes its snapshot of the form two seconds
# after the page loads, and autosave only follows changes made after it. Typing
# before then (as a test does, a person rarely) leaves autosave idle or not, by
# timing; so the test waits for the snapshot, which Wagtail announces.
WATCH_EDITS = """
document.addEventListener("w-unsaved:watch-edits", () => {
  window.journeyWatchingEdits = true;
}, true);
"""


@dataclass
class Journey:
    site_url: str
    image: str
    done: set[str] = field(default_factory=set)
    english_edit_url: str = ""
    english_url: str = ""
    french_url: str = ""

    def require(self, step: str) -> None:
        if step not in self.done:
            pytest.fail(f"an earlier step ({step}) did not finish; see its failure")


@pytest.fixture(scope="module")
def journey(site, tmp_path_factory) -> Journey:
    """The editor, moderator and French translator, and the photo the editor
    uploads."""
    site.manage("shell", "-c", CREATE_PEOPLE.format(people=PEOPLE, password=PASSWORD))
    image = tmp_path_factory.mktemp("journey") / "seed-swap.jpg"
    Image.new("RGB", (320, 200), (46, 125, 50)).save(image, "JPEG")
    return Journey(site_url=site.url, image=str(image))


def sign_in(browser: Browser, journey: Journey, username: str) -> Page:
    """A fresh browser session signed in to the admin as `username`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_EDITS)
    page = context.new_page()
    page.goto(f"{journey.site_url}/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{journey.site_url}/admin/")
    return page


def wait_until(page: Page, script: str, arg=None, timeout: float = 30) -> None:
    """Poll `script` until it is true. Playwright's wait_for_function evaluates its
    predicate with eval(), which the admin's Content-Security-Policy (rightly, no
    'unsafe-eval') refuses; evaluate() runs outside the page's policy."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s: {script}")
        page.wait_for_timeout(100)


def wait_for_watcher(page: Page) -> None:
    wait_until(page, "() => window.journeyWatchingEdits === true")


def wait_for_form_value(page: Page, field: str, text: str) -> None:
    """The rich text editor writes into the form's hidden inputs a moment after
    typing; a person is never faster than that, a test can be."""
    wait_until(
        page,
        """([field, text]) => [...document.querySelectorAll(
            `[data-contentpath=${field}] input[type=hidden], [data-contentpath=${field}] textarea`
        )].some((input) => input.value.includes(text))""",
        arg=[field, text],
    )


def wait_for_autosave(page: Page) -> None:
    """Wagtail 8 autosaves the form as it is filled, and the first autosave of a
    new page turns the create form into the page's edit form. A submit sent
    before that posts to the create view again and fails on the slug the autosave
    just took; a person sees "Saved" first, and so does the test."""
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    expect(page.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )


def submit_for_review(page: Page, *, new_page: bool) -> None:
    if new_page:
        wait_for_autosave(page)
    page.get_by_role("button", name="More actions").click()
    actions = page.get_by_role("navigation", name="Actions (footer)")
    expect(actions.get_by_role("button", name=SUBMIT)).to_be_visible()
    assert actions.get_by_role("button", name=re.compile("Publish")).count() == 0, (
        "an editor may not publish without review"
    )
    actions.get_by_role("button", name=SUBMIT).click()
    expect(page.get_by_role("status")).to_contain_text("submitted for moderation")


def approve_from_dashboard(browser: Browser, journey: Journey) -> None:
    """The moderator finds the story awaiting review on the dashboard and approves
    it: the review is the workflow's only task, so approving publishes."""
    page = sign_in(browser, journey, MODERATOR)
    attention = page.locator(".w-panel").filter(
        has=page.get_by_role("heading", name="Needs attention")
    )
    expect(attention.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    awaiting = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=TITLE, exact=True)
    )
    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("button", name="Approve", exact=True).click()
    expect(attention).to_contain_text("Nothing is waiting for review.")
    page.context.close()


def french_report(page: Page, state: str) -> Page:
    """From the dashboard's Translations panel, the French rows in `state`."""
    panel = page.locator(".w-panel").filter(
        has=page.get_by_role("heading", name="Translations")
    )
    french = panel.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile("French"))
    )
    expect(french).to_contain_text("your language")
    french.locator(f"td[data-state={state}] a").click()
    page.wait_for_url(re.compile(rf"/admin/translations/\?.*state={state}"))
    return page.get_by_role("row").filter(
        has=page.get_by_role("link", name=TITLE, exact=True)
    )


def test_1_editor_writes_a_story_and_submits_it(browser, journey):
    page = sign_in(browser, journey, EDITOR)
    page.goto(f"{journey.site_url}/admin/pages/")
    page.get_by_role(
        "link", name="Explore child pages of 'Community guide stories'"
    ).click()
    page.get_by_role("link", name="Add child page").first.click()
    page.wait_for_url(re.compile(r"/admin/pages/add/stories/storypage/\d+/"))
    wait_for_watcher(page)

    page.get_by_role("textbox", name="Title*").fill(TITLE)
    page.get_by_role("textbox", name="Summary*").fill(SUMMARY)
    page.get_by_role("combobox", name="Country*").select_option(label="Hungary")
    page.get_by_role("combobox", name="Approach*").select_option(label="Peer exchange")

    page.get_by_role("button", name="Choose an image").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("tab", name="Upload").click()
    chooser.get_by_label("File").set_input_files(journey.image)
    chooser.get_by_label("Title").fill("Seed swap in the valley")
    chooser.get_by_label("Description").fill(IMAGE_DESCRIPTION)
    chooser.get_by_role("button", name="Upload").click()
    expect(chooser).to_be_hidden()
    hero = page.locator("[data-contentpath=hero_image]")
    expect(hero.get_by_text("Seed swap in the valley")).to_be_visible()

    body = page.locator("[data-contentpath=body]")
    body.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Paragraph").click()
    body.get_by_role("textbox").fill(PARAGRAPH)
    wait_for_form_value(page, "body", PARAGRAPH)

    submit_for_review(page, new_page=True)
    journey.english_edit_url = (
        page.locator(".messages").get_by_role("link", name="Edit").get_attribute("href")
    )
    page.context.close()
    journey.done.add("submitted")


def test_2_moderator_approves_and_publishes(browser, journey):
    journey.require("submitted")
    approve_from_dashboard(browser, journey)

    page = browser.new_page()
    page.goto(f"{journey.site_url}/en/stories/")
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(PARAGRAPH)).to_be_visible()
    expect(page.get_by_role("img", name=IMAGE_DESCRIPTION)).to_be_visible()
    journey.english_url = page.url
    page.context.close()
    journey.done.add("published")


def test_3_french_translator_translates_corrects_and_publishes(browser, journey):
    journey.require("published")
    page = sign_in(browser, journey, TRANSLATOR)

    # The source is not theirs to edit: Wagtail sends them back with a notice.
    response = page.goto(journey.site_url + journey.english_edit_url)
    assert response.status == 403 or not page.url.endswith(journey.english_edit_url), (
        "the French translator could open the English story's editor"
    )
    page.goto(f"{journey.site_url}/admin/")

    row = french_report(page, "missing")
    expect(row).to_contain_text("Missing")
    row.get_by_role("button", name="Translate with machine pre-translation").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    expect(page.get_by_role("status")).to_contain_text(
        "Machine pre-translation filled the untranslated strings."
    )

    # wagtail-localize's translation editor: correct the machine's title.
    title = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Title", exact=True)
    )
    expect(title.get_by_text(f"[fr] {TITLE}", exact=True)).to_be_visible()
    title.get_by_role("button", name="Edit").click()
    title.get_by_role("textbox").fill(FRENCH_TITLE)
    title.get_by_role("button", name="Save").click()
    expect(title.get_by_text("Translated manually")).to_be_visible()
    summary = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Summary", exact=True)
    )
    expect(summary.get_by_text(f"[fr] {SUMMARY}", exact=True)).to_be_visible()

    page.get_by_role("button", name="Publish in French").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Published '{FRENCH_TITLE}' in French."
    )

    page.goto(f"{journey.site_url}/admin/")
    expect(french_report(page, "up-to-date")).to_contain_text("Up to date")
    page.context.close()
    journey.done.add("translated")


def test_4_visitor_finds_the_french_story_by_switcher_and_search(browser, journey):
    journey.require("translated")
    page = browser.new_page()
    page.goto(journey.english_url)
    page.locator(".language-switcher").get_by_role("link", name="Français").click()
    page.wait_for_url(re.compile(r"/fr/stories/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(FRENCH_TITLE)
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_text(f"[fr] {PARAGRAPH}")).to_be_visible()
    journey.french_url = page.url

    page.goto(f"{journey.site_url}/fr/")
    search = page.locator(".site-search")
    search.get_by_role("searchbox").fill("semences")
    search.get_by_role("searchbox").press("Enter")
    page.wait_for_url(re.compile(r"/fr/search/\?q=semences"))
    page.get_by_role("link", name=FRENCH_TITLE).click()
    page.wait_for_url(journey.french_url)
    page.context.close()
    journey.done.add("found")


def test_5_english_edit_republished_makes_the_french_out_of_date(browser, journey):
    journey.require("found")
    page = sign_in(browser, journey, EDITOR)
    page.goto(f"{journey.site_url}/admin/pages/")
    page.get_by_role(
        "link", name="Explore child pages of 'Community guide stories'"
    ).click()
    page.get_by_role("link", name=TITLE, exact=True).click()
    page.wait_for_url(journey.site_url + journey.english_edit_url)
    page.get_by_role("textbox", name="Summary*").fill(NEW_SUMMARY)
    submit_for_review(page, new_page=False)
    page.context.close()

    approve_from_dashboard(browser, journey)

    page = sign_in(browser, journey, TRANSLATOR)
    expect(french_report(page, "out-of-date")).to_contain_text("Out of date")
    page.context.close()
    journey.done.add("out of date")


def test_6_french_translator_syncs_and_it_is_up_to_date(browser, journey):
    journey.require("out of date")
    page = sign_in(browser, journey, TRANSLATOR)
    row = french_report(page, "out-of-date")
    row.get_by_role("button", name="Sync").click()

    # The new summary has no French yet: sync refuses to publish English text in
    # the French page and opens the translation editor on what is left.
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    expect(page.get_by_role("status")).to_contain_text(
        "1 string still needs translating before publishing."
    )
    page.get_by_role("button", name="Translate with Fake translator").click()
    summary = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Summary", exact=True)
    )
    expect(summary.get_by_text(f"[fr] {NEW_SUMMARY}", exact=True)).to_be_visible()
    page.get_by_role("button", name="Publish in French").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Published '{FRENCH_TITLE}' in French."
    )

    page.goto(f"{journey.site_url}/admin/")
    expect(french_report(page, "up-to-date")).to_contain_text("Up to date")
    page.goto(journey.french_url)
    expect(page.get_by_text(f"[fr] {NEW_SUMMARY}")).to_be_visible()
    page.context.close()
