"""Hostile input at every public form and query parameter (Hypothesis): filters,
pagination, search, calendar and feeds, subscribe, confirm, preferences,
unsubscribe and the click redirect. Whatever arrives: never a server error, no
markup from the input reflected unescaped, no NUL byte handed to the database
(PostgreSQL refuses them with an error), nothing stored from a rejected request,
and the click redirect never leaves the site.

Deterministic and quick: derandomized, no example database, a modest number of
examples per test."""

from contextlib import contextmanager
from urllib.parse import quote, urlencode, urlsplit

from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import Topic
from events.models import EventSeries
from newsletter.models import Click, Delivery, Send, SendWorker, Subscriber
from newsletter.rendering import CLICK_SALT, CLICK_SEPARATOR, click_subscriber_part
from newsletter.subscriptions import CONFIRM_SALT
from stories.models import CommunityProfile

pytestmark = pytest.mark.django_db

BASE = "https://commons.example.org"
LANGUAGES = ["en", "fr", "ar"]

fuzz = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

XSS = [
    '"><script>alert(1)</script>',
    "<script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    '"><svg/onload=alert(1)>',
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    '" onmouseover="alert(1)',
]
MALICIOUS = [
    *XSS,
    "' OR 1=1 --",
    "1; DROP TABLE newsletter_subscriber; --",
    "1 UNION SELECT password FROM auth_user",
    "\x00",
    "a\x00b",
    "%00",
    "\r\nSet-Cookie: stolen=1",
    "x\r\nLocation: https://evil.example",
    "../../../../etc/passwd",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "..\\..\\windows\\win.ini",
    "//evil.example",
    "https://evil.example/",
    "{{ settings.SECRET_KEY }}",
    "${7*7}",
    "%s%s%s%n",
    "9" * 40,
    "-1",
    "0",
    "1e309",
    "NaN",
    "-0",
    "2026-13",
    "2026-00",
    "99999999999999999999-1",
    "1-1-1",
    "٢٠٢٦-١١",
    "\u202eevil",
    "ﷺ",
    "😀" * 50,
    "x" * 5000,
    "[]",
    "{}",
    "null",
]
# What would show that input went back out as markup.
RAW_MARKUP = [
    "<script>alert(",
    "<img src=x onerror",
    "<svg/onload",
    'href="javascript:',
    "href='javascript:",
    'onmouseover="alert',
]

hostile_text = st.one_of(
    st.sampled_from(MALICIOUS),
    st.text(max_size=40),
    st.tuples(st.sampled_from(MALICIOUS), st.text(max_size=10)).map("".join),
    st.integers().map(str),
)


def query_pairs(names: list[str], valid: dict[str, list[str]] | None = None):
    """A list of (name, value) pairs: the page's parameters (repeated, in any
    order) with hostile or sometimes valid values, and a stray one."""
    values = st.one_of(hostile_text, st.sampled_from(sum((valid or {}).values(), [])))
    if not valid:
        values = hostile_text
    names_strategy = st.one_of(st.sampled_from(names), st.just("utm_source"))
    return st.lists(st.tuples(names_strategy, values), max_size=6)


def newsletter_rows() -> dict[str, int]:
    return {
        "subscribers": Subscriber.objects.count(),
        "subscriber_topics": Subscriber.topics.through.objects.count(),
        "sends": Send.objects.count(),
        "deliveries": Delivery.objects.count(),
        "workers": SendWorker.objects.count(),
        "clicks": Click.objects.count(),
    }


@contextmanager
def no_nul_reaches_the_database():
    """Fails if any query parameter carries a NUL byte: SQLite stores it, but
    PostgreSQL refuses the query, which would be a server error in production."""
    offending = []

    def check(execute, sql, params, many, context):
        rows = params if many else [params]
        for row in rows or ():
            values = row.values() if isinstance(row, dict) else row or ()
            if any(isinstance(value, str) and "\x00" in value for value in values):
                offending.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(check):
        yield
    assert not offending, f"a NUL byte reached the database: {offending[0]}"


