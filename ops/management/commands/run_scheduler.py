"""The scheduler process: Wagtail's `publish_scheduled` at the start of every minute,
and the housekeeping tasks of PORTAL_PERIODIC_TASKS queued for the worker."""

import signal
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Publish and unpublish scheduled pages every minute, and queue periodic tasks."
    )

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
        # Each periodic task is queued at start-up, then whenever its period is over.
        due = {path: 0.0 for path, _seconds in settings.PORTAL_PERIODIC_TASKS}
        while not stop.is_set():
            try:
                call_command("publish_scheduled", verbosity=0)
            except Exception as error:  # keep the scheduler alive through one bad run
                self.stderr.write(f"publish_scheduled failed: {error!r}")
            for path, seconds in settings.PORTAL_PERIODIC_TASKS:
                if time.monotonic() >= due[path]:
                    try:
                        import_string(path).enqueue()
                    except Exception as error:
                        self.stderr.write(f"could not queue {path}: {error!r}")
                    due[path] = time.monotonic() + seconds
            if once:
                return
            # Sleep to the next multiple of the interval, so runs stay on the minute.
            stop.wait(interval - (time.time() % interval))
