"""The full-text index behind claim search, kept in step with the ledger by triggers.

A claim's searchable document spans three tables: its quote and summary, its speaker's name
and aliases, and its source's title. Both engines read that document from one view,
`claims_claim_document`, so the text is written down once and the index never stores a
second copy of it:

- SQLite: an external-content FTS5 table over the view (`porter unicode61
  remove_diacritics 2`). An external-content index must be told the *old* text of a row to
  remove it, so each trigger deletes a row's entry while the view still shows the old text
  (BEFORE) and inserts it again once the view shows the new text (AFTER).
- PostgreSQL: `claims_claim_search` holds one `tsvector` per claim with a GIN index, upserted
  by triggers; a generated column could not reach the speaker's and the source's rows. The
  configuration `claims_search` strips accents with `unaccent` and stems with a Snowball
  English dictionary without stop words, so that, as in FTS5, every word is searchable.

Both rebuild the whole index from the view when the migration runs (and in
`claims.search.rebuild_search_index()`).
"""

from django.db import migrations

# The same SQL expression on both engines: aliases are one per line, so a newline separates
# them from the name as a tokenizer expects.
DOCUMENT_VIEW = """
    CREATE VIEW claims_claim_document AS
    SELECT c.id AS id, c.speaker_id AS speaker_id, c.source_id AS source_id,
           c.quote AS quote, c.summary AS summary,
           a.name || char(10) || a.aliases AS speaker, s.title AS source
    FROM claims_claim c
    JOIN claims_actor a ON a.id = c.speaker_id
    JOIN claims_source s ON s.id = c.source_id
"""
COLUMNS = "quote, summary, speaker, source"


def _sqlite_reindex(name: str, table: str, columns: str, changed: str, rows: str) -> list[str]:
    """A BEFORE/AFTER trigger pair that re-indexes the claims `rows` picks when `changed`."""
    delete = f"""
        INSERT INTO claims_claim_fts(claims_claim_fts, rowid, {COLUMNS})
        SELECT 'delete', id, {COLUMNS} FROM claims_claim_document WHERE {rows.format(row="OLD")}
    """
    insert = f"""
        INSERT INTO claims_claim_fts(rowid, {COLUMNS})
        SELECT id, {COLUMNS} FROM claims_claim_document WHERE {rows.format(row="NEW")}
    """
    return [
        f"""CREATE TRIGGER {name}_before BEFORE UPDATE OF {columns} ON {table}
        FOR EACH ROW WHEN {changed} BEGIN {delete}; END""",
        f"""CREATE TRIGGER {name}_after AFTER UPDATE OF {columns} ON {table}
        FOR EACH ROW WHEN {changed} BEGIN {insert}; END""",
    ]


def _changed(columns: list[str], distinct: str) -> str:
    return " OR ".join(f"OLD.{column} {distinct} NEW.{column}" for column in columns)


CLAIM_COLUMNS = ["quote", "summary", "speaker_id", "source_id"]