def assert_safe(response) -> str:
    """Never a server error, and no input markup echoed back raw."""
    assert response.status_code < 500, response.content[:2000]
    body = response.content.decode(errors="replace")
    lowered = body.lower()
    for marker in RAW_MARKUP:
        assert marker.lower() not in lowered, marker
    return body


def get(client, path: str, pairs: list[tuple[str, str]], **headers):
    with no_nul_reaches_the_database():
        response = client.get(path, QUERY_STRING=urlencode(pairs), headers=headers)
    return assert_safe(response), response


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    """Subscribe attempts are limited per address; fuzzing sends hundreds."""
    settings.NEWSLETTER_SUBSCRIBE_RATE_LIMIT = (1_000_000, 600)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader(db) -> Subscriber:
    return Subscriber.objects.create(
        email="reader@example.org",
        language="fr",
        status=Subscriber.Status.CONFIRMED,
        consent_text="I agree.",
        consented_at=timezone.now(),
        confirmed_at=timezone.now(),
    )


@pytest.fixture
def pending(db) -> Subscriber:
    return Subscriber.objects.create(
        email="pending@example.org",
        language="ar",
        status=Subscriber.Status.PENDING,
        consent_text="I agree.",
        consented_at=timezone.now(),
    )


# Listings, filters and pagination ------------------------------------------------


LISTINGS = {
    "stories/": (["country", "approach", "topic", "page"], "stories"),
    "events/": (["kind", "format", "language", "page"], "events"),
    "recordings/": (["topic", "series", "language", "page"], "recordings"),
    "newsletter/": (["page"], None),
    "": (["page"], None),
}
VALID = {
    "country": ["KE", "br", "IN"],
    "approach": ["peer_exchange", "mentoring"],
    "kind": ["seminar", "learning_clinic"],
    "format": ["online", "in_person"],
    "language": ["en", "fr", "sw"],
    "page": ["1", "2", "last"],
}


@fuzz
@given(
    language=st.sampled_from(LANGUAGES),
    section=st.sampled_from(sorted(LISTINGS)),
    data=st.data(),
)
def test_listing_filters_and_pagination(client, language, section, data):
    names, _name = LISTINGS[section]
    valid = {name: VALID.get(name, []) for name in names}
    if "topic" in names:
        valid["topic"] = list(
            Topic.objects.filter(locale__language_code=language).values_list(
                "slug", flat=True
            )[:2]
        )
    pairs = data.draw(query_pairs(names, valid))
    body, response = get(client, f"/{language}/{section}", pairs)
    assert response.status_code == 200
    assert f'<html lang="{language}"' in body


# The values most likely to break something, on every parameter of every listing,
# whatever Hypothesis happens to draw.
WORST = ["a\x00b", '"><script>alert(1)</script>', "9" * 40, "x" * 5000, "../../etc"]


@pytest.mark.parametrize("section", sorted(LISTINGS))
def test_the_worst_values_on_every_listing_parameter(client, section):
    names, _name = LISTINGS[section]
    for name in names:
        for value in WORST:
            _body, response = get(client, f"/fr/{section}", [(name, value)])
            assert response.status_code == 200, (name, value)
    _body, response = get(client, f"/ar/{section}", [(n, WORST[0]) for n in names])
    assert response.status_code == 200


@fuzz
@given(
    language=st.sampled_from(LANGUAGES),
    month=st.one_of(
        hostile_text,
        st.tuples(st.integers(), st.integers()).map(lambda ym: f"{ym[0]}-{ym[1]}"),
        st.tuples(
            st.integers(min_value=10**10, max_value=10**30), st.integers(1, 12)
        ).map(lambda ym: f"{ym[0]}-{ym[1]}"),
    ),
    extra=query_pairs(["month", "page"]),
)
def test_the_calendar_month(client, language, month, extra):
    body, response = get(
        client, f"/{language}/events/calendar/", [("month", month), *extra]
    )
    assert response.status_code == 200


