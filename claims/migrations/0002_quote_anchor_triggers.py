"""Database triggers that keep every anchored quote equal to its place in the source text.

A check constraint cannot look across tables, so this invariant is held by triggers: a claim
cannot be saved with a quote that differs from source.text[quote_start:quote_end], and a
source's text cannot be edited in a way that moves an anchored quote. Both engines count
characters (not bytes) in substr(), exactly as Python slices a str.
"""

from django.db import migrations

MISMATCH = "claim quote does not match its source text"
SOURCE_MOVES_QUOTE = "source text edit would move an anchored claim quote"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER claims_claim_quote_on_insert BEFORE INSERT ON claims_claim
    FOR EACH ROW WHEN NEW.quote_start IS NOT NULL AND (
        SELECT substr(s.text, NEW.quote_start + 1, NEW.quote_end - NEW.quote_start)
        FROM claims_source s WHERE s.id = NEW.source_id
    ) IS NOT NEW.quote
    BEGIN SELECT RAISE(ABORT, '{MISMATCH}'); END
    """,
    f"""
    CREATE TRIGGER claims_claim_quote_on_update
    BEFORE UPDATE OF quote, quote_start, quote_end, source_id ON claims_claim
    FOR EACH ROW WHEN NEW.quote_start IS NOT NULL AND (
        SELECT substr(s.text, NEW.quote_start + 1, NEW.quote_end - NEW.quote_start)
        FROM claims_source s WHERE s.id = NEW.source_id
    ) IS NOT NEW.quote
    BEGIN SELECT RAISE(ABORT, '{MISMATCH}'); END
    """,
    f"""
    CREATE TRIGGER claims_source_text_keeps_quotes BEFORE UPDATE OF text ON claims_source
    FOR EACH ROW WHEN EXISTS (
        SELECT 1 FROM claims_claim c
        WHERE c.source_id = NEW.id AND c.quote_start IS NOT NULL
          AND substr(NEW.text, c.quote_start + 1, c.quote_end - c.quote_start) IS NOT c.quote
    )
    BEGIN SELECT RAISE(ABORT, '{SOURCE_MOVES_QUOTE}'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_claim_quote_on_insert",
    "DROP TRIGGER IF EXISTS claims_claim_quote_on_update",
    "DROP TRIGGER IF EXISTS claims_source_text_keeps_quotes",
]

POSTGRESQL_FORWARD = [
    f"""
    CREATE FUNCTION claims_claim_quote_matches() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.quote_start IS NOT NULL AND (
            SELECT substr(s.text, NEW.quote_start + 1, GREATEST(NEW.quote_end - NEW.quote_start, 0))
            FROM claims_source s WHERE s.id = NEW.source_id
        ) IS DISTINCT FROM NEW.quote THEN
            RAISE EXCEPTION '{MISMATCH}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER claims_claim_quote_matches
    BEFORE INSERT OR UPDATE OF quote, quote_start, quote_end, source_id ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_quote_matches()
    """,
    f"""
    CREATE FUNCTION claims_source_text_keeps_quotes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM claims_claim c
            WHERE c.source_id = NEW.id AND c.quote_start IS NOT NULL
              AND substr(NEW.text, c.quote_start + 1, GREATEST(c.quote_end - c.quote_start, 0))
                  IS DISTINCT FROM c.quote
        ) THEN
            RAISE EXCEPTION '{SOURCE_MOVES_QUOTE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER claims_source_text_keeps_quotes BEFORE UPDATE OF text ON claims_source
    FOR EACH ROW EXECUTE FUNCTION claims_source_text_keeps_quotes()
    """,
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_claim_quote_matches ON claims_claim",
    "DROP FUNCTION IF EXISTS claims_claim_quote_matches()",
    "DROP TRIGGER IF EXISTS claims_source_text_keeps_quotes ON claims_source",
    "DROP FUNCTION IF EXISTS claims_source_text_keeps_quotes()",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def run(schema_editor, direction: int) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"Counterclaim supports SQLite and PostgreSQL, not {vendor}.")
    for statement in STATEMENTS[vendor][direction]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: run(schema_editor, 0),
            lambda apps, schema_editor: run(schema_editor, 1),
        )
    ]
