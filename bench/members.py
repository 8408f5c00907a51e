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
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from member_population import VIEWER, TopUp  # noqa: E402 (the bench's own folder)

GOAL_MS = 50
PER_PAGE = 20  # SkillsDirectoryPage.per_page
SEARCH_WORD = "learning"
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
