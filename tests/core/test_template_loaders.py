"""The project's HTML templates reach Django without their indentation: pages carry
a line break where a template has one, never the spaces that indent it, and
nothing changes where indentation is text."""

import re
import subprocess

from django.template import engines
from django.template.loader import get_template

import pytest

from core.template_loaders import without_indentation
from tests.helpers import ROOT


def source(name: str) -> str:
    return get_template(name).template.source


def project_templates(suffix: str) -> list[str]:
    files = subprocess.run(
        ["git", "ls-files", f"*{suffix}"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    return [path.split("/templates/", 1)[1] for path in files if "/templates/" in path]


def test_project_html_templates_load_without_indentation():
    on_disk = (
        ROOT / "portal" / "templates" / "includes" / "pagination.html"
    ).read_text()
    assert "\n  <" in on_disk
    for name in project_templates(".html"):
        assert not re.search(r"^[ \t]+", source(name), re.MULTILINE), name


def test_plain_text_and_installed_packages_templates_keep_theirs():
    for name in project_templates(".txt"):
        on_disk = next(ROOT.glob(f"*/templates/{name}")).read_text()
        assert source(name) == on_disk, name
    assert re.search(r"^ +<", source("wagtailadmin/base.html"), re.MULTILINE)


@pytest.mark.parametrize(
    "text",
    [
        "<p>\n  <pre>\n    code\n  </pre>\n</p>",
        "<textarea>\n  typed\n</textarea>",
        "<p>{% blocktranslate %}One\n  line{% endblocktranslate %}</p>\n  <p></p>",
    ],
)
def test_indentation_that_is_text_stays(text):
    assert without_indentation(text) == text


def test_a_trimmed_blocktranslate_translates_alike_either_way():
    text = "<p>{% blocktranslate trimmed %}\n    Search\n  {% endblocktranslate %}</p>"
    assert without_indentation(text) == (
        "<p>{% blocktranslate trimmed %}\nSearch\n{% endblocktranslate %}</p>"
    )
    engine = engines["django"]
    loaded = "{% load i18n %}"
    assert engine.from_string(loaded + text).render({}) == engine.from_string(
        loaded + without_indentation(text)
    ).render({})


@pytest.mark.django_db
def test_pages_start_with_the_doctype(client):
    for path in ["/en/", "/ar/stories/", "/fr/no-such-page/"]:
        assert client.get(path).content.startswith(b"<!doctype html>\n"), path
