"""The page cache shared by separate server processes through one Redis: a page one
process cached is served by the other, and a publish in a third process drops it
from both. Runs with the served site's database (see conftest.py)."""

import os
import subprocess
import sys
import urllib.request

import pytest
import redis

from tests.helpers import ROOT, serve_with_gunicorn
from tests.smtp import free_port

pytestmark = pytest.mark.browser

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
STORY = "/en/stories/reading-circles-county-line/"


@pytest.fixture
def redis_env(site):
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.fail(f"these tests need Redis at {REDIS_URL} (PORTAL_TEST_REDIS_URL)")
    connection.flushdb()
    yield {**site.env, "REDIS_URL": REDIS_URL}
    connection.flushdb()


@pytest.fixture
def two_servers(redis_env):
    servers, urls = [], []
    for _ in range(2):
        port = free_port()
        servers.append(serve_with_gunicorn(redis_env, port))
        urls.append(f"http://127.0.0.1:{port}")
    yield urls
    for server in servers:
        server.terminate()
        server.wait(timeout=20)


def fetch(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("X-Page-Cache", ""), response.read().decode()


def test_two_processes_share_the_cache_and_a_publish_drops_it_from_both(
    redis_env, two_servers
):
    first, second = two_servers
    assert fetch(first + STORY)[0] == "miss"
    assert fetch(first + STORY)[0] == "hit"
    assert fetch(second + STORY)[0] == "hit"  # cached by the other process
    assert fetch(second + "/en/stories/")[0] == "miss"
    assert fetch(first + "/en/stories/")[0] == "hit"

    original = retitle(redis_env, "Reading circles, told again")
    try:
        for server in (first, second):
            for path in (STORY, "/en/stories/"):
                status, html = fetch(server + path)
                assert "Reading circles, told again" in html, (server, path, status)
    finally:
        retitle(redis_env, original)


def retitle(env: dict, title: str) -> str:
    """Publishes the story under a new title in a process of its own; returns the
    title it had."""
    script = (
        "from stories.models import StoryPage;"
        "page = StoryPage.objects.get(slug='reading-circles-county-line',"
        " locale__language_code='en');"
        "print(page.title);"
        f"page.title = {title!r};"
        "page.save_revision().publish()"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()
