"""Moving a page or changing its slug leaves a redirect from the old address, in
every language."""

import pytest

from home.models import StandardPage
from stories.models import StoryPage


def republish_with_slug(page, slug: str, on_commit) -> None:
    """Publish a new slug; Wagtail announces the change once the transaction commits."""
    page.slug = slug
    with on_commit(execute=True):
        page.save_revision().publish()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["en", "fr", "ar"])
def test_a_new_slug_redirects_the_old_address(
    client, code, django_capture_on_commit_callbacks
):
    story = StoryPage.objects.get(locale__language_code=code, country="KE")
    old_url = story.url
    republish_with_slug(
        story, "kisumu-trial-plots-renamed", django_capture_on_commit_callbacks
    )
    story.refresh_from_db()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == story.url
    assert story.url.startswith(f"/{code}/stories/kisumu-trial-plots-renamed")
    assert client.get(story.url).status_code == 200


@pytest.mark.django_db
def test_renaming_a_section_redirects_every_page_under_it_in_each_language(
    client, django_capture_on_commit_callbacks
):
    for code in ["en", "pt"]:
        story = StoryPage.objects.get(locale__language_code=code, country="IT")
        old_url = story.url
        index = story.get_parent().specific
        republish_with_slug(index, "guide-stories", django_capture_on_commit_callbacks)
        story.refresh_from_db()
        response = client.get(old_url)
        assert response.status_code == 301, code
        assert response["Location"] == story.url
        assert f"/{code}/guide-stories/" in story.url


@pytest.mark.django_db
def test_moving_a_page_redirects_its_old_address(client):
    pages = StandardPage.objects.filter(locale__language_code="es", depth=3)
    moved, new_parent = pages[0], pages[1]
    old_url = moved.url
    moved.move(new_parent, pos="last-child")
    moved.refresh_from_db()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == moved.url
    assert moved.url.startswith(new_parent.url)
