"""Backup and restore: a small real site (two languages, an uploaded image) in a
database of its own is backed up with `backup_site`, restored with `restore_site`
into an empty database and an empty media folder, and serves the same pages.

Every command runs in a subprocess with its own DATABASE_URL and MEDIA_ROOT: SQLite
files, or, when DATABASE_URL is PostgreSQL, two fresh databases on that server,
dropped afterwards."""

import json
import re
from pathlib import Path

import pytest

from tests.helpers import (
    copy_sqlite,
    environment_without,
    manage,
    scratch_databases,
    sqlite_path,
)

CONTENT = """
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page, Site
from home.models import HomePage, StandardPage
from core.locales import ensure_locales

ensure_locales()
image = get_image_model().objects.create(
    title="Backup hero", file=get_test_image_file(filename="hero.png")
)
root = Page.get_first_root_node()
home = HomePage(
    locale=Locale.get_default(), title="Learning Commons", slug="home-b",
    hero_heading="Communities learning together", hero_image=image,
    introduction="<p>Restored intact.</p>",
)
root.add_child(instance=home)
home.save_revision().publish()
Site.objects.update(root_page=home)
about = StandardPage(
    title="About the network", slug="about",
    body=[("paragraph", "<p>Who we are.</p>")],
)
home.add_child(instance=about)
about.save_revision().publish()
french = home.copy_for_translation(Locale.objects.get(language_code="fr"))
french.hero_heading = "Apprendre ensemble"
french.save_revision().publish()
print(image.file.name)
"""

PAGES = ["/en/", "/en/about/", "/fr/", "/sitemap.xml"]

RENDER = f"""
import json
from django.test import Client
client = Client()
pages = {{}}
for path in {PAGES!r}:
    response = client.get(path, HTTP_HOST="commons.example.org")
    pages[path] = [response.status_code, response.content.decode()]
print(json.dumps(pages))
"""

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def rendered(env: dict[str, str]) -> dict[str, list]:
    pages = json.loads(manage(["shell", "-c", RENDER], env).stdout.splitlines()[-1])
    return {
        path: [status, CSRF.sub("", html)] for path, (status, html) in pages.items()
    }


def base_environment(tmp_path: Path) -> dict[str, str]:
    env = environment_without(
        "DATABASE_URL", "DJANGO_SETTINGS", "PORTAL_", "BACKUP", "REDIS_URL"
    )
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "PORTAL_BASE_URL": "https://commons.example.org",
            "ALLOWED_HOSTS": "commons.example.org",
            "BACKUP_DIR": str(tmp_path / "backups"),
            "DEBUG": "0",
        }
    )
    return env


@pytest.fixture
def database_urls(tmp_path):
    """Two empty databases: the site's and the one it is restored into."""
    with scratch_databases(["site", "restored"], tmp_path) as urls:
        yield urls


def test_a_backup_restored_into_an_empty_database_serves_the_same_site(
    tmp_path, database_urls, migrated_sqlite
):
    site_url, restored_url = database_urls
    site = {
        **base_environment(tmp_path),
        "DATABASE_URL": site_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    if site_url.startswith("sqlite:///"):
        copy_sqlite(migrated_sqlite, Path(sqlite_path(site)))
    else:
        manage(["migrate", "--noinput", "-v0"], site)
    image_name = manage(["shell", "-c", CONTENT], site).stdout.split()[-1]
    image = tmp_path / "media" / image_name
    assert image.is_file()
    before = rendered(site)
    assert [status for status, _html in before.values()] == [200] * len(PAGES)
    assert "Communities learning together" in before["/en/"][1]
    assert "Apprendre ensemble" in before["/fr/"][1]

    output = manage(["backup_site"], site).stdout
    folder = Path(output.strip().splitlines()[-1])
    assert folder.parent == tmp_path / "backups"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] in {"sqlite", "postgresql"}
    # Wagtail's welcome page from the migrations, and ours.
    assert manifest["counts"]["pages"] == 4
    assert manifest["counts"]["images"] == 1
    assert manifest["counts"]["media_files"] >= 2  # the original and its renditions

    restored = {
        **base_environment(tmp_path),
        "DATABASE_URL": restored_url,
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
    result = manage(["restore_site", str(folder)], restored).stdout
    assert "4 pages, 1 images" in result
    assert "replacing" not in result

    assert rendered(restored) == before
    copy = tmp_path / "restored-media" / image_name
    assert copy.read_bytes() == image.read_bytes()

    # A database with tables is refused unless --force, and is left as it was.
    refused = manage(["restore_site", str(folder)], restored, check=False)
    assert refused.returncode != 0
    assert "not empty" in refused.stderr and "--force" in refused.stderr
    forced = manage(["restore_site", str(folder), "--force"], restored).stdout
    assert "replacing what was there" in forced
    assert rendered(restored) == before


def test_restore_explains_what_is_not_a_backup(tmp_path):
    env = {
        **base_environment(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = manage(["restore_site", str(tmp_path)], env, check=False)
    assert result.returncode != 0
    assert "is not a backup: it has no manifest.json" in result.stderr
    (tmp_path / "manifest.json").write_text('{"format": 1, "engine": "oracle"}')
    result = manage(["restore_site", str(tmp_path)], env, check=False)
    assert "names no database dump" in result.stderr
    assert not (tmp_path / "media").exists()
