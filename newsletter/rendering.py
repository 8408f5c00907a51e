"""Rendering an issue as an email: once per language (and per set of topic-filtered
items), with the per-subscriber parts left as placeholders that are filled in by
string replacement for each message, so a large send does not render 10,000 times.

Every link to the site is absolute (PORTAL_BASE_URL), carries campaign parameters
and passes through the click redirect; the HTML has its CSS inlined (css-inline)
and a plain-text alternative says the same.
"""

import re
from dataclasses import dataclass
from email.utils import formatdate
from functools import cache
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from wagtail.rich_text import expand_db_html

import css_inline

from core.basics import site_identity
from core.locales import is_rtl
from core.utils import absolute_url

from .models import NewsletterIssuePage
from .models.issues import IssueContent, IssueItem
from .subscriptions import privacy_notice_url

# Placeholders: plain ASCII words that survive css-inline, MIME encoding and header
# folding unchanged, replaced in the finished bytes of each message.
TOKEN = "LCXSUBSCRIBERTOKENX"  # noqa: S105 (a placeholder)
CLICK = "LCXCLICKSUBSCRIBERX"
RECIPIENT = "lcxrecipientx@placeholder.invalid"
MESSAGE_ID = "lcxmessageidx@placeholder.invalid"
DATE = "LCXDATEX"

CLICK_SALT = "newsletter.click.link"
SUBSCRIBER_SALT = "newsletter.click.subscriber"
CLICK_SEPARATOR = "~"
CAMPAIGN_PARAMETERS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")
# Lines stay well below the 998-octet limit, so the body goes out as 8bit and
# placeholders are never split by a quoted-printable soft line break.
MAX_LINE = 600

HREF = re.compile(r'href="([^"]*)"')


def base_domain() -> str:
    """The site's host name, for Message-IDs and List-Id."""
    return urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"


def is_site_url(url: str) -> bool:
    """A path on this site, or an absolute URL on PORTAL_BASE_URL."""
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return True
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return url == base or url.startswith(base + "/")


def with_campaign(url: str, campaign: str, content: str = "") -> str:
    """The absolute URL with utm parameters saying it came from this issue."""
    parts = urlsplit(absolute_url(url))
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key not in CAMPAIGN_PARAMETERS
    ]
    query += [
        ("utm_source", "newsletter"),
        ("utm_medium", "email"),
        ("utm_campaign", campaign),
    ]
    if content:
        query.append(("utm_content", content))
    return urlunsplit(parts._replace(query=urlencode(query)))


def without_campaign(url: str) -> str:
    """The link as reports show it: without the utm parameters."""
    parts = urlsplit(url)
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key not in CAMPAIGN_PARAMETERS
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


@cache
def _subscriber_signer() -> signing.Signer:
    """One signer for every click link of a process: a send signs thousands."""
    return signing.Signer(salt=SUBSCRIBER_SALT)


def click_subscriber_part(send_id: int, subscriber_id: int) -> str:
    """The per-subscriber half of a click link: signed, so it cannot be forged."""
    return _subscriber_signer().sign(f"{send_id}.{subscriber_id}")


class LinkTracker:
    """Turns site links into click-redirect links for one send; the subscriber's part
    of each link is a placeholder."""

    def __init__(self, send_id: int, campaign: str):
        self.send_id = send_id
        self.campaign = campaign
        self.prefix = absolute_url(reverse("newsletter:click", args=["SIGNED"]))

    def track(self, url: str, content: str = "") -> str:
        """The click-redirect link for a site URL; other URLs are left alone."""
        if not is_site_url(url):
            return url
        target = with_campaign(url, self.campaign, content)
        link = signing.dumps(
            {"s": self.send_id, "u": target}, salt=CLICK_SALT, compress=True
        )
        return self.prefix.replace("SIGNED", f"{link}{CLICK_SEPARATOR}{CLICK}")

    def track_html(self, html: str) -> str:
        """Every site link in a piece of HTML (the editor's rich text) tracked."""

        def replace(match: re.Match) -> str:
            url = unescape(match.group(1))
            if not is_site_url(url):
                return match.group(0)
            return f'href="{self.track(url, "lead")}"'

        return HREF.sub(replace, html)


