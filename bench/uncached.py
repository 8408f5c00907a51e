"""Uncached pages under wrk, and their queries in a fresh process, before and after.

Usage: .venv/bin/python bench/uncached.py [--compare REV] [--after REV]
                                          [--scales 0,200] [--seconds 5]
                                          [--connections 8]

For this checkout (or the commit --after names), and with --compare the commit REV
as "before", each checked out in a scratch worktree and run with this virtualenv,
and each scale: seeds a scratch
SQLite database with `seed_demo [--scale N]`, serves it with gunicorn (2 sync
workers, the production settings, the page cache off), and drives each page with
wrk (`-t2 -c8`) for a few seconds, the static CSS file first as the yardstick.
Both checkouts are served at once and measured page by page in turn, so that they
share the machine's state. Then each page is rendered in-process with the memos
emptied, as a fresh process renders it: its query count and the median of a
number of renderings. Prints a Markdown table per scale.
"""

import argparse
import json
import os
import re
import shutil
import socket
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
    ("stories filtered", "/en/stories/?topic=local-economy"),
    ("story", "/en/stories/reading-circles-county-line/"),
    ("events index", "/en/events/"),
    ("event", "/en/events/seminar-minority-language/"),
    ("recordings index", "/en/recordings/"),
    ("recording", "/en/recordings/recording-reading-circles/"),
    ("newsletter issue", "/en/newsletter/first-issue/"),
    ("home (ar)", "/ar/"),
]
# Renders each page in the checkout's own code: the memos are `core.memo` now and
# were `portal.memo` before the layout changed.
RENDER = r"""
import json, logging, statistics, sys, time
import django
django.setup()
logging.disable(logging.INFO)
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
try:
    from core import memo
except ImportError:
    from portal import memo
paths, runs = json.loads(sys.argv[1]), int(sys.argv[2])
client = Client()
def empty():
    memo.clear()
    caches["renditions"].clear()
results = {}
with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False):
    for path in paths:
        client.get(path)
        empty()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        count = len(queries)
        timings = []
        for _ in range(runs):
            empty()
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        warm = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(path)
            warm.append((time.perf_counter() - start) * 1000)
        results[path] = {"status": status, "queries": count,
                         "fresh_ms": statistics.median(timings),
                         "warm_ms": statistics.median(warm)}
print(json.dumps(results))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(scratch: Path, database: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": f"sqlite:///{database}",
        "DATABASE_CONN_MAX_AGE": "600",
        "STATIC_ROOT": str(scratch / "static"),
        "MEDIA_ROOT": str(scratch / "media"),
        "LOG_LEVEL": "ERROR",
        "PORTAL_PAGE_CACHE": "0",
    }


class Site:
    """One checkout, seeded at one scale and served by gunicorn."""

    def __init__(self, label: str, tree: Path, scale: int, scratch: Path):
        self.label, self.tree, self.scale = label, tree, scale
        self.scratch = scratch / f"{label}-{scale}"
        self.scratch.mkdir(parents=True)
        self.env = environment(self.scratch, self.scratch / "db.sqlite3")
        self.port = free_port()
        self.server = None

    def manage(self, *command: str, capture: bool = False) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=self.tree,
            env=self.env,
            check=True,
            capture_output=capture,
            text=True,
        )
        return result.stdout if capture else ""

    def set_up(self) -> float:
        started = time.perf_counter()
        self.manage("compilemessages", "--ignore", ".venv", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("seed_demo", *(["--scale", str(self.scale)] if self.scale else []))
        return time.perf_counter() - started

    def serve(self) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        log = (self.scratch / "gunicorn.log").open("ab")
        self.server = subprocess.Popen(
            [str(gunicorn), "portal.wsgi", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", "2", "--no-control-socket", "--log-level", "warning"],
            cwd=self.tree,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2).read()
                return
            except OSError:
                if time.monotonic() > deadline or self.server.poll() is not None:
                    raise SystemExit(f"{self.label}: gunicorn did not start") from None
                time.sleep(0.2)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=20)

    def renders(self, runs: int) -> dict:
        paths = [path for _, path in PAGES]
        env = {**self.env, "PYTHONPATH": str(self.tree)}
        result = subprocess.run(
            [sys.executable, "-c", RENDER, json.dumps(paths), str(runs)],
            cwd=self.tree,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])


def wrk(url: str, seconds: float, connections: int) -> dict:
    """Requests/s, p50 and p99 in ms and the non-2xx count, from wrk's summary."""
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "non2xx": int(errors[1]) if errors else 0,
    }