@fuzz
@given(
    language=st.sampled_from(LANGUAGES),
    feed=st.sampled_from(["stories/feed/", "events/ical/", "recordings/podcast/"]),
    pairs=query_pairs(["page", "month", "topic", "format"]),
)
def test_feeds_and_calendars_ignore_their_parameters(client, language, feed, pairs):
    _body, response = get(client, f"/{language}/{feed}", pairs)
    assert response.status_code == 200


@fuzz
@given(language=st.sampled_from(LANGUAGES), pairs=query_pairs(["page"]))
def test_community_and_series_pages_paginate_anything(client, language, pairs):
    community = CommunityProfile.objects.filter(locale__language_code=language).first()
    series = EventSeries.objects.filter(locale__language_code=language).first()
    assert community and series, "the demo site has communities and series"
    for path in (
        f"/{language}/stories/communities/{community.slug}/",
        f"/{language}/events/series/{series.slug}/",
    ):
        _body, response = get(client, path, pairs)
        assert response.status_code == 200


@fuzz
@given(
    language=st.sampled_from(LANGUAGES),
    slug=hostile_text,
)
def test_community_and_series_slugs(client, language, slug):
    for section in ("stories/communities", "events/series"):
        with no_nul_reaches_the_database():
            response = client.get(f"/{language}/{section}/{quote(slug, safe='')}/")
        assert_safe(response)
        assert response.status_code in (200, 301, 302, 404)


# Search ------------------------------------------------------------------------


@fuzz
@given(
    language=st.sampled_from(LANGUAGES),
    query=st.one_of(hostile_text, st.sampled_from(["partners", "learning", "*"])),
    pairs=query_pairs(["type", "page", "q"], {"type": ["stories", "events"]}),
)
def test_search_query_type_and_page(client, language, query, pairs):
    body, response = get(client, f"/{language}/search/", [("q", query), *pairs])
    assert response.status_code == 200


# Subscribe -----------------------------------------------------------------------


subscribe_fields = st.fixed_dictionaries(
    {
        "email": st.one_of(
            hostile_text,
            st.emails(),
            st.tuples(st.sampled_from(MALICIOUS), st.just("@example.org")).map("".join),
        ),
    },
    optional={
        "topics": st.lists(st.one_of(hostile_text, st.integers().map(str)), max_size=3),
        "language": hostile_text,
        "source": hostile_text,
        "website": st.one_of(st.just(""), hostile_text),
        "consent": hostile_text,
    },
)


@fuzz
@given(language=st.sampled_from(LANGUAGES), fields=subscribe_fields)
def test_the_subscribe_form(client, language, fields):
    before = newsletter_rows()
    with no_nul_reaches_the_database():
        response = client.post(f"/{language}/subscribe/", fields)
    assert_safe(response)
    if response.status_code >= 400 or fields.get("website"):
        # Refused, or a bot filling in the honeypot: nothing is kept.
        assert newsletter_rows() == before
    else:
        assert response.status_code == 200
        stored = Subscriber.objects.filter(
            email=Subscriber.normalise_email(fields["email"])
        )
        assert stored.exists() or newsletter_rows() == before


# Links from emails -----------------------------------------------------------------


def link(name: str, value: str) -> str:
    return f"/newsletter/{name}/{quote(value, safe='')}/"


@fuzz
@given(
    signed=st.one_of(
        hostile_text,
        hostile_text.map(
            lambda token: signing.TimestampSigner(salt="another.salt").sign(token)
        ),
    ),
    method=st.sampled_from(["get", "post"]),
)
def test_confirmation_links(client, pending, signed, method):
    before = newsletter_rows()
    with no_nul_reaches_the_database():
        response = getattr(client, method)(link("confirm", signed))
    assert_safe(response)
    assert response.status_code in (400, 404)
    assert newsletter_rows() == before
    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.PENDING


def test_a_real_confirmation_link_still_confirms(client, pending):
    """The fuzzing above would pass if every link were refused: this one works."""
    signed = signing.TimestampSigner(salt=CONFIRM_SALT).sign(pending.token)
    assert client.post(link("confirm", signed)).status_code == 200
    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.CONFIRMED


