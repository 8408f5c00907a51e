"""The home page stays light for readers on slow connections."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

import pytest

BUDGET = 60 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["en", "ar"])
def test_home_page_html_css_and_js_fit_the_budget(client, code):
    html = client.get(f"/{code}/").content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert assets, "the page links its stylesheet"
    total = len(html) + sum(
        Path(finders.find(a.decode())).stat().st_size for a in assets
    )
    assert total < BUDGET, f"{total} bytes"
