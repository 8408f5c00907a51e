"""The skills directory and one member's matches as the number of members grows.

Usage: .venv/bin/python bench/members.py [--members 1000,50000] [--runs 30]
                                         [--batch 5000] [--explain 2] [--analyze]
                                         [--open-connections N]

Makes a scratch database (a SQLite file in a temporary folder; with DATABASE_URL
set to a PostgreSQL server, a scratch database of its own on that server, dropped
at the end), migrates it and runs `seed_demo` (the base demo, its tasks run at
once), then for each size of --members, smallest first, tops the members up to that
many with bulk inserts: accounts with a verified address, profiles in varied
countries, languages and visibility (most listed and public, some members-only, a
few private names, unlisted or hidden), spoken languages, Let's Connect
registrations sharing 1-4 and wanting 1-4 of the taxonomy's skills (a fixed random
seed), ways of sharing and capacities. Then each page is rendered in-process with
django.test.Client, the page cache off and the memos emptied before every render
(as an uncached page in a fresh process; the shared cache kept, as a running site
keeps it, but for one row without it): its p50 and p95 over --runs renders, its
query count and status. Prints a Markdown table, a row per page and, for each size,
p50 ms, p95 ms and queries; then whether the queries are the same at every size and
every p50 within the goal at the largest. For a page that misses either, the
slowest queries of one render with the database's query plan (--explain N of them;
0 for none).

--analyze runs ANALYZE after each top-up (SQLite keeps no statistics otherwise, and
plans without them). --open-connections N keeps N accepted connections between
bench members, which the matches' capacity and "already connected" checks read.

The goal (the project's issue): the directory and one member's matches at 50,000
members, uncached p50 <= 50 ms with queries constant in the number of members.
"""

import argparse
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 50
SEED = 20_250
PER_PAGE = 20  # SkillsDirectoryPage.per_page
# The bench's own member: the one signed in, whose matches and page are measured.
VIEWER = "bench-viewer"
SEARCH_WORD = "learning"
CONNECTION_MESSAGE = "bench connection"
# The directory's figures (counts per skill, language and country, the total) are
# kept in the shared cache; this row saves a member before each render, and the page
# serves the figures kept while the worker recomputes them (its time printed apart).
AFTER_A_CHANGE = "directory, first after a member's change"
PAGES = [
    ("directory", "/en/community/skills/", False),
    (
        "directory ?offers=grant-writing",
        "/en/community/skills/?offers=grant-writing",
        False,
    ),
    (
        "directory ?language=fr&country=FR",
        "/en/community/skills/?language=fr&country=FR",
        False,
    ),
    ("directory ?page=50 (or last)", "/en/community/skills/?page={page}", False),
    (f"directory ?q={SEARCH_WORD}", f"/en/community/skills/?q={SEARCH_WORD}", False),
    ("directory, signed in", "/en/community/skills/", True),
    (AFTER_A_CHANGE, "/en/community/skills/", False),
    ("matches, signed in", "/en/community/matches/", True),
    ("member's page", f"/en/community/members/{VIEWER}/", False),
]