def html_to_text(html: str) -> str:
    """Rich text as plain text: paragraphs on their own lines, links in brackets."""
    html = HREF.sub(lambda m: f'data-href="{m.group(1)}"', html)
    html = re.sub(
        r'<a [^>]*data-href="([^"]*)"[^>]*>(.*?)</a>',
        lambda m: f"{m.group(2)} <{unescape(m.group(1))}>",
        html,
        flags=re.S,
    )
    html = re.sub(r"<li[^>]*>", "\n- ", html)
    html = re.sub(r"</(p|h[1-6]|ul|ol|div)>", "\n\n", html)
    html = re.sub(r"<br\s*/?>", "\n", html)
    text = unescape(strip_tags(html))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def wrap_long_lines(text: str, width: int = MAX_LINE) -> str:
    """Break over-long lines at spaces (equivalent to a newline in HTML)."""
    lines = []
    for line in text.splitlines():
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            if cut <= 0:
                cut = line.find(" ", width)
                if cut < 0:
                    break
            lines.append(line[:cut])
            line = line[cut + 1 :]
        lines.append(line)
    return "\n".join(lines)


@cache
def _inliner() -> css_inline.CSSInliner:
    """One inliner per process; remote stylesheets are never fetched."""
    return css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def list_headers(token: str = TOKEN) -> dict[str, str]:
    """List-Unsubscribe (RFC 2369, one-click per RFC 8058) and List-Id."""
    unsubscribe = absolute_url(reverse("newsletter:unsubscribe", args=[token]))
    targets = [f"<{unsubscribe}>"]
    mailto = settings.NEWSLETTER_UNSUBSCRIBE_MAILTO
    if mailto:
        targets.append(f"<mailto:{mailto}?subject=unsubscribe%20{token}>")
    site = site_identity().name
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{site} newsletter <newsletter.{base_domain()}>",
    }


class _RawMessage:
    """A finished message as bytes, in the shape Django's mail backends expect from
    `EmailMessage.message()`."""

    def __init__(self, data: bytes):
        self.data = data

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.data

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.data.decode("utf-8", errors="replace")

    def get_charset(self):
        return None


class PrerenderedEmail(EmailMessage):
    """An email whose MIME bytes were built once for its language and filled in for
    this subscriber; sent through any Django connection like any other."""

    def __init__(self, data: bytes, to: str, from_email: str, subject: str):
        super().__init__(subject=subject, from_email=from_email, to=[to])
        self.data = data

    def message(self):
        return _RawMessage(self.data)


@dataclass
class RenderedIssue:
    """One language's rendering of an issue, with placeholders for the subscriber."""

    page: NewsletterIssuePage
    language: str
    subject: str
    html: str
    text: str
    template: bytes
    from_email: str

    def message_for(
        self,
        *,
        email: str,
        token: str,
        click_part: str,
        message_id: str,
        date: str | None = None,
    ) -> EmailMessage:
        """The message for one subscriber: string replacement on the rendered bytes
        (a slower full build only for addresses that are not plain ASCII)."""
        if not email.isascii():
            return self._built_for(email, token, click_part, message_id)
        data = (
            self.template.replace(RECIPIENT.encode(), email.encode())
            .replace(TOKEN.encode(), token.encode())
            .replace(CLICK.encode(), click_part.encode())
            .replace(MESSAGE_ID.encode(), message_id.encode())
            .replace(DATE.encode(), (date or formatdate()).encode())
        )
        return PrerenderedEmail(data, email, self.from_email, self.subject)

    def _built_for(
        self, email: str, token: str, click_part: str, message_id: str
    ) -> EmailMessage:
        """The message built in full, for an address the byte template cannot carry."""

        def fill(text: str) -> str:
            return text.replace(TOKEN, token).replace(CLICK, click_part)

        headers = {key: fill(value) for key, value in self._headers(token).items()}
        headers["Message-ID"] = f"<{message_id}>"
        message = EmailMultiAlternatives(
            self.subject, fill(self.text), self.from_email, [email], headers=headers
        )
        message.attach_alternative(fill(self.html), "text/html")
        return message

    def _headers(self, token: str = TOKEN) -> dict[str, str]:
        """The list headers and the copy's language, for both ways of building it."""
        return {**list_headers(token), "Content-Language": self.language}


