"""Uploads through the admin's real add views: images only in raster formats,
documents only in the listed types and never markup, both within size limits;
what is refused says why and stores nothing."""

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest
from PIL import Image as PILImage

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(document.cookie)</script></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("uploader", "u@example.org", "pw")
    client.force_login(user)
    return client


def png_bytes(size: int = 8) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (size, size), (200, 80, 20)).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_bytes(padding: int = 0) -> bytes:
    return b"%PDF-1.4\n" + b"%" * padding + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_image(client, name: str, content: bytes, content_type: str):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def add_document(client, name: str, content: bytes, content_type: str):
    return client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def test_an_svg_image_is_refused(admin_client):
    before = get_image_model().objects.count()
    response = add_image(admin_client, "logo.svg", SVG, "image/svg+xml")
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Not a supported image format. Supported formats: JPG, JPEG, PNG, WEBP, AVIF, GIF."
        in page
    )
    assert get_image_model().objects.count() == before


def test_an_svg_under_a_png_name_is_refused(admin_client):
    before = get_image_model().objects.count()
    response = add_image(admin_client, "logo.png", SVG, "image/png")
    assert response.status_code == 200
    assert get_image_model().objects.count() == before
    assert (
        "Not a valid .png image. The extension does not match the file format (svg)"
        in response.content.decode()
    )


def test_an_image_over_the_limit_is_refused(settings, admin_client):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 500
    content = png_bytes(200)
    assert len(content) > 500
    before = get_image_model().objects.count()
    response = add_image(admin_client, "big.png", content, "image/png")
    assert "This file is too big" in response.content.decode()
    assert "Maximum filesize 500" in response.content.decode()
    assert get_image_model().objects.count() == before


def test_a_good_image_is_stored_and_served_with_nosniff(admin_client, client):
    response = add_image(admin_client, "photo.png", png_bytes(), "image/png")
    assert response.status_code == 302
    image = get_image_model().objects.get(title="photo.png")
    served = client.get(image.file.url)
    assert served.status_code == 200
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Type"] == "image/png"


def test_html_and_svg_documents_are_refused(admin_client):
    before = get_document_model().objects.count()
    for name, content, content_type in [
        ("page.html", HTML, "text/html"),
        ("page.htm", HTML, "text/html"),
        ("drawing.svg", SVG, "image/svg+xml"),
        ("data.xml", SVG, "application/xml"),
    ]:
        response = add_document(admin_client, name, content, content_type)
        assert response.status_code == 200, name
        page = response.content.decode()
        extension = name.rsplit(".", 1)[1]
        assert f"File extension “{extension}” is not allowed." in page, name
        assert "Allowed extensions are: pdf, odt" in page
        assert "web page or SVG image" not in page
    assert get_document_model().objects.count() == before


def test_markup_disguised_as_an_allowed_document_is_refused(admin_client):
    before = get_document_model().objects.count()
    for name, content in [("notes.txt", HTML), ("table.csv", b"\xef\xbb\xbf  " + SVG)]:
        response = add_document(admin_client, name, content, "text/plain")
        assert response.status_code == 200
        page = response.content.decode()
        assert "This file contains a web page or SVG image" in page
        assert "is not allowed" not in page
    assert get_document_model().objects.count() == before


def test_a_document_over_the_limit_is_refused(settings, admin_client):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    before = get_document_model().objects.count()
    response = add_document(
        admin_client, "slides.pdf", pdf_bytes(2000), "application/pdf"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This file is too big (2.0\xa0KB). Maximum filesize 1000\xa0bytes." in page
    assert "is not allowed" not in page
    assert get_document_model().objects.count() == before


def test_the_multiple_uploader_refuses_with_the_same_message(admin_client):
    before = get_document_model().objects.count()
    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("notes.txt", HTML, content_type="text/plain")},
    )
    answer = response.json()
    assert answer["success"] is False
    assert "This file contains a web page or SVG image" in answer["error_message"]
    assert get_document_model().objects.count() == before


def test_good_documents_are_stored_and_only_pdf_opens_in_the_browser(
    admin_client, client
):
    assert (
        add_document(
            admin_client, "slides.pdf", pdf_bytes(), "application/pdf"
        ).status_code
        == 302
    )
    assert (
        add_document(
            admin_client, "notes.txt", b"Plain notes.\n", "text/plain"
        ).status_code
        == 302
    )
    pdf = get_document_model().objects.get(title="slides.pdf")
    text = get_document_model().objects.get(title="notes.txt")
    inline = client.get(pdf.url)
    assert inline.status_code == 200
    assert inline.headers["Content-Disposition"].startswith("inline")
    attachment = client.get(text.url)
    assert attachment.headers["Content-Disposition"].startswith("attachment")
    for response in (inline, attachment):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    direct = client.get(text.file.url)
    assert direct.headers["X-Content-Type-Options"] == "nosniff"
