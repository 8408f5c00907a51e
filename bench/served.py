"""Requests per second and latency of the served site, cached and uncached.

Usage: .venv/bin/python bench/served.py [--scale 200] [--seconds 4] [--clients 2]
                                      [--workers N] [--database-url URL]

Seeds a scratch SQLite database with `seed_demo --scale N` (or uses --database-url,
seeded already), collects the static files, and serves the site with gunicorn and
the production settings twice: with the page cache, and without it. Client processes
then request each page for a few seconds and the table shows requests per second,
p50 and p99 latency, and each page's cached rate as a ratio to the static CSS file's.
Then each page is rendered in-process, uncached, to count its queries and time the
rendering alone (median of 50): with the per-process memos warm, as a running
server renders a page it has rendered since the last publish, and with them empty,
as a fresh process renders a page the first time (which costs more than the first
rendering after a publish: the site, locales and menu are read again too).
"""

import argparse
import http.client
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("home", "/en/"),
    ("stories index", "/en/stories/"),
    ("events index", "/en/events/"),
    ("recordings index", "/en/recordings/"),
    ("newsletter index", "/en/newsletter/"),
    ("story", "/en/stories/reading-circles-county-line/"),
    ("event", "/en/events/seminar-minority-language/"),
    ("recording", "/en/recordings/recording-reading-circles/"),
    ("search", "/en/search/?q=learning"),
    ("home (ar)", "/ar/"),
]
HEADERS = {"Accept-Encoding": "gzip", "User-Agent": "bench/served.py"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hammer(port: int, path: str, seconds: float, queue) -> None:
    """One client: sequential requests, a new connection each (gunicorn's sync
    workers close them), for `seconds`; reports the latencies in ms."""
    latencies = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path, headers=HEADERS)
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
        latencies.append((time.perf_counter() - start) * 1000)
    queue.put(latencies)


def measure(port: int, path: str, seconds: float, clients: int) -> dict:
    queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=hammer, args=(port, path, seconds, queue))
        for _ in range(clients)
    ]
    for process in processes:
        process.start()
    latencies = [value for _ in processes for value in queue.get()]
    for process in processes:
        process.join()
    latencies.sort()
    return {
        "rate": len(latencies) / seconds,
        "p50": statistics.median(latencies),
        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)],
    }


def serve(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    """gunicorn with the production settings; its JSON request lines go to `log`."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.2)


def render_in_process(env: dict, runs: int) -> dict:
    """Query count and median render time of each page, uncached, in this process:
    as a running server renders it (its memos warm), and with the memos emptied
    before each rendering (as a fresh process renders it)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)  # no request log line for each rendering
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from core import memo

    def measure_renders(path: str, fresh: bool) -> tuple[int, float]:
        client.get(path)  # warm what a running server keeps (memos, content types)
        if fresh:
            memo.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code} in-process")
        # Read now: each request that follows starts a new query log.
        query_count = len(queries)
        timings = []
        for _ in range(runs):
            if fresh:
                memo.clear()
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        return query_count, statistics.median(timings)

    client = Client()
    results = {}
    with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False):
        for _, path in PAGES:
            queries, ms = measure_renders(path, fresh=False)
            cold_queries, cold_ms = measure_renders(path, fresh=True)
            results[path] = {
                "queries": queries,
                "ms": ms,
                "cold_queries": cold_queries,
                "cold_ms": cold_ms,
            }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--database-url", help="an already seeded database")
    parser.add_argument("--runs", type=int, default=50, help="in-process renders")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="lc-http-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": args.database_url or f"sqlite:///{scratch}/bench.sqlite3",
        "DATABASE_CONN_MAX_AGE": "600",
        "STATIC_ROOT": str(scratch / "static"),
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT", str(scratch / "media")),
        "LOG_LEVEL": "ERROR",
    }
    manage = [sys.executable, "manage.py"]

    def run(*command: str) -> None:
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True)

    started = time.perf_counter()
    run("collectstatic", "--noinput", "-v0")
    if not args.database_url:
        run("migrate", "--noinput", "-v0")
        run("seed_demo", "--scale", str(args.scale), "-v0")
    print(f"set up in {time.perf_counter() - started:.0f} s")

    cached_port, uncached_port = free_port(), free_port()
    servers = [
        serve(env, cached_port, args.workers, scratch / "cached.log"),
        serve(
            {**env, "PORTAL_PAGE_CACHE": "0"},
            uncached_port,
            args.workers,
            scratch / "uncached.log",
        ),
    ]
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{cached_port}/en/") as response:
            home = response.read().decode()
        css = re.search(r'href="(/static/[^"]+\.css)"', home)[1]
        static = measure(cached_port, css, args.seconds, args.clients)
        rows = []
        for name, path in PAGES:
            urllib.request.urlopen(f"http://127.0.0.1:{cached_port}{path}").read()
            cached = measure(cached_port, path, args.seconds, args.clients)
            uncached = measure(uncached_port, path, args.seconds, args.clients)
            rows.append((name, path, cached, uncached))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)

    rendered = render_in_process({**env, "PORTAL_PAGE_CACHE": "0"}, args.runs)
    print(
        f"scale {args.scale}, {args.workers} gunicorn workers, {args.clients} clients, "
        f"{args.seconds:g} s per page, {os.cpu_count()} CPUs"
    )
    header = (
        f"| {'page':18} | {'cached req/s':>12} | {'× static':>8} | {'p50 ms':>6} "
        f"| {'p99 ms':>6} | {'uncached req/s':>14} | {'p50 ms':>6} | {'p99 ms':>6} "
        f"| {'render ms':>9} | {'queries':>7} | {'fresh ms':>10} | {'queries':>7} |"
    )
    print(header)
    print("|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|")
    print(
        f"| {'static CSS':18} | {static['rate']:12.0f} | {1:8.2f} | {static['p50']:6.1f} "
        f"| {static['p99']:6.1f} | {'':>14} | {'':>6} | {'':>6} | {'':>9} | {'':>7} "
        f"| {'':>10} | {'':>7} |"
    )
    for name, path, cached, uncached in rows:
        print(
            f"| {name:18} | {cached['rate']:12.0f} | {cached['rate'] / static['rate']:8.2f} "
            f"| {cached['p50']:6.1f} | {cached['p99']:6.1f} | {uncached['rate']:14.0f} "
            f"| {uncached['p50']:6.1f} | {uncached['p99']:6.1f} "
            f"| {rendered[path]['ms']:9.1f} | {rendered[path]['queries']:7d} "
            f"| {rendered[path]['cold_ms']:10.1f} | {rendered[path]['cold_queries']:7d} |"
        )


if __name__ == "__main__":
    main()