# fmt: off
FIRST_NAMES = [
    "Anna", "Omar", "Lucía", "João", "Fatima", "Gareth", "Aminata", "Claire", "Diego",
    "Priya", "Kwame", "Elena", "Samir", "Marta", "Hana", "Liam", "Grace", "Youssef",
    "Inês", "Thomas", "Nour", "Jordi", "Beatriz", "Moussa", "Sofía", "Emma", "Rafael",
    "Layla", "Zsófia", "Rhys", "Awa", "Carmen", "Julien", "Mariana", "Karim", "Siân",
]
LAST_NAMES = [
    "Kovács", "Evans", "Puig", "García", "Martin", "Costa", "Silva", "Santos", "Benali",
    "Amrani", "Hassan", "Diallo", "Ndiaye", "Sow", "López", "Hernández", "Ruiz",
    "Schmidt", "O'Brien", "Raman", "Achieng", "Mensah", "Ferreira", "Yılmaz", "Wójcik",
    "Haddad", "Popescu", "Nagy", "Williams", "Ferrer", "Laurent", "Petit",
]
# fmt: on
# (country, time zone, spoken languages to draw from), the first ones more often.
PLACES = [
    ("FR", "Europe/Paris", ["fr", "en", "ar", "es"]),
    ("ES", "Europe/Madrid", ["es", "ca", "en", "fr"]),
    ("PT", "Europe/Lisbon", ["pt", "en", "es", "fr"]),
    ("BR", "America/Sao_Paulo", ["pt", "es", "en"]),
    ("MX", "America/Mexico_City", ["es", "en"]),
    ("GB", "Europe/London", ["en", "cy", "fr"]),
    ("MA", "Africa/Casablanca", ["ar", "fr", "en"]),
    ("EG", "Africa/Cairo", ["ar", "en", "fr"]),
    ("SN", "Africa/Dakar", ["fr", "en"]),
    ("US", "America/New_York", ["en", "es"]),
    ("IN", "Asia/Kolkata", ["en", "hi", "ta"]),
    ("KE", "Africa/Nairobi", ["sw", "en"]),
    ("DE", "Europe/Berlin", ["de", "en", "tr"]),
    ("HU", "Europe/Budapest", ["hu", "en", "de"]),
    ("AR", "America/Argentina/Buenos_Aires", ["es", "pt", "en"]),
    ("CO", "America/Bogota", ["es", "en"]),
    ("LB", "Asia/Beirut", ["ar", "fr", "en"]),
    ("TR", "Europe/Istanbul", ["tr", "en", "ar"]),
    ("PL", "Europe/Warsaw", ["pl", "en"]),
    ("RO", "Europe/Bucharest", ["ro", "hu", "en"]),
    ("GH", "Africa/Accra", ["en", "fr"]),
    ("IE", "Europe/Dublin", ["en", "ga"]),
    ("CA", "America/Toronto", ["en", "fr"]),
    ("PH", "Asia/Manila", ["tl", "en"]),
]
PLACE_WEIGHTS = [max(1, 24 - index) for index in range(len(PLACES))]
REGIONS = ["North", "South", "East", "West", "Centre", "Coast", "Capital region"]
BIOS = [
    "Our group meets every month for peer learning in the library.",
    "I coordinate volunteers and would like to learn from other groups.",
    "Learning together across languages is what we do best.",
    "Happy to share what worked for us, and what did not.",
    "We run small projects with no paid staff.",
]


def scratch_database(scratch: Path) -> tuple[str, str | None]:
    """The database URL to use, and the name of a scratch PostgreSQL database made
    for it (None for SQLite)."""
    given = os.environ.get("DATABASE_URL", "")
    if not given or given.startswith("sqlite"):
        return f"sqlite:///{scratch / 'bench.sqlite3'}", None
    if not given.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL: SQLite or PostgreSQL only")
    import psycopg

    name = f"lc_bench_members_{os.getpid()}"
    with psycopg.connect(given, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(given)  # (urlunsplit drops the // of an empty host)
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme}://{parts.netloc}/{name}{query}", name


