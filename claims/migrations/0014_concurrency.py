"""Every ledger row gets a `version`, checked and raised by each save (claims.concurrency).

On SQLite, Django adds a NOT NULL column by rebuilding the table, which would drop the quote
and search triggers (0002, 0006, 0009) without a word. A column with a constant database
default needs no rebuild: a plain `ALTER TABLE ... ADD COLUMN`, which is what the base schema
editor does, and what PostgreSQL's does anyway. Removing it is a plain DROP COLUMN on both.
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


class AddColumn(migrations.AddField):
    """AddField, in place on SQLite too."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        to_model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, to_model):
            from_model = from_state.apps.get_model(app_label, self.model_name)
            field = to_model._meta.get_field(self.name)
            BaseDatabaseSchemaEditor.add_field(schema_editor, from_model, field)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_review_history"),
    ]

    operations = [
        AddColumn(
            model_name=name,
            name="version",
            field=models.PositiveIntegerField(
                db_default=1,
                default=1,
                help_text="Raised by one on every save; an edit form carries the version it shows.",
            ),
        )
        for name in [
            "actor",
            "claim",
            "claimlink",
            "evidencelink",
            "figure",
            "incident",
            "place",
            "source",
        ]
    ]
