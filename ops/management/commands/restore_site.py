"""`make restore BACKUP=<folder>`: the database and media of a backup folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, describe_counts, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by backup_site into the database of "
        "DATABASE_URL and MEDIA_ROOT. Refuses a database that has tables unless "
        "--force. Stop the web server, worker and scheduler first."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup folder.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the content of a database that is not empty.",
        )

    def handle(self, *args, backup: Path, force: bool, **options):
        try:
            report = restore_backup(backup, force=force)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        counts = report.counts
        replaced = " (replacing what was there)" if report.replaced else ""
        self.stdout.write(
            f"Restored the {report.engine} database from {backup}{replaced}: "
            f"{describe_counts(counts)}; "
            f"{report.media_files} media files into {settings.MEDIA_ROOT}; "
            "cleared the cache. Restart the web server and the worker."
        )
