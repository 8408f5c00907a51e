"""Creates the page cache's own database table (portal/cache.py) in a database
migrated before it had one; createcachetable skips the tables that exist."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_sourcerevision_translationstate")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
