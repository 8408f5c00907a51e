"""`make backup`: the database and the uploaded media in one new folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, create_backup, describe_counts


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite or PostgreSQL) and MEDIA_ROOT into a new folder "
        "under BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Folder to create the backup in (default: BACKUP_DIR, backups/).",
        )

    def handle(self, *args, output: Path | None, **options):
        directory = output or settings.PORTAL_BACKUP_DIR
        try:
            folder, manifest = create_backup(directory)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(
            f"Backed up the {manifest['engine']} database ({describe_counts(counts)})"
            f" and {counts['media_files']} media files to {folder}"
        )
        # The folder alone on the last line, for scripts.
        self.stdout.write(str(folder))
