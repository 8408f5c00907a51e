# Person moved to core, SourceRevision and TranslationState to translation: their
# tables now belong to those apps (renamed there), so only the state goes here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_page_cache_table"),
        ("core", "0001_initial"),
        ("translation", "0001_initial"),
        ("events", "0005_move_to_core"),
        ("stories", "0004_move_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Person"),
                migrations.DeleteModel(name="SourceRevision"),
                migrations.DeleteModel(name="TranslationState"),
            ],
        ),
    ]
