"""Runs Wagtail's `publish_scheduled` at the start of every minute until stopped."""

import signal
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Publish and unpublish scheduled pages every minute (the scheduler process)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconds between runs."
        )
        parser.add_argument("--once", action="store_true", help="Run once and exit.")

    def handle(self, *args, interval: int, once: bool, **options):
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        if options["verbosity"]:
            self.stdout.write(f"Scheduler: publish_scheduled every {interval}s")
        while not stop.is_set():
            try:
                call_command("publish_scheduled", verbosity=0)
            except Exception as error:  # keep the scheduler alive through one bad run
                self.stderr.write(f"publish_scheduled failed: {error!r}")
            if once:
                return
            # Sleep to the next multiple of the interval, so runs stay on the minute.
            stop.wait(interval - (time.time() % interval))
