"""`process_bounces [FILE]`: apply bounce notifications from a JSON file or stdin."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsletter.bounces import InvalidBounce, parse_notifications, record_bounces


class Command(BaseCommand):
    help = (
        'Mark bounced subscribers from JSON: {"email": ..., "type": "hard"|"soft", '
        '"reason": ...}, a list of those, or one such object per line.'
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", default="-", help="A JSON file; '-' or none reads stdin."
        )

    def handle(self, *args, file: str, **options):
        try:
            text = (
                sys.stdin.read()
                if file == "-"
                else Path(file).read_text(encoding="utf-8")
            )
        except OSError as error:
            raise CommandError(str(error)) from error
        try:
            try:
                data = json.loads(text)
            except json.JSONDecodeError:
                data = [json.loads(line) for line in text.splitlines() if line.strip()]
            notifications = parse_notifications(data)
        except (ValueError, InvalidBounce) as error:
            raise CommandError(f"Not a bounce notification: {error}") from error
        counts = record_bounces(notifications)
        self.stdout.write(
            f"hard: {counts['hard']}, soft: {counts['soft']}, "
            f"not on the list: {counts['unknown']}"
        )
