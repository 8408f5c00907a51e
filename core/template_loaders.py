"""Template loaders that give Django the project's HTML templates without their
indentation.

The templates are indented for the people who read them (djhtml, `make lint`); the
pages need not carry it: on the seeded site it is a sixth of a page's bytes, which
readers on slow connections would pay for. Only the spaces and tabs that start a
line go; the line break before them stays, so wherever a template had whitespace
the page still has some and renders alike.

A template keeps its indentation where indentation is text: a preformatted element,
or a blocktranslate that is not trimmed and spans lines (its msgid is the text as
written, line starts included). Plain-text templates (emails) are never changed.
"""

import re
from pathlib import Path

from django.conf import settings
from django.template.loaders import app_directories, filesystem

INDENTATION = re.compile(r"^[ \t]+", re.MULTILINE)
PREFORMATTED = re.compile(r"<(pre|textarea)\b", re.IGNORECASE)
BLOCKTRANSLATE = re.compile(
    r"{%\s*blocktrans(?:late)?\b(?P<options>[^%]*)%}(?P<text>.*?)"
    r"{%\s*endblocktrans(?:late)?\s*%}",
    re.DOTALL,
)


def keeps_indentation(source: str) -> bool:
    if PREFORMATTED.search(source):
        return True
    return any(
        "\n" in match["text"] and not re.search(r"\btrimmed\b", match["options"])
        for match in BLOCKTRANSLATE.finditer(source)
    )


def without_indentation(source: str) -> str:
    """The template source with every line's leading spaces and tabs removed, unless
    its indentation is text."""
    if keeps_indentation(source):
        return source
    return INDENTATION.sub("", source)


def is_project_html(name: str) -> bool:
    """An HTML template of the project's own apps (not of an installed package)."""
    path = Path(name)
    return (
        path.suffix == ".html"
        and "site-packages" not in path.parts
        and path.is_relative_to(settings.BASE_DIR)
    )


class WithoutIndentation:
    def get_contents(self, origin) -> str:
        contents = super().get_contents(origin)
        if is_project_html(origin.name):
            return without_indentation(contents)
        return contents


class FilesystemLoader(WithoutIndentation, filesystem.Loader):
    """Django's loader for TEMPLATES["DIRS"], project HTML without indentation."""


class AppDirectoriesLoader(WithoutIndentation, app_directories.Loader):
    """Django's loader for each app's templates/, project HTML without indentation."""
