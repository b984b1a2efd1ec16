"""Keep SQLite's full-text index true when an actor or a source row goes first.

An external-content FTS5 entry can only be removed while the view still shows the row's
text. Claims PROTECT their speaker and source, so the app never deletes those first, but a
flush (tests, `manage.py flush`) deletes tables in name order with foreign keys deferred:
actors went before claims, the claims' rows vanished from the view, and the index kept
entries that no longer matched anything. Removing the entries of an actor's or a source's
claims just before the row goes keeps the index equal to the view whatever the order.
PostgreSQL keeps its own table of documents, which claim deletes and truncates clear.
"""

from django.db import migrations

PARENTS = {"claims_actor": "speaker_id", "claims_source": "source_id"}
COLUMNS = "quote, summary, speaker, source"


def run(schema_editor, forward: bool) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for table, column in PARENTS.items():
        name = f"{table}_fts_delete"
        if forward:
            schema_editor.execute(
                f"""
                CREATE TRIGGER {name} BEFORE DELETE ON {table} FOR EACH ROW BEGIN
                    INSERT INTO claims_claim_fts(claims_claim_fts, rowid, {COLUMNS})
                    SELECT 'delete', id, {COLUMNS} FROM claims_claim_document
                    WHERE {column} = OLD.id;
                END
                """
            )
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_pairing_indexes")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: run(schema_editor, forward=True),
            lambda apps, schema_editor: run(schema_editor, forward=False),
        )
    ]
