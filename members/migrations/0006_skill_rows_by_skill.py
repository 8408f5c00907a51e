"""The rows of skills shared and wanted, by skill then registration: the matching
reads every registration with a given skill from the index alone. (The tables are
the many-to-many fields' own, which take no Meta indexes.)"""

from django.db import migrations

TABLES = ("members_registration_shares", "members_registration_learns")


def index(table: str) -> migrations.RunSQL:
    name = f"{table}_by_skill"
    return migrations.RunSQL(
        f'CREATE INDEX "{name}" ON "{table}" ("skill_id", "registration_id")',
        f'DROP INDEX "{name}"',
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0005_directory_order")]

    operations = [index(table) for table in TABLES]
