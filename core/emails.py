"""Emails to one person in their language: a subject, a plain-text body and an HTML
body from three templates (`<prefix>_subject.txt`, `_body.txt`, `_body.html`), with
the site's name and home page in that language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import get_language_info, override

from .basics import site_identity
from .utils import absolute_url


def send_in_language(
    language: str,
    to: str,
    template_prefix: str,
    context: dict,
    attachments: list[tuple[str, bytes, str]] = (),
) -> None:
    """The email, with `attachments` (file name, content, type) if any."""
    with override(language):
        context = {
            **context,
            "language_code": language,
            "language_bidi": get_language_info(language)["bidi"],
            "site_name": site_identity().name,
            "site_url": absolute_url(f"/{language}/"),
        }
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        text = render_to_string(f"{template_prefix}_body.txt", context)
        html = render_to_string(f"{template_prefix}_body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Content-Language": language, "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()