def render_issue(
    page: NewsletterIssuePage, content: IssueContent, send_id: int
) -> RenderedIssue:
    """The issue in its page's language, as HTML and text with placeholders."""
    language = page.locale.language_code
    tracker = LinkTracker(send_id, campaign=page.slug)
    with translation.override(language):
        context = _context(page, content, tracker, language)
        html = render_to_string("newsletter/email/issue.html", context)
        text = render_to_string("newsletter/email/issue.txt", context)
    html = wrap_long_lines(_inliner().inline(html))
    text = wrap_long_lines(text.strip() + "\n")
    from_email = settings.NEWSLETTER_FROM_EMAIL or settings.DEFAULT_FROM_EMAIL
    rendered = RenderedIssue(
        page=page,
        language=language,
        subject=page.subject,
        html=html,
        text=text,
        template=b"",
        from_email=from_email,
    )
    headers = rendered._headers()
    headers.update({"Message-ID": f"<{MESSAGE_ID}>", "Date": DATE})
    message = EmailMultiAlternatives(
        page.subject, text, from_email, [RECIPIENT], headers=headers
    )
    message.attach_alternative(html, "text/html")
    rendered.template = _unfold_first_lines(message.message().as_bytes(linesep="\r\n"))
    return rendered


def _unfold_first_lines(data: bytes) -> bytes:
    """The email package starts a long header with a fold (`Subject: CRLF =?utf-8?...`)
    that some readers keep as a leading space; start them on their own line."""
    head, separator, body = data.partition(b"\r\n\r\n")
    head = re.sub(rb"^([A-Za-z-]+): \r\n ", rb"\1: ", head, flags=re.M)
    return head + separator + body


def _context(
    page: NewsletterIssuePage,
    content: IssueContent,
    tracker: LinkTracker,
    language: str,
) -> dict:
    """What the issue templates (HTML and text) need, every site link tracked."""

    def links(items: list[IssueItem], section: str) -> list[dict]:
        return [
            {
                "title": item.title,
                "summary": item.summary,
                "kind": item.kind,
                "page": item.page,
                "url": tracker.track(item.page.get_absolute_url(), section),
            }
            for item in items
        ]

    lead_html = tracker.track_html(expand_db_html(page.lead)) if page.lead else ""
    return {
        "page": page,
        "language": language,
        "rtl": is_rtl(language),
        "subject": page.subject,
        "preheader": page.preheader,
        "lead_html": lead_html,
        "lead_text": html_to_text(lead_html),
        "featured": links(content.featured, "featured"),
        "new_stories": links(content.new_stories, "stories"),
        "new_recordings": links(content.new_recordings, "recordings"),
        "new_events": links(content.new_events, "events"),
        "since": content.since,
        "web_url": tracker.track(page.get_absolute_url(), "web"),
        "home_url": tracker.track(f"/{language}/", "home"),
        "preferences_url": absolute_url(
            reverse("newsletter:preferences", args=[TOKEN])
        ),
        "unsubscribe_url": absolute_url(
            reverse("newsletter:unsubscribe", args=[TOKEN])
        ),
        "privacy_url": privacy_notice_url(language_code=language),
        "site_name": site_identity().name,
    }