def drop_database(given: str, name: str) -> None:
    import psycopg

    with psycopg.connect(given, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class TopUp:
    """Bulk inserts of bench members, each drawn from a random generator seeded
    with its number, so that a size holds the same members however it was reached."""

    def __init__(self, batch: int):
        from django.contrib.auth import get_user_model

        from wagtail.models import Locale

        from demo.members import MEMBERS_ENTRY, PRIVATE_NAME, PUBLIC_ENTRY
        from members.models import CommunityGroup, SharingWay, Skill

        self.batch = batch
        self.User = get_user_model()
        self.skills = list(
            Skill.objects.filter(locale=Locale.get_default()).order_by("slug")
        )
        self.by_slug = {skill.slug: skill for skill in self.skills}
        self.groups = list(
            CommunityGroup.objects.order_by("pk").values_list("pk", flat=True)
        )
        self.ways = [value for value, _label in SharingWay.choices]
        self.visibilities = [PUBLIC_ENTRY, MEMBERS_ENTRY, PRIVATE_NAME]
        self.site_languages = ["en", "fr", "es", "pt", "ar"]

    def next_number(self) -> int:
        from members.models import Member

        last = (
            Member.objects.filter(handle__startswith="bench-m")
            .order_by("-handle")
            .values_list("handle", flat=True)
            .first()
        )
        return int(last.removeprefix("bench-m")) + 1 if last else 0

    def to(self, total: int) -> int:
        """Members made so that there are `total` in all; returns how many."""
        from django.db import transaction

        from members import listing, words
        from members.models import Member

        missing = total - Member.objects.count()
        if missing <= 0:
            return 0
        made = 0
        newest = Member.objects.order_by("-pk").values_list("pk", flat=True).first()
        with transaction.atomic():
            if not Member.objects.filter(handle=VIEWER).exists():
                self.make_viewer()
                made += 1
            start = self.next_number()
            while made < missing:
                count = min(self.batch, missing - made)
                self.insert(range(start, start + count))
                start += count
                made += count
            # Bulk inserts send no signals: whom each is listed for and the words
            # of each, worked out once.
            listing.refresh()
            words.reindex(Member.objects.filter(pk__gt=newest or 0))
        return made

    def connections_to(self, wanted: int) -> int:
        """Open (accepted) connections between random bench members, up to
        `wanted` in all; returns how many were made."""
        import datetime as dt

        from members.models import Connection, Member

        bench = Connection.objects.filter(message=CONNECTION_MESSAGE)
        pairs = set(bench.values_list("requester_id", "recipient_id"))
        if len(pairs) >= wanted:
            return 0
        ids = list(
            Member.objects.filter(handle__startswith="bench-m")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        rng = random.Random(f"{SEED}-connections-{len(ids)}")  # noqa: S311
        now = dt.datetime.now(dt.UTC)
        made = []
        while len(pairs) < wanted and len(ids) > 1:
            one, other = rng.sample(ids, 2)
            if (one, other) in pairs or (other, one) in pairs:
                continue
            pairs.add((one, other))
            made.append(
                Connection(
                    requester_id=one,
                    recipient_id=other,
                    message=CONNECTION_MESSAGE,
                    status=Connection.Status.ACCEPTED,
                    decided_at=now,
                )
            )
        Connection.objects.bulk_create(made, batch_size=self.batch)
        return len(made)

    def make_viewer(self) -> None:
        """The member signed in for the bench: listed and public, speaking English
        and French, sharing reading circles and wanting grant writing and
        fundraising, with room for connections."""
        from demo.members import PUBLIC_ENTRY

        self.insert(
            [None],
            fixed={
                "handle": VIEWER,
                "name": "Bench Viewer",
                "country": "FR",
                "region": "Brittany",
                "time_zone": "Europe/Paris",
                "spoken": ["en", "fr"],
                "shares": ["reading-circles"],
                "learns": ["grant-writing", "fundraising"],
                "visibility": PUBLIC_ENTRY,
            },
        )

    def draw(self, number: int) -> dict:
        rng = random.Random(f"{SEED}-{number}")  # noqa: S311 (made-up data)
        country, zone, spoken_pool = rng.choices(PLACES, PLACE_WEIGHTS)[0]
        spoken = rng.sample(spoken_pool, rng.randint(1, min(3, len(spoken_pool))))
        skills = rng.sample(self.skills, 8)
        roll = rng.random()
        visibility = self.visibilities[0 if roll < 0.80 else 1 if roll < 0.95 else 2]
        return {
            "handle": f"bench-m{number:06d}",
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "country": country,
            "region": rng.choice(REGIONS),
            "time_zone": zone if rng.random() < 0.7 else "",
            "spoken": spoken,
            "shares": [s.slug for s in skills[: rng.randint(1, 4)]],
            "learns": [s.slug for s in skills[4 : 4 + rng.randint(1, 4)]],
            "visibility": visibility,
            "listed": rng.random() < 0.92,
            "hidden": rng.random() < 0.01,
            "group": rng.choice(self.groups)
            if self.groups and rng.random() < 0.2
            else None,
            "bio": rng.choice(BIOS) if rng.random() < 0.3 else "",
            "language": rng.choice(self.site_languages),
            "capacity": rng.choice([0, 1, 2, 2, 2, 3, 3, 5]),
            "ways": rng.sample(self.ways, rng.randint(1, 3)),
        }

    def insert(self, numbers, fixed: dict | None = None) -> None:
        from allauth.account.models import EmailAddress

        from members.models import (
            Member,
            MemberLanguage,
            Registration,
            RegistrationWay,
        )

        rows = []
        for number in numbers:
            row = self.draw(0 if number is None else number)
            if fixed:
                row.update(fixed, listed=True, hidden=False, group=None, capacity=3)
            rows.append(row)
        users = self.User.objects.bulk_create(
            [
                self.User(
                    username=row["handle"],
                    email=f"{row['handle']}@bench.example",
                    password=f"!{uuid.uuid4().hex}",  # unusable, as set_unusable_password
                )
                for row in rows
            ],
            batch_size=self.batch,
        )
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in users
            ],
            batch_size=self.batch,
        )
        members = Member.objects.bulk_create(
            [
                Member(
                    user=user,
                    handle=row["handle"],
                    display_name=row["name"],
                    group_id=row["group"],
                    country=row["country"],
                    region=row["region"],
                    time_zone=row["time_zone"],
                    bio=row["bio"],
                    bio_language="en" if row["bio"] else "",
                    language=row["language"],
                    visibility=row["visibility"],
                    listed=row["listed"],
                    hidden=row["hidden"],
                )
                for user, row in zip(users, rows, strict=True)
            ],
            batch_size=self.batch,
        )
        MemberLanguage.objects.bulk_create(
            [
                MemberLanguage(member=member, code=code)
                for member, row in zip(members, rows, strict=True)
                for code in row["spoken"]
            ],
            batch_size=self.batch,
        )
        registrations = Registration.objects.bulk_create(
            [
                Registration(member=member, capacity=row["capacity"])
                for member, row in zip(members, rows, strict=True)
            ],
            batch_size=self.batch,
        )
        pairs = list(zip(registrations, rows, strict=True))
        for relation, kind in (
            (Registration.shares, "shares"),
            (Registration.learns, "learns"),
        ):
            relation.through.objects.bulk_create(
                [
                    relation.through(
                        registration=registration, skill=self.by_slug[slug]
                    )
                    for registration, row in pairs
                    for slug in row[kind]
                ],
                batch_size=self.batch,
            )
        RegistrationWay.objects.bulk_create(
            [
                RegistrationWay(registration=registration, way=way)
                for registration, row in pairs
                for way in row["ways"]
            ],
            batch_size=self.batch,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--members", default="1000,50000", help="sizes, comma-separated"
    )
    parser.add_argument(
        "--runs", type=int, default=30, help="renders per page and size"
    )
    parser.add_argument("--batch", type=int, default=5000, help="rows per bulk insert")
    parser.add_argument(
        "--explain",
        type=int,
        default=2,
        help="slowest queries shown, with their plan, for a page off the goal",
    )
    parser.add_argument(
        "--analyze", action="store_true", help="ANALYZE the database after each top-up"
    )
    parser.add_argument(
        "--open-connections",
        type=int,
        default=0,
        help="open connections between bench members at every size (default none)",
    )
    args = parser.parse_args()
    sizes = sorted({int(size) for size in args.members.split(",") if size.strip()})
    started = time.perf_counter()

    scratch = Path(tempfile.mkdtemp(prefix="lc-members-"))
    given_url = os.environ.get("DATABASE_URL", "")
    url, scratch_name = scratch_database(scratch)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["DEBUG"] = "0"
    os.environ["PORTAL_PAGE_CACHE"] = "0"
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
    os.environ.setdefault("MEDIA_ROOT", str(scratch / "media"))
    sys.path.insert(0, str(ROOT))
    try:
        run(args, sizes, started)
    finally:
        from django.db import connections

        connections.close_all()
        if scratch_name:
            drop_database(given_url, scratch_name)
        shutil.rmtree(scratch, ignore_errors=True)


