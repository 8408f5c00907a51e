"""Pages stay light for readers on slow connections: budgets for the whole page
(HTML + CSS + JS, uncompressed, images aside) and for its chrome (everything but
the main content), measured on the seeded site in every language."""

import pytest

from events.models import EventPage, RecordingPage
from stories.models import StoryPage
from tests.conftest import LANGUAGES
from tests.pages import chrome_weight, page_weight, seeded_paths

HOME_BUDGET = 60 * 1024
CONTENT_PAGE_BUDGET = 50 * 1024
CHROME_BUDGET = 25 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_home_page_html_css_and_js_fit_the_budget(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    total = page_weight(response)
    assert total < HOME_BUDGET, f"{total} bytes"


@pytest.mark.django_db
def test_every_seeded_story_event_and_recording_page_fits_the_budget(client):
    paths = seeded_paths((StoryPage, EventPage, RecordingPage))
    # 8 stories, 6 events, 4 recordings (one with a transcript page) per language.
    assert len(paths) == (8 + 6 + 4 + 1) * len(LANGUAGES)
    too_heavy = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        if (total := page_weight(response)) >= CONTENT_PAGE_BUDGET:
            too_heavy[path] = total
    assert not too_heavy


@pytest.mark.django_db
def test_the_chrome_of_every_seeded_page_fits_the_budget(client):
    paths = seeded_paths()
    assert {path.split("/")[1] for path in paths} == set(LANGUAGES)
    too_heavy = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        if (chrome := chrome_weight(response)) >= CHROME_BUDGET:
            too_heavy[path] = chrome
    assert not too_heavy
