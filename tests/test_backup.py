"""Backup and restore: export → import → export gives the same bytes, and a bad file imports nothing.

"Empty" here is what the importer demands: no users and no row in any ledger table, history
included; the role groups and permissions of the migrations stay, as in a fresh database.
"""

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from claims.backup.format import Header
from claims.backup.importer import occupied_tables
from claims.backup.plan import ledger_tables
from claims.benchmark.ledger import LedgerBuilder
from claims.models import Claim
from claims.roles import ensure_roles
from claims.search import matching
from claims.seeds import load_seed_dossier
from tests.factories import make_claim, make_user
from tests.test_history import assert_history_matches_ledger

pytestmark = pytest.mark.django_db

SEARCHES = ("Khost", "airstrikes civilians", "strike", "Paktik*", "ISPR")


def export(path: Path, *options: str) -> bytes:
    call_command("export_ledger", str(path), *options, verbosity=0)
    return path.read_bytes()


def restore(path: Path) -> None:
    call_command("import_ledger", str(path), verbosity=0)


def empty_the_ledger() -> None:
    """Delete every row a restore needs gone, as a fresh database would have none."""
    tables = ledger_tables(history=True)
    doomed = [table.model for table in tables if not table.merged]
    doomed += [field.remote_field.through for table in tables for field in table.named_lists]
    with connection.cursor() as cursor:
        for model in reversed(doomed):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    assert occupied_tables() == []


def searches() -> dict[str, list[int]]:
    return {
        text: sorted(matching(Claim.objects.all(), text).values_list("pk", flat=True))
        for text in SEARCHES
    }


def a_desk() -> None:
    """The seed dossier, with the accounts that wrote it and their roles."""
    ensure_roles()
    editor = make_user("editor", groups=("editor",), email="editor@example.org")
    make_user("chief", groups=("editor", "reviewer"), is_staff=True)
    load_seed_dossier()
    Claim.objects.filter(pk__in=Claim.objects.order_by("pk")[:5]).update(created_by=editor)


def test_seed_dossier_round_trip_is_byte_identical(tmp_path):
    a_desk()
    found = searches()
    first = export(tmp_path / "first.jsonl")
    empty_the_ledger()

    restore(tmp_path / "first.jsonl")

    assert export(tmp_path / "second.jsonl") == first
    assert searches() == found
    assert all(found.values()), "every search finds some seed claim"
    editor = User.objects.get(username="editor")
    assert editor.check_password("correct-horse-battery")
    assert set(editor.groups.values_list("name", flat=True)) == {"editor"}


def test_a_restore_without_history_starts_every_row_history(tmp_path):
    a_desk()
    export(tmp_path / "ledger.jsonl")
    empty_the_ledger()

    restore(tmp_path / "ledger.jsonl")

    assert_history_matches_ledger()
    assert set(Claim.history.values_list("history_change_reason", flat=True)) == {
        "Restored from a backup without history"
    }


def test_history_export_round_trips_too(tmp_path):
    a_desk()
    first = export(tmp_path / "first.jsonl", "--history")
    assert Header.decode(first.splitlines()[0]).history
    empty_the_ledger()

    restore(tmp_path / "first.jsonl")

    assert export(tmp_path / "second.jsonl", "--history") == first


def test_generated_ledger_of_10k_claims_round_trips(tmp_path):
    ensure_roles()
    LedgerBuilder(10_000).build()
    found = searches()
    first = export(tmp_path / "first.jsonl")
    empty_the_ledger()

    restore(tmp_path / "first.jsonl")

    assert export(tmp_path / "second.jsonl") == first
    assert Claim.objects.count() == 10_000
    assert searches() == found


def test_new_rows_after_a_restore_get_fresh_ids(tmp_path):
    a_desk()
    newest = Claim.objects.order_by("pk").last().pk
    export(tmp_path / "ledger.jsonl")
    empty_the_ledger()
    restore(tmp_path / "ledger.jsonl")

    assert make_claim().pk > newest
    assert make_user().pk > User.objects.get(username="chief").pk


def test_header_counts_rows_and_checksums_the_body(tmp_path):
    a_desk()
    lines = export(tmp_path / "ledger.jsonl").splitlines(keepends=True)
    header = Header.decode(lines[0])

    assert header.format == "counterclaim-ledger"
    assert header.version == 1
    assert header.rows == len(lines) - 1 == sum(header.counts.values())
    assert header.counts["claims.claim"] == Claim.objects.count()
    assert header.sha256 == hashlib.sha256(b"".join(lines[1:])).hexdigest()
    assert (tmp_path / "ledger.jsonl").stat().st_mode & 0o777 == 0o600, "it holds password hashes"
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.jsonl"], "no temporary file left"