def run(args, sizes: list[int], started: float) -> None:
    import logging

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from core import memo, versions
    from members.figures import refresh_facts
    from members.listing import listed
    from members.models import Member, SkillsDirectoryPage, Visibility

    engine = connection.vendor
    print(
        f"database: {engine}; page cache: {settings.PORTAL_PAGE_CACHE_ENABLED}; "
        f"ANALYZE after top-ups: {args.analyze}; open connections: "
        f"{args.open_connections}; {args.runs} renders per page, memos emptied before each"
    )
    step = time.perf_counter()
    call_command("migrate", verbosity=0)
    seed_tasks = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    with override_settings(TASKS=seed_tasks):
        call_command("seed_demo", verbosity=0)
    print(f"migrate + seed_demo: {time.perf_counter() - step:.1f} s")
    logging.disable(logging.INFO)  # no request log line for each render

    def empty(change: bool = False) -> None:
        memo.clear()
        caches["renditions"].clear()
        if change:
            Member.objects.get(handle=VIEWER).save()

    def render(client: Client, path: str, change: bool = False) -> tuple[int, float]:
        empty(change)
        start = time.perf_counter()
        status = client.get(path).status_code
        return status, (time.perf_counter() - start) * 1000

    def recompute(path: str = "/en/community/skills/") -> float:
        page = SkillsDirectoryPage.objects.get(locale__language_code="en")
        tags = [versions.SITE_TAG, versions.page_tag(path)]
        start = time.perf_counter()
        refresh_facts(page.pk, "en", Visibility.PUBLIC.value, tags)
        return (time.perf_counter() - start) * 1000

    recomputes: dict[int, float] = {}
    topup = TopUp(args.batch)
    results: dict[int, dict[str, dict]] = {}
    paths: dict[int, dict[str, str]] = {}
    clients: dict[bool, Client] = {}
    with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False):
        for size in sizes:
            step = time.perf_counter()
            made = topup.to(size)
            linked = topup.connections_to(args.open_connections)
            took = time.perf_counter() - step
            if args.analyze:
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            # Bulk inserts send no signals: the figures kept are recomputed as the
            # worker would after a change (the first render below makes them).
            caches["default"].clear()
            total = Member.objects.count()
            public = listed(Visibility.PUBLIC).count()
            last_page = max(1, math.ceil(public / PER_PAGE))
            print(
                f"{size:,} members: {made:,} added"
                + (f" and {linked:,} open connections" if linked else "")
                + f" in {took:.1f} s "
                f"({total:,} in all, {public:,} in the visitors' directory, "
                f"page {min(50, last_page)} of {last_page} measured)"
            )
            if not clients:
                clients[False] = Client()
                clients[True] = Client()
                clients[True].force_login(Member.objects.get(handle=VIEWER).user)
            results[size], paths[size] = {}, {}
            for name, template, signed in PAGES:
                path = template.format(page=min(50, last_page))
                client = clients[signed]
                change = name == AFTER_A_CHANGE
                render(client, path)  # what a running process has warm besides memos
                empty(change)
                with CaptureQueriesContext(connection) as queries:
                    status = client.get(path).status_code
                count = len(queries)
                timings = []
                statuses = {status}
                for _ in range(args.runs):
                    code, ms = render(client, path, change)
                    statuses.add(code)
                    timings.append(ms)
                results[size][name] = {
                    "p50": statistics.median(timings),
                    "p95": percentile(timings, 0.95),
                    "queries": count,
                    "status": ",".join(str(code) for code in sorted(statuses)),
                }
                paths[size][name] = path
            recomputes[size] = statistics.median(
                recompute() for _ in range(max(3, args.runs // 3))
            )

        print()
        print(table(sizes, results))
        print(
            "\nthe figures recomputed by the worker after a change (visitors, en): "
            + "; ".join(f"p50 {ms:.1f} ms at {n:,}" for n, ms in recomputes.items())
        )
        largest = sizes[-1]
        counts_equal = {
            name: len({results[size][name]["queries"] for size in sizes}) == 1
            for name, _path, _signed in PAGES
        }
        slow = [n for n, *_ in PAGES if results[largest][n]["p50"] > GOAL_MS]
        grows = [name for name, equal in counts_equal.items() if not equal]
        not_ok = [
            n for n, *_ in PAGES if any(results[s][n]["status"] != "200" for s in sizes)
        ]
        print()
        print(
            "queries equal across sizes: "
            + ("yes" if not grows else "no (" + "; ".join(grows) + ")")
            + f"; every p50 <= {GOAL_MS} ms at {largest:,}: "
            + ("yes" if not slow else "no (" + "; ".join(slow) + ")")
            + (
                "; every status 200"
                if not not_ok
                else "; NOT 200: " + "; ".join(not_ok)
            )
        )
        if args.explain:
            shown: dict[str, str] = {}
            for name, _template, signed in PAGES:
                if name in slow or name in grows:
                    path = paths[largest][name]
                    explain(name, path, clients[signed], args.explain, shown)
    print(f"\nwhole run: {time.perf_counter() - started:.0f} s")


def table(sizes: list[int], results: dict) -> str:
    head = ["page"]
    for size in sizes:
        head += [f"{size:,} p50 ms", f"{size:,} p95 ms", f"{size:,} queries"]
    head.append("status")
    lines = [
        "| " + " | ".join(head) + " |",
        "|---" + "|---:" * (len(head) - 2) + "|---|",
    ]
    for name, _path, _signed in PAGES:
        row = [name]
        for size in sizes:
            figures = results[size][name]
            row += [
                f"{figures['p50']:.1f}",
                f"{figures['p95']:.1f}",
                str(figures["queries"]),
            ]
        row.append(" / ".join(results[size][name]["status"] for size in sizes))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def explain(name: str, path: str, client, top: int, shown: dict) -> None:
    """The slowest queries of one uncached render of `path`, each run again in full
    (the logged time of a SQLite query stops at its first row), with its plan; a
    query shown for an earlier page is named, not repeated."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import memo

    memo.clear()
    caches["renditions"].clear()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        client.get(path)
        render_ms = (time.perf_counter() - start) * 1000
    timed = []
    for query in queries.captured_queries:
        sql = query["sql"]
        ms = float(query["time"]) * 1000
        if sql.lstrip("( ").upper().startswith("SELECT"):
            try:
                with connection.cursor() as cursor:
                    start = time.perf_counter()
                    cursor.execute(sql)
                    cursor.fetchall()
                    ms = (time.perf_counter() - start) * 1000
            except Exception:  # a query whose logged text does not run again
                ms = float(query["time"]) * 1000
        timed.append((ms, sql))
    timed.sort(key=lambda pair: -pair[0])
    database_ms = sum(ms for ms, _sql in timed)
    print(
        f"\n#### {name}: {path}\n\n{len(timed)} queries; the render took "
        f"{render_ms:.0f} ms, its queries run again in full {database_ms:.0f} ms"
    )
    for number, (ms, sql) in enumerate(timed[:top], 1):
        if sql in shown:
            print(f"\n{number}. {ms:.1f} ms: the query shown for {shown[sql]}")
            continue
        shown[sql] = name
        print(f"\n{number}. {ms:.1f} ms\n\n```sql\n{sql}\n```")
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        try:
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql)
                plan = cursor.fetchall()
        except Exception as error:
            print(f"(no plan: {error})")
            continue
        if connection.vendor == "sqlite":
            # (id, parent, notused, detail): indented by depth.
            depth, lines = {0: -1}, []
            for node, parent, _unused, detail in plan:
                depth[node] = depth.get(parent, -1) + 1
                lines.append("  " * depth[node] + detail)
        else:
            lines = [row[0] for row in plan]
        print("plan:\n```\n" + "\n".join(lines) + "\n```")


if __name__ == "__main__":
    main()
