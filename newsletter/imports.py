"""CSV import of subscribers: each row checked, nothing half-imported, and a report of
every row skipped and why. A row is confirmed only when it carries its consent record;
otherwise it waits for the person to confirm by email."""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.models import Topic

from .models import Subscriber
from .subscriptions import send_confirmation_task

COLUMNS = [
    "email",
    "language",
    "topics",
    "consented_at",
    "consent_text",
    "consent_source",
]
REQUIRED_COLUMNS = {"email", "language"}
MAX_ROWS = 50_000


class ImportFileError(Exception):
    """The file as a whole cannot be read as a subscriber list."""


@dataclass
class ImportReport:
    confirmed: int = 0
    pending: int = 0
    skipped: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.confirmed + self.pending


def read_rows(data: bytes) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is not UTF-8 text.")) from None
    reader = csv.DictReader(io.StringIO(text))
    header = {name.strip().lower() for name in reader.fieldnames or []}
    missing = REQUIRED_COLUMNS - header
    if missing:
        raise ImportFileError(
            _("The first line must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(sorted(missing))}
        )
    rows = []
    try:
        for row in reader:
            rows.append(
                {
                    (key or "").strip().lower(): (value or "").strip()
                    for key, value in row.items()
                    if isinstance(value, str)
                }
            )
            if len(rows) > MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(count)s rows; split it.")
                    % {"count": MAX_ROWS}
                )
    except csv.Error as error:
        raise ImportFileError(
            _("The file is not valid CSV: %(error)s") % {"error": error}
        ) from None
    return rows


def import_subscribers(data: bytes, source: str) -> ImportReport:
    """Add the new addresses of a CSV file. Existing addresses are left as they are
    (an import never re-subscribes someone who left)."""
    rows = read_rows(data)
    languages = {code for code, _name in settings.LANGUAGES}
    topics = {
        topic.slug: topic
        for topic in Topic.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    }
    emails = [Subscriber.normalise_email(row.get("email", "")) for row in rows]
    existing = set(
        Subscriber.objects.filter(email__in=emails).values_list("email", flat=True)
    )
    report = ImportReport()
    seen: set[str] = set()
    to_create: list[tuple[Subscriber, list[Topic]]] = []
    now = timezone.now()
    for line, (row, email) in enumerate(zip(rows, emails, strict=True), start=2):
        problem, topic_list, consented_at = check_row(
            row, email, languages, topics, existing | seen
        )
        if problem:
            report.skipped.append((line, row.get("email", "")[:254], problem))
            continue
        seen.add(email)
        has_consent = bool(consented_at and row.get("consent_text"))
        subscriber = Subscriber(
            email=email,
            language=row["language"],
            status=Subscriber.Status.CONFIRMED
            if has_consent
            else Subscriber.Status.PENDING,
            consent_text=row.get("consent_text", ""),
            consent_source=row.get("consent_source", "") or source,
            consented_at=consented_at,
            confirmed_at=now if has_consent else None,
            confirmation_sent_at=None if has_consent else now,
        )
        to_create.append((subscriber, topic_list))
    with transaction.atomic():
        for subscriber, topic_list in to_create:
            subscriber.save()
            if topic_list:
                subscriber.topics.set(topic_list)
            if subscriber.status == Subscriber.Status.CONFIRMED:
                report.confirmed += 1
            else:
                report.pending += 1
                transaction.on_commit(
                    lambda pk=subscriber.pk: send_confirmation_task.enqueue(pk)
                )
    return report


def check_row(
    row: dict[str, str],
    email: str,
    languages: set[str],
    topics: dict[str, Topic],
    taken: set[str],
) -> tuple[str, list[Topic], dt.datetime | None]:
    """(problem, topics, consented_at) for one row; a problem means it is skipped."""
    try:
        validate_email(email)
    except ValidationError:
        return _("not a valid email address"), [], None
    if email in taken:
        return _("already on the list"), [], None
    if row.get("language") not in languages:
        return (
            _("unknown language %(code)r") % {"code": row.get("language", "")},
            [],
            None,
        )
    slugs = [slug.strip() for slug in row.get("topics", "").split(";") if slug.strip()]
    unknown = [slug for slug in slugs if slug not in topics]
    if unknown:
        return _("unknown topic %(slug)r") % {"slug": unknown[0]}, [], None
    consented_at = None
    if row.get("consented_at"):
        try:
            consented_at = parse_datetime(row["consented_at"])
        except ValueError:
            consented_at = None
        if consented_at is None:
            return _("consented_at is not a date and time (use ISO 8601)"), [], None
        if timezone.is_naive(consented_at):
            consented_at = timezone.make_aware(consented_at, dt.UTC)
        if consented_at > timezone.now():
            return _("consented_at is in the future"), [], None
    return "", [topics[slug] for slug in slugs], consented_at