SQLITE_FORWARD = [
    DOCUMENT_VIEW,
    f"""
    CREATE VIRTUAL TABLE claims_claim_fts USING fts5(
        {COLUMNS}, content='claims_claim_document', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    f"""
    CREATE TRIGGER claims_claim_fts_insert AFTER INSERT ON claims_claim FOR EACH ROW BEGIN
        INSERT INTO claims_claim_fts(rowid, {COLUMNS})
        SELECT id, {COLUMNS} FROM claims_claim_document WHERE id = NEW.id;
    END
    """,
    f"""
    CREATE TRIGGER claims_claim_fts_delete BEFORE DELETE ON claims_claim FOR EACH ROW BEGIN
        INSERT INTO claims_claim_fts(claims_claim_fts, rowid, {COLUMNS})
        SELECT 'delete', id, {COLUMNS} FROM claims_claim_document WHERE id = OLD.id;
    END
    """,
    *_sqlite_reindex(
        "claims_claim_fts_update",
        "claims_claim",
        ", ".join(CLAIM_COLUMNS),
        _changed(CLAIM_COLUMNS, "IS NOT"),
        "id = {row}.id",
    ),
    *_sqlite_reindex(
        "claims_actor_fts_update",
        "claims_actor",
        "name, aliases",
        _changed(["name", "aliases"], "IS NOT"),
        "speaker_id = {row}.id",
    ),
    *_sqlite_reindex(
        "claims_source_fts_update",
        "claims_source",
        "title",
        _changed(["title"], "IS NOT"),
        "source_id = {row}.id",
    ),
    "INSERT INTO claims_claim_fts(claims_claim_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    *(
        f"DROP TRIGGER IF EXISTS {name}"
        for name in [
            "claims_claim_fts_insert",
            "claims_claim_fts_delete",
            *(
                f"claims_{table}_fts_update_{when}"
                for table in ("claim", "actor", "source")
                for when in ("before", "after")
            ),
        ]
    ),
    "DROP TABLE IF EXISTS claims_claim_fts",
    "DROP VIEW IF EXISTS claims_claim_document",
]


def _postgresql_upsert(name: str, rows: str) -> str:
    """A trigger function that (re)writes the documents of the claims `rows` picks."""
    return f"""
    CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO claims_claim_search (claim_id, document)
        SELECT id, claims_search_document({COLUMNS}) FROM claims_claim_document WHERE {rows}
        ON CONFLICT (claim_id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NULL;
    END $$
    """


def _postgresql_trigger(table: str, columns: list[str], function: str) -> str:
    return f"""
    CREATE TRIGGER {function} AFTER UPDATE OF {", ".join(columns)} ON {table}
    FOR EACH ROW WHEN ({_changed(columns, "IS DISTINCT FROM")})
    EXECUTE FUNCTION {function}()
    """


def _postgresql_forward(unaccent: bool) -> list[str]:
    filters = "unaccent, claims_english_stem" if unaccent else "claims_english_stem"
    return [
        *(["CREATE EXTENSION IF NOT EXISTS unaccent"] if unaccent else []),
        # Snowball's English stemmer with no stop word list: "and" stays searchable.
        "CREATE TEXT SEARCH DICTIONARY claims_english_stem (TEMPLATE = snowball, LANGUAGE = english)",
        "CREATE TEXT SEARCH CONFIGURATION claims_search (COPY = simple)",
        f"""
        ALTER TEXT SEARCH CONFIGURATION claims_search ALTER MAPPING FOR
            asciiword, word, numword, asciihword, hword, numhword,
            hword_asciipart, hword_part, hword_numpart
        WITH {filters}
        """,
        DOCUMENT_VIEW.replace("char(10)", "E'\\n'"),
        # PostgreSQL's parser reads "POL-358" as a word and a negative number, and "<b>" as
        # a tag it drops; FTS5 sees words either side. Spaces for '-' and '<' give both
        # engines the same words (claims.search does the same to the query).
        """
        CREATE FUNCTION claims_search_words(text text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT to_tsvector('claims_search', translate(text, '-<', '  ')) $$
        """,
        """
        CREATE FUNCTION claims_search_document(quote text, summary text, speaker text, source text)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT claims_search_words(quote) || claims_search_words(summary)
                || claims_search_words(speaker) || claims_search_words(source)
        $$
        """,
        """
        CREATE TABLE claims_claim_search (
            claim_id bigint PRIMARY KEY, document tsvector NOT NULL
        )
        """,
        "CREATE INDEX claims_claim_search_document ON claims_claim_search USING gin (document)",
        _postgresql_upsert("claims_claim_search_claim", "id = NEW.id"),
        """
        CREATE TRIGGER claims_claim_search_insert AFTER INSERT ON claims_claim
        FOR EACH ROW EXECUTE FUNCTION claims_claim_search_claim()
        """,
        _postgresql_trigger("claims_claim", CLAIM_COLUMNS, "claims_claim_search_claim"),
        """
        CREATE FUNCTION claims_claim_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM claims_claim_search WHERE claim_id = OLD.id;
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER claims_claim_search_delete AFTER DELETE ON claims_claim
        FOR EACH ROW EXECUTE FUNCTION claims_claim_search_delete()
        """,
        # Django's test flush truncates tables, which fires no row triggers.
        """
        CREATE FUNCTION claims_claim_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE claims_claim_search;
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER claims_claim_search_truncate AFTER TRUNCATE ON claims_claim
        FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_search_truncate()
        """,
        _postgresql_upsert("claims_claim_search_actor", "speaker_id = NEW.id"),
        _postgresql_trigger("claims_actor", ["name", "aliases"], "claims_claim_search_actor"),
        _postgresql_upsert("claims_claim_search_source", "source_id = NEW.id"),
        _postgresql_trigger("claims_source", ["title"], "claims_claim_search_source"),
        f"""
        INSERT INTO claims_claim_search (claim_id, document)
        SELECT id, claims_search_document({COLUMNS}) FROM claims_claim_document
        """,
    ]


POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_claim_search_insert ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_search_claim ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_search_delete ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_search_truncate ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_search_actor ON claims_actor",
    "DROP TRIGGER IF EXISTS claims_claim_search_source ON claims_source",
    *(
        f"DROP FUNCTION IF EXISTS claims_claim_search_{name}()"
        for name in ("claim", "delete", "truncate", "actor", "source")
    ),
    "DROP TABLE IF EXISTS claims_claim_search",
    "DROP FUNCTION IF EXISTS claims_search_document(text, text, text, text)",
    "DROP FUNCTION IF EXISTS claims_search_words(text)",
    "DROP VIEW IF EXISTS claims_claim_document",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS claims_search",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS claims_english_stem",
    # unaccent stays: other schemas may have come to rely on the extension.
]


def _has_unaccent(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
        return cursor.fetchone() is not None


def run(schema_editor, forward: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = SQLITE_FORWARD if forward else SQLITE_BACKWARD
    elif vendor == "postgresql":
        statements = (
            _postgresql_forward(_has_unaccent(schema_editor)) if forward else POSTGRESQL_BACKWARD
        )
    else:
        raise RuntimeError(f"Counterclaim supports SQLite and PostgreSQL, not {vendor}.")
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_constraint_messages")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: run(schema_editor, forward=True),
            lambda apps, schema_editor: run(schema_editor, forward=False),
        )
    ]