def test_every_ledger_model_and_its_history_is_carried():
    carried = {table.model for table in ledger_tables(history=True)}
    ledger = set(apps.get_app_config("claims").get_models(include_auto_created=True))
    recorded = {
        model
        for model in apps.get_models(include_auto_created=True)
        if getattr(model, "instance_type", None) in carried
    }
    assert ledger | recorded | {User, Group} == carried
    without_history = {table.model for table in ledger_tables(history=False)}
    assert without_history == carried - recorded


def test_tables_come_after_the_tables_they_point_at():
    seen: set = set()
    for table in ledger_tables(history=True):
        pointed_at = {f.related_model for f in table.columns if f.is_relation} - {table.model}
        assert pointed_at & {t.model for t in ledger_tables(history=True)} <= seen, table.label
        seen.add(table.model)


# Refusals: each leaves the database as empty as it was. -----------------------------------


@pytest.fixture
def ledger_file(tmp_path) -> Path:
    """A valid export of the seed desk, with the database emptied afterwards."""
    a_desk()
    path = tmp_path / "ledger.jsonl"
    export(path)
    empty_the_ledger()
    return path


def rewritten(path: Path, change: Callable[[list[bytes]], list[bytes]]) -> Path:
    """The file with its body lines changed and its header made to match them again."""
    header, *body = path.read_bytes().splitlines(keepends=True)
    body = change(body)
    fields = json.loads(header) | {
        "rows": len(body),
        "sha256": hashlib.sha256(b"".join(body)).hexdigest(),
    }
    path.write_bytes(json.dumps(fields).encode() + b"\n" + b"".join(body))
    return path


def with_claim_field(path: Path, **values) -> Path:
    def change(body: list[bytes]) -> list[bytes]:
        at = next(i for i, line in enumerate(body) if b'"model":"claims.claim"' in line)
        row = json.loads(body[at])
        row["fields"].update(values)
        body[at] = json.dumps(row).encode() + b"\n"
        return body

    return rewritten(path, change)


def refused(path: Path, message: str) -> None:
    groups = sorted(Group.objects.values_list("name", flat=True))
    with pytest.raises(CommandError, match=message) as error:
        restore(path)
    assert str(error.value).startswith("Nothing was imported.")
    assert occupied_tables() == []
    assert sorted(Group.objects.values_list("name", flat=True)) == groups


def test_import_refuses_a_database_that_is_not_empty(ledger_file):
    claim = make_claim()
    with pytest.raises(CommandError, match=r"not empty \(rows in .*claims\.claim"):
        restore(ledger_file)
    assert list(Claim.objects.all()) == [claim]


def test_import_refuses_a_database_with_only_a_user(ledger_file):
    make_user()
    with pytest.raises(CommandError, match=r"not empty \(rows in auth\.user\)"):
        restore(ledger_file)


def test_import_refuses_an_unknown_format_version(ledger_file):
    header, body = ledger_file.read_bytes().split(b"\n", 1)
    ledger_file.write_bytes(header.replace(b'"version":1', b'"version":2') + b"\n" + body)
    refused(ledger_file, "format version 2; this app reads version 1 only")


