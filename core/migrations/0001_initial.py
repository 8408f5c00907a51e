# Person (from portal) and Topic (from stories) move here with their rows: the
# models' state is created here and deleted there, and their tables and content
# types are renamed, so references (revisions, translations, foreign keys) stay.

import uuid

import django.db.models.deletion
from django.db import migrations, models

MOVED = [("portal", "person"), ("stories", "topic")]


def adopt(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_app, model_name in MOVED:
        model = apps.get_model("core", model_name)
        schema_editor.alter_db_table(
            model, f"{old_app}_{model_name}", model._meta.db_table
        )
        ContentType.objects.using(schema_editor.connection.alias).filter(
            app_label=old_app, model=model_name
        ).update(app_label="core")


def give_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_app, model_name in MOVED:
        model = apps.get_model("core", model_name)
        schema_editor.alter_db_table(
            model, model._meta.db_table, f"{old_app}_{model_name}"
        )
        ContentType.objects.using(schema_editor.connection.alias).filter(
            app_label="core", model=model_name
        ).update(app_label=old_app)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        # After every migration that made a foreign key to the old tables.
        ("events", "0004_alter_eventpage_description"),
        ("newsletter", "0003_issues_and_sending"),
        ("portal", "0004_page_cache_table"),
        ("stories", "0003_alter_storypage_body"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Person",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        ("role", models.CharField(blank=True, max_length=160, verbose_name="role")),
                        ("biography", models.TextField(blank=True, max_length=600, verbose_name="biography")),
                        ("locale", models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="wagtailcore.locale", verbose_name="locale")),
                        ("photo", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailimages.image", verbose_name="photo")),
                    ],
                    options={
                        "verbose_name": "person",
                        "verbose_name_plural": "people",
                        "ordering": ["name"],
                        "abstract": False,
                        "unique_together": {("translation_key", "locale")},
                    },
                ),
                migrations.CreateModel(
                    name="Topic",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                        ("name", models.CharField(max_length=80, verbose_name="name")),
                        ("slug", models.SlugField(help_text="Used in filter links; the same in every language.", max_length=80, verbose_name="slug")),
                        ("locale", models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="wagtailcore.locale", verbose_name="locale")),
                    ],
                    options={
                        "verbose_name": "topic",
                        "verbose_name_plural": "topics",
                        "ordering": ["name"],
                        "abstract": False,
                        "constraints": [models.UniqueConstraint(fields=("slug", "locale"), name="unique_topic_slug_per_locale")],
                        "unique_together": {("translation_key", "locale")},
                    },
                ),
            ],
        ),
        migrations.RunPython(adopt, give_back),
    ]
