"""Newsletter sending benchmark: the real pipeline against a bare smtplib loop.

    .venv/bin/python bench/newsletter_send.py [--sizes 10000 50000]

Builds a throwaway SQLite database (migrate, seed_demo --subscribers N: subscribers
spread over the five languages), runs aiosmtpd on loopback in its own process, then
for each size:

- the bare rate: one pre-rendered message sent N times over one smtplib connection;
- the pipeline: `send_issue`'s code path (claims, batches, per-language rendering,
  per-subscriber substitution, status commits) in a fresh process, timed from the
  start of the send, with that process's peak memory (ru_maxrss).
"""

import argparse
import cProfile
import json
import multiprocessing
import os
import pstats
import resource
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int, ready) -> None:
    """A counting SMTP server: accepts everything, keeps nothing."""
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        time.sleep(3600)


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    return result.stdout


def bare_rate(port: int, message: bytes, count: int) -> float:
    """Messages per second for pre-rendered bytes over one connection."""
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for number in range(count):
            smtp.sendmail(
                "newsletter@localhost", [f"bare{number}@example.org"], message
            )
    return count / (time.perf_counter() - started)


def child() -> None:
    """In a fresh process: send the demo issue, print rate and peak memory."""
    import django

    django.setup()
    from newsletter.issue_versions import resolve_issue
    from newsletter.models import Send
    from newsletter.sending import run_send, start_send

    Send.objects.all().delete()
    issue = resolve_issue("first-issue")
    profile_path = os.environ.get("BENCH_PROFILE")
    profiler = cProfile.Profile() if profile_path else None
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    send = start_send(issue)
    tally = run_send(send)
    elapsed = time.perf_counter() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile_path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sent = tally.counts["sent"]
    print(
        json.dumps(
            {
                "sent": sent,
                "seconds": elapsed,
                "rate": sent / elapsed,
                "peak_kib": peak,
                "growth_kib": peak - baseline,
            }
        )
    )


def sample_message(env: dict[str, str]) -> bytes:
    code = (
        "import django; django.setup()\n"
        "from newsletter.issue_versions import resolve_issue\n"
        "from newsletter.sending import IssueRenderer\n"
        "from newsletter.models import Send\n"
        "issue = resolve_issue('first-issue')\n"
        "send = Send(pk=0, translation_key=issue.translation_key)\n"
        "r = IssueRenderer(send).for_subscriber('fr', None)\n"
        "m = r.message_for(email='bare@example.org', token='t' * 43, "
        "click_part='1.1:' + 'x' * 43, message_id='bare@localhost')\n"
        "import sys; sys.stdout.buffer.write(m.message().as_bytes())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, check=True
    )
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument(
        "--profile",
        action="store_true",
        help="Profile the pipeline and print where its time goes (slows it down).",
    )
    args = parser.parse_args()

    port = free_port()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, ready), daemon=True)
    server.start()
    ready.wait(10)

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "PORTAL_BASE_URL": "https://commons.example.org",
            "DEBUG": "0",
            "PYTHONPATH": str(ROOT),
        }
        if args.profile:
            env["BENCH_PROFILE"] = f"{tmp}/pipeline.prof"
        print("Preparing a throwaway database (migrate, seed_demo)...", flush=True)
        manage("migrate", "--noinput", "-v0", env=env)
        manage("seed_demo", "-v0", env=env)
        message = sample_message(env)
        print(f"One message: {len(message):,} bytes (French, both parts)\n")
        print(
            f"{'subscribers':>11}  {'bare msg/s':>10}  {'pipeline msg/s':>14}  "
            f"{'ratio':>5}  {'peak RSS MiB':>12}  {'growth MiB':>10}"
        )
        for size in args.sizes:
            manage("seed_demo", "-v0", "--subscribers", str(size), env=env)
            bare = bare_rate(port, message, size)
            result = subprocess.run(
                [sys.executable, __file__, "--child"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                sys.exit(result.stderr)
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"{figures['sent']:>11,}  {bare:>10,.0f}  {figures['rate']:>14,.0f}  "
                f"{figures['rate'] / bare:>5.2f}  {figures['peak_kib'] / 1024:>12.1f}  "
                f"{figures['growth_kib'] / 1024:>10.1f}",
                flush=True,
            )
            if args.profile:
                stats = pstats.Stats(env["BENCH_PROFILE"])
                stats.sort_stats("tottime").print_stats(25)
    server.terminate()


if __name__ == "__main__":
    if "--child" in sys.argv:
        child()
    else:
        main()
