"""Upload checks beyond Wagtail's extension and size limits.

An allowed extension says nothing about the bytes: a `.txt` or `.csv` that is
really an HTML page or an SVG image could run script if a browser ever rendered
it. Documents are served as downloads with nosniff, but such a file has no place
in the library in the first place, so the form refuses it with a clear message.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm

# How markup starts, once leading whitespace and a byte-order mark are skipped.
MARKUP_STARTS = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<svg",
    b"<?xml",
    b"<script",
)
SNIFF_BYTES = 1024


def looks_like_markup(upload) -> bool:
    """Whether the first bytes of an uploaded file are HTML, SVG or XML."""
    position = upload.tell()
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(position)
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return head.startswith(MARKUP_STARTS)


def allowed_extension(name: str) -> bool:
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    return extension in settings.WAGTAILDOCS_EXTENSIONS


class PortalDocumentForm(BaseDocumentForm):
    """Wagtail's document form; it also refuses markup under any extension, and
    shows one message for a refused file rather than two."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if (
            upload
            and "file" in self.changed_data
            and allowed_extension(upload.name)
            and looks_like_markup(upload)
        ):
            raise ValidationError(
                _(
                    "This file contains a web page or SVG image, which cannot be "
                    "uploaded as a document. Upload a PDF or an office document instead."
                ),
                code="markup_document",
            )
        return upload

    def _post_clean(self):
        # Wagtail's Document.clean() checks the extension of the file on the
        # instance, which is empty once the field itself refused the upload (too
        # big, markup): keep the field's own message without a second, confusing one.
        refused = self._errors.get("file") if self._errors else None
        messages = list(refused.as_data()) if refused else None
        super()._post_clean()
        if messages is not None:
            self._errors["file"] = self.error_class(messages, renderer=self.renderer)
