"""Render time, query count and weight of the key pages, uncached, in-process.

Usage: .venv/bin/python bench/pages.py [--runs N] [--scale N]
Seeds a scratch SQLite database (or uses DATABASE_URL) with `seed_demo --scale N`
and prints one row per page type, in English and in Arabic.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/{lang}/",
    "/{lang}/stories/",
    "/{lang}/stories/?topic=local-economy",
    "/{lang}/stories/feed/",
    "/{lang}/events/",
    "/{lang}/events/calendar/",
    "/{lang}/events/ical/",
    "/{lang}/events/series/monthly-seminar/",
    "/{lang}/recordings/",
    "/{lang}/recordings/?topic=local-economy&language=en",
    "/{lang}/recordings/podcast/",
    "/{lang}/newsletter/",
    "/{lang}/search/?q=learning",
    "/sitemap.xml",
]
# One seeded page of each type, by its English slug.
DETAIL_SLUGS = [
    "about",
    "reading-circles-county-line",
    "seminar-minority-language",
    "recording-reading-circles",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--scale", type=int, default=0)
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="lc-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale=args.scale, verbosity=0)
    from wagtail.models import Page

    details = {}
    for slug in DETAIL_SLUGS:
        source = Page.objects.get(slug=slug, locale__language_code="en")
        for page in Page.objects.filter(translation_key=source.translation_key):
            details.setdefault(page.locale.language_code, []).append(page.url)

    client = Client()
    print(f"scale {args.scale}, {args.runs} runs per page")
    print(f"{'page':48} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'bytes':>8}")
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for lang in ["en", "ar"]:
            for path in [*(p.format(lang=lang) for p in PAGES), *details[lang]]:
                if path == "/sitemap.xml" and lang != "en":
                    continue
                response = client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"{path} answered {response.status_code}")
                with CaptureQueriesContext(connection) as queries:
                    client.get(path)
                query_count = len(queries)
                timings = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    client.get(path)
                    timings.append((time.perf_counter() - start) * 1000)
                timings.sort()
                p95 = timings[int(len(timings) * 0.95) - 1]
                print(
                    f"{path[:48]:48} {statistics.median(timings):10.1f} {p95:8.1f} "
                    f"{query_count:8d} {len(response.content):8d}"
                )


if __name__ == "__main__":
    main()