def test_import_refuses_a_file_that_is_not_a_ledger(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("dear diary\n")
    refused(path, "not a Counterclaim ledger file")


def test_import_refuses_a_bad_checksum(ledger_file):
    data = ledger_file.read_bytes()
    ledger_file.write_bytes(data.replace(b"Khost", b"Khist", 1))
    refused(ledger_file, "checksum does not match")


def test_import_refuses_a_file_cut_mid_line(ledger_file):
    ledger_file.write_bytes(ledger_file.read_bytes()[:-40])
    refused(ledger_file, "truncated: its last line .* is cut short")


def test_import_refuses_a_file_missing_its_last_lines(ledger_file):
    lines = ledger_file.read_bytes().splitlines(keepends=True)
    ledger_file.write_bytes(b"".join(lines[:-3]))
    refused(ledger_file, rf"truncated: its header announces {len(lines) - 1} rows, it holds")


def test_import_refuses_malformed_json(ledger_file):
    rewritten(ledger_file, lambda body: [*body[:-1], b'{"model": "claims.claim", \n'])
    last = len(ledger_file.read_bytes().splitlines())
    refused(ledger_file, f"Line {last} is not valid JSON")


def test_import_refuses_a_row_that_breaks_a_constraint(ledger_file):
    with_claim_field(ledger_file, credibility=9)
    refused(ledger_file, r"\(claims\.claim\) break a rule of the database")


def test_import_refuses_a_quote_not_in_its_source(ledger_file):
    with_claim_field(ledger_file, quote="words nobody said", quote_start=0, quote_end=17)
    refused(ledger_file, "claim quote does not match its source text")


def test_import_refuses_a_row_pointing_at_a_missing_row(ledger_file):
    with_claim_field(ledger_file, speaker=999_999)
    refused(ledger_file, "point at rows it lacks")


def test_import_refuses_a_value_of_the_wrong_type(ledger_file):
    with_claim_field(ledger_file, stated_on="last Tuesday")
    refused(ledger_file, r"claims\.claim\.stated_on cannot be 'last Tuesday'")


def test_import_refuses_fields_this_app_does_not_have(ledger_file):
    with_claim_field(ledger_file, mood="grumpy")
    refused(ledger_file, r"fields this database does not have \(mood\)")


def test_import_refuses_rows_out_of_order(ledger_file):
    rewritten(ledger_file, lambda body: list(reversed(body)))
    refused(ledger_file, "unknown here or out of their place")


# Across engines: SQLite → PostgreSQL → SQLite, each side a database of its own. ---------------------------------------------


def manage(database: Path, *arguments: str) -> str:
    """Run manage.py against a SQLite database file of its own; returns what it printed."""
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (make test-postgres)"
)
def test_an_export_from_sqlite_imports_into_postgresql_and_back(tmp_path):
    built = tmp_path / "built.sqlite3"
    manage(built, "migrate", "--verbosity=0")
    manage(built, "load_seeds")
    manage(
        built,
        "shell",
        "-c",
        "from tests.factories import make_user; make_user('ed', groups=('editor',))",
    )
    manage(built, "export_ledger", str(tmp_path / "sqlite.jsonl"))

    restore(tmp_path / "sqlite.jsonl")
    from_postgresql = export(tmp_path / "postgresql.jsonl")

    assert from_postgresql == (tmp_path / "sqlite.jsonl").read_bytes()
    assert all(searches().values())
    back = tmp_path / "back.sqlite3"
    manage(back, "migrate", "--verbosity=0")
    manage(back, "import_ledger", str(tmp_path / "postgresql.jsonl"))
    manage(back, "export_ledger", str(tmp_path / "back.jsonl"))
    assert (tmp_path / "back.jsonl").read_bytes() == from_postgresql


# An export reads one moment of the ledger and keeps no editor waiting. -------------------

SQLITE_WRITER_DURING_EXPORT = """
import sqlite3
from django.db import connection
from claims.backup.exporter import _one_moment
from claims.models import Place
with _one_moment():
    before = Place.objects.count()
    writer = sqlite3.connect(connection.settings_dict["NAME"], timeout=0.5)
    writer.execute("INSERT INTO claims_place (name, country) VALUES ('Written meanwhile', '')")
    writer.commit()
    print(before, Place.objects.count())
print(Place.objects.count())
"""


def test_an_export_on_sqlite_sees_one_moment_and_blocks_no_writer(tmp_path):
    database = tmp_path / "desk.sqlite3"
    manage(database, "migrate", "--verbosity=0")
    manage(database, "load_seeds")

    counts = manage(database, "shell", "--no-imports", "-c", SQLITE_WRITER_DURING_EXPORT).split()

    assert counts[0] == counts[1] != counts[2]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the SQLite test runs in a subprocess"
)
@pytest.mark.django_db(transaction=True)
def test_an_export_on_postgresql_sees_one_moment_and_blocks_no_writer():
    from claims.backup.exporter import _one_moment
    from claims.models import Place

    writer = connection.copy()
    try:
        with _one_moment():
            before = Place.objects.count()
            with writer.cursor() as cursor:
                cursor.execute("INSERT INTO claims_place (name, country) VALUES ('Meanwhile', '')")
            assert Place.objects.count() == before
        assert Place.objects.count() == before + 1
    finally:
        writer.close()
