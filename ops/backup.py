"""Backups of the whole site: one folder with a database dump, a tar.gz of the
uploaded media and a manifest. `backup_site` writes one, `restore_site` restores it
into an empty database (or, told to, over a database that has tables).

SQLite is copied online with sqlite3's backup API, which is consistent even while
the web server and the worker write in WAL mode; PostgreSQL is dumped with
`pg_dump --format=custom` and restored with `pg_restore`.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, connections
from django.utils import timezone, translation

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DUMP_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass
class RestoreReport:
    engine: str
    counts: dict[str, int]
    media_files: int
    replaced: bool


def database_engine() -> str:
    """`sqlite` or `postgresql`, from DATABASE_URL; any other engine is refused."""
    vendor = connection.vendor
    if vendor not in DUMP_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def site_counts() -> dict[str, int]:
    """What the manifest records, to compare a restored site with its backup."""
    from django.apps import apps

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    counts = {
        "pages": Page.objects.filter(depth__gt=1).count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
    }
    for label in settings.PORTAL_BACKUP_COUNTED_MODELS:
        model = apps.get_model(label)
        with translation.override("en"):
            name = str(model._meta.verbose_name_plural)
        counts[name] = model._default_manager.count()
    return counts


def describe_counts(counts: dict[str, int]) -> str:
    """`12 pages, 3 images, ...`: what a manifest counted, for the commands' output."""
    return ", ".join(
        f"{number} {name}" for name, number in counts.items() if name != "media_files"
    )


# --- Backing up ---------------------------------------------------------------------


def create_backup(directory: Path) -> tuple[Path, dict]:
    """A new backup folder under `directory`; returns it and its manifest."""
    engine = database_engine()
    created = timezone.now()
    target = Path(directory) / created.strftime("%Y%m%d-%H%M%S")
    suffix = 1
    while target.exists():
        suffix += 1
        target = Path(directory) / f"{created:%Y%m%d-%H%M%S}-{suffix}"
    target.mkdir(parents=True)
    try:
        dump = target / DUMP_FILES[engine]
        if engine == "sqlite":
            _sqlite_copy(Path(connection.settings_dict["NAME"]), dump)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(dump)])
        media_files = _archive_media(Path(settings.MEDIA_ROOT), target / MEDIA_ARCHIVE)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": created.isoformat(),
            "engine": engine,
            "database": dump.name,
            "media": MEDIA_ARCHIVE,
            "counts": {**site_counts(), "media_files": media_files},
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target, manifest


def _sqlite_copy(source: Path, destination: Path) -> None:
    """A consistent copy of a live database, page by page, through SQLite itself;
    the copy is one self-contained file (rollback journal, not WAL)."""
    if not source.exists():
        raise BackupError(f"There is no SQLite database at {source}.")
    src = sqlite3.connect(source, timeout=20)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _archive_media(media_root: Path, archive: Path) -> int:
    count = 0
    with tarfile.open(archive, "w:gz") as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(media_root)))
                    count += 1
    return count


# --- Restoring ----------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    """The manifest of a backup folder, checked against the files beside it."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.")
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} cannot be read: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{path} is not a backup manifest this version reads.")
    engine = manifest.get("engine")
    if engine not in DUMP_FILES or manifest.get("database") != DUMP_FILES[engine]:
        raise BackupError(f"{path} names no database dump this version reads.")
    for name in (manifest["database"], manifest.get("media", MEDIA_ARCHIVE)):
        if not (folder / name).is_file():
            raise BackupError(f"The backup in {folder} has no {name}.")
    return manifest


def existing_tables() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def restore_backup(folder: Path, *, force: bool = False) -> RestoreReport:
    """Restore the database and the media of a backup folder. Refuses a database
    that has tables unless `force`; then everything in it is replaced."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    engine = database_engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup holds a {manifest['engine']} database, but DATABASE_URL "
            f"points at {engine}: restore it into a {manifest['engine']} database."
        )
    if engine == "sqlite":
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    try:
        tables = existing_tables()
    except DatabaseError as error:
        raise BackupError(f"The database cannot be reached: {error}") from None
    if tables and not force:
        raise BackupError(
            f"The database is not empty ({len(tables)} tables): restoring replaces "
            "everything in it. Run again with --force (make restore FORCE=1) to do so."
        )
    dump = folder / manifest["database"]
    connections.close_all()
    if engine == "sqlite":
        _sqlite_restore(dump, Path(connection.settings_dict["NAME"]))
    else:
        command = [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
        ]
        if tables:
            command += ["--clean", "--if-exists"]
        _run([*command, "--dbname", connection.settings_dict["NAME"], str(dump)])
    media_files = _extract_media(
        folder / manifest.get("media", MEDIA_ARCHIVE), Path(settings.MEDIA_ROOT)
    )
    # Cached pages and fragments describe the database that was replaced.
    cache.clear()
    return RestoreReport(
        engine=engine,
        counts=site_counts(),
        media_files=media_files,
        replaced=bool(tables),
    )


def _sqlite_restore(dump: Path, target: Path) -> None:
    """Copy the dump into the target through SQLite's backup API, which replaces
    its whole content (WAL included) in one step."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target, timeout=20)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    finally:
        src.close()


def _extract_media(archive: Path, media_root: Path) -> int:
    """Unpack the media archive into MEDIA_ROOT; only plain files and folders, never
    a path outside it (tarfile's `data` filter)."""
    media_root.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = [member for member in tar.getmembers() if member.isfile()]
            tar.extractall(media_root, members=members, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(
            f"The media archive {archive} cannot be read: {error}"
        ) from None
    return len(members)


# --- PostgreSQL client tools ----------------------------------------------------------


def _postgres_environment() -> dict[str, str]:
    """libpq's variables for the configured database, so that no password appears
    on a command line."""
    db = connection.settings_dict
    env = dict(os.environ)
    values = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": (db.get("OPTIONS") or {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed: PostgreSQL backups need the PostgreSQL "
            "client tools (postgresql-client)."
        )
    result = subprocess.run(  # noqa: S603
        command, env=_postgres_environment(), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
