# SourceRevision and TranslationState move here from portal with their rows: the
# models' state is created here and deleted there; tables and content types are
# renamed.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

MOVED = ["sourcerevision", "translationstate"]


def adopt(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model_name in MOVED:
        model = apps.get_model("translation", model_name)
        schema_editor.alter_db_table(model, f"portal_{model_name}", model._meta.db_table)
        ContentType.objects.using(schema_editor.connection.alias).filter(
            app_label="portal", model=model_name
        ).update(app_label="translation")


def give_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model_name in MOVED:
        model = apps.get_model("translation", model_name)
        schema_editor.alter_db_table(model, model._meta.db_table, f"portal_{model_name}")
        ContentType.objects.using(schema_editor.connection.alias).filter(
            app_label="translation", model=model_name
        ).update(app_label="portal")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0004_page_cache_table"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SourceRevision",
                    fields=[
                        ("source", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="+", serialize=False, to="wagtail_localize.translationsource")),
                        ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("revision", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailcore.revision")),
                    ],
                    options={
                        "verbose_name": "translation source revision",
                        "verbose_name_plural": "translation source revisions",
                    },
                ),
                migrations.CreateModel(
                    name="TranslationState",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("translation_key", models.UUIDField(verbose_name="translation key")),
                        ("complete", models.BooleanField(default=True, help_text="Every string was translated: nothing fell back to the source.", verbose_name="complete")),
                        ("translated_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="translated at")),
                        ("locale", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.locale", verbose_name="language")),
                        ("source_revision", models.ForeignKey(help_text="The live revision of the source page this was made from.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailcore.revision", verbose_name="source revision")),
                        ("translation_revision", models.ForeignKey(help_text="The revision of the translated page that wagtail-localize wrote.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailcore.revision", verbose_name="translation revision")),
                    ],
                    options={
                        "verbose_name": "translation state",
                        "verbose_name_plural": "translation states",
                        "constraints": [models.UniqueConstraint(fields=("translation_key", "locale"), name="unique_translation_state_per_locale")],
                    },
                ),
            ],
        ),
        migrations.RunPython(adopt, give_back),
    ]