def table(scale: int, sites: list[Site], http: dict, renders: dict) -> str:
    labels = [site.label for site in sites]
    lines = [f"### scale {scale}", ""]
    head = ["page"]
    for label in labels:
        head += [f"{label} req/s", f"{label} × static", f"{label} p50 ms"]
    if len(labels) == 2:
        head.append("after/before req/s")
    for label in labels:
        head += [f"{label} fresh queries", f"{label} fresh ms", f"{label} warm ms"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, path in [("static CSS", "static"), *PAGES]:
        row = [name]
        for label in labels:
            figures = http[label][path]
            static = http[label]["static"]["rate"]
            row += [
                f"{figures['rate']:.0f}",
                f"{figures['rate'] / static:.2f}",
                f"{figures['p50']:.1f}",
            ]
        if len(labels) == 2:
            before, after = (http[label][path]["rate"] for label in labels)
            row.append(f"{after / before:.2f}")
        for label in labels:
            if path == "static":
                row += ["", "", ""]
            else:
                rendered = renders[label][path]
                row += [
                    str(rendered["queries"]),
                    f"{rendered['fresh_ms']:.1f}",
                    f"{rendered['warm_ms']:.1f}",
                ]
        lines.append("| " + " | ".join(row) + " |")
    errors = {
        label: sum(figures["non2xx"] for figures in http[label].values())
        for label in labels
    }
    lines += ["", f"non-2xx responses: {errors}", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", help="a commit to measure as 'before'")
    parser.add_argument("--after", help="a commit to measure instead of this checkout")
    parser.add_argument("--scales", default="0,200")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--runs", type=int, default=30, help="in-process renders")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit(
            "wrk is missing: `make bench` installs it (apt-get install wrk)"
        )

    scratch = Path(tempfile.mkdtemp(prefix="lc-uncached-"))
    trees = [("after", ROOT)]
    worktrees = []
    for label, revision in [("before", args.compare), ("after", args.after)]:
        if revision:
            tree = scratch / f"{label}-tree"
            subprocess.run(
                ["git", "worktree", "add", "--detach", "-q", str(tree), revision],
                cwd=ROOT,
                check=True,
            )
            worktrees.append(tree)
            trees = [t for t in trees if t[0] != label]
            trees.insert(0 if label == "before" else len(trees), (label, tree))
    try:
        for scale in [int(s) for s in args.scales.split(",")]:
            sites = [Site(label, tree, scale, scratch) for label, tree in trees]
            for site in sites:
                print(f"{site.label}, scale {scale}: set up in {site.set_up():.0f} s")
            http = {site.label: {} for site in sites}
            try:
                for site in sites:
                    site.serve()
                home = urllib.request.urlopen(f"{sites[-1].url}/en/").read().decode()
                css = re.search(r'href="(/static/[^"]+\.css)"', home)[1]
                for key, path in [("static", css), *((p, p) for _, p in PAGES)]:
                    for site in sites:
                        urllib.request.urlopen(f"{site.url}{path}").read()
                        http[site.label][key] = wrk(
                            f"{site.url}{path}", args.seconds, args.connections
                        )
            finally:
                for site in sites:
                    site.stop()
            renders = {site.label: site.renders(args.runs) for site in sites}
            print(table(scale, sites, http, renders))
    finally:
        for tree in worktrees:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(tree)],
                cwd=ROOT,
                check=False,
            )
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
