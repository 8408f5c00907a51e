"""Upload checks beyond Wagtail's extension and size limits.

An allowed extension says nothing about the bytes: a `.txt` or `.csv` that is
really an HTML page or an SVG image could run script if a browser ever rendered
it. Documents are served as downloads with nosniff, but such a file has no place
in the library in the first place, so the form refuses it with a clear message.
"""

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


class PortalDocumentForm(BaseDocumentForm):
    """Wagtail's document form; it also refuses markup under any extension."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data and looks_like_markup(upload):
            raise ValidationError(
                _(
                    "This file contains a web page or SVG image, which cannot be "
                    "uploaded as a document. Upload a PDF or an office document instead."
                ),
                code="markup_document",
            )
        return upload