@fuzz
@given(
    token=hostile_text,
    name=st.sampled_from(["preferences", "unsubscribe"]),
    method=st.sampled_from(["get", "post"]),
    body=st.dictionaries(
        st.sampled_from(["List-Unsubscribe", "language", "topics", "token"]),
        hostile_text,
        max_size=3,
    ),
)
def test_unknown_tokens(client, reader, token, name, method, body):
    before = newsletter_rows()
    with no_nul_reaches_the_database():
        if method == "get":
            response = client.get(link(name, token))
        else:
            response = client.post(link(name, token), body)
    assert_safe(response)
    if token != reader.token:
        assert response.status_code == 404
        assert newsletter_rows() == before
        reader.refresh_from_db()
        assert reader.status == Subscriber.Status.CONFIRMED


@fuzz
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "language": st.one_of(hostile_text, st.sampled_from(["fr", "es", "de"])),
            "topics": st.lists(
                st.one_of(hostile_text, st.integers().map(str)), max_size=3
            ),
        },
    ),
)
def test_preferences_form(client, reader, data):
    topics_before = set(reader.topics.values_list("pk", flat=True))
    language_before = Subscriber.objects.get(pk=reader.pk).language
    before = newsletter_rows()
    with no_nul_reaches_the_database():
        response = client.post(link("preferences", reader.token), data)
    assert_safe(response)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert newsletter_rows() == before
        reader.refresh_from_db()
        assert reader.language == language_before
        assert set(reader.topics.values_list("pk", flat=True)) == topics_before


@fuzz
@given(
    body=st.one_of(
        st.binary(max_size=200),
        st.lists(st.tuples(hostile_text, hostile_text), max_size=4).map(
            lambda pairs: urlencode(pairs).encode()
        ),
    ),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json",
            "text/plain",
        ]
    ),
)
def test_one_click_unsubscribe_with_any_body(client, reader, body, content_type):
    """RFC 8058: a mail client's POST on the link unsubscribes, whatever its body."""
    Subscriber.objects.filter(pk=reader.pk).update(status=Subscriber.Status.CONFIRMED)
    response = client.generic(
        "POST", link("unsubscribe", reader.token), body, content_type=content_type
    )
    assert_safe(response)
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


# The click redirect ----------------------------------------------------------------


OFF_SITE = [
    "//evil.example/",
    "https://evil.example/",
    "http://commons.example.org/",
    "https://commons.example.org.evil.example/",
    "https://commons.example.org@evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/\r\nLocation: https://evil.example",
    " https://evil.example",
]


@fuzz
@given(
    url=st.one_of(
        st.sampled_from(OFF_SITE),
        hostile_text,
        hostile_text.map(lambda path: f"/{path}"),
        hostile_text.map(lambda path: f"{BASE}/{path}"),
    ),
    send_id=st.one_of(st.just(0), st.integers()),
    subscriber_part=st.one_of(hostile_text, st.just("")),
    tamper=st.booleans(),
)
def test_the_click_redirect_never_leaves_the_site(
    client, reader, url, send_id, subscriber_part, tamper
):
    signed_link = signing.dumps({"s": send_id, "u": url}, salt=CLICK_SALT)
    if tamper:
        signed_link = signed_link[:-2] + "xx"
    part = subscriber_part or click_subscriber_part(send_id, reader.pk)
    before = newsletter_rows()
    with no_nul_reaches_the_database():
        response = client.get(link("c", f"{signed_link}{CLICK_SEPARATOR}{part}"))
    assert_safe(response)
    assert response.status_code in (302, 400, 404)
    if response.status_code == 302:
        target = urlsplit(response["Location"])
        assert (target.scheme, target.netloc) == ("https", "commons.example.org")
        assert "\n" not in response["Location"] and "\r" not in response["Location"]
    else:
        assert newsletter_rows() == before


@fuzz
@given(signed=hostile_text)
def test_unsigned_click_links_are_refused(client, signed):
    before = newsletter_rows()
    with no_nul_reaches_the_database():
        response = client.get(link("c", signed))
    assert_safe(response)
    assert response.status_code in (400, 404)
    assert newsletter_rows() == before
