"""Page rendering costs the same number of queries whatever the content size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import StandardPageFactory


def queries_for(client, path: str) -> int:
    client.get(path)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/en/about/", "/en/search/?q=page"])
def test_query_count_does_not_grow_with_menu_pages(client, home, path):
    for _ in range(2):
        StandardPageFactory(parent=home, show_in_menus=True)
    small = queries_for(client, path)
    for _ in range(20):
        StandardPageFactory(parent=home, show_in_menus=True)
    large = queries_for(client, path)
    assert large == small
    assert small <= 25
