"""Restores a ledger file into an empty database, in one transaction, or not at all.

Before anything is written the whole file is read once to check its header, its length and
its checksum. Then, inside one transaction: the database must be empty (no users, no row in
any table of the claims app, its history included; the role groups and permissions the
migrations make are not ledger rows, and groups in the file are matched to them by name), and
the rows go in by plain `INSERT … VALUES` in batches (`executemany`), with the values the file
holds: `bulk_create` would stamp `created_at`/`updated_at` anew, and no model code runs, so no
signal records history twice. The database's own constraints and triggers judge every row (the
quote anchors, the search index), foreign keys are checked before commit, and on PostgreSQL the
id sequences are moved past the restored ids.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction

from claims.backup.format import BackupError, Header
from claims.backup.names import NaturalKeys
from claims.backup.plan import Table, ledger_tables
from claims.history.records import ledger_models, record_versions, recorded_as

BATCH = 1_000


def import_ledger(path: Path) -> Header:
    """Restore the ledger file at `path`; BackupError (and nothing written) if it cannot be."""
    with open(path, "rb") as file:
        header = Header.decode(file.readline())
        _verify(file, header)
        tables = ledger_tables(history=header.history)
        _check_tables(header, tables)
        file.seek(0)
        file.readline()
        with transaction.atomic():
            _refuse_occupied()
            restore = Restore(header, tables)
            restore.rows(file)
            restore.finish()
            if not header.history:
                start_histories()
    return header


def start_histories() -> None:
    """Give every restored ledger row a first version, so that no row is without a history
    when the file carried none: who and when of that version are the restore's own."""
    with recorded_as("Restored from a backup without history"):
        for model in ledger_models():
            pks = model._base_manager.order_by("pk").values_list("pk", flat=True)
            record_versions(model, list(pks), "+")


def _verify(file: IO[bytes], header: Header) -> None:
    digest, rows, last = hashlib.sha256(), 0, b"\n"
    for line in file:
        digest.update(line)
        rows += 1
        last = line
    if not last.endswith(b"\n"):
        raise BackupError(f"The file is truncated: its last line (line {rows + 1}) is cut short.")
    if rows < header.rows:
        raise BackupError(
            f"The file is truncated: its header announces {header.rows} rows, it holds {rows}."
        )
    if rows != header.rows or digest.hexdigest() != header.sha256:
        raise BackupError(
            "The file's checksum does not match its contents: it was changed or damaged "
            "after it was exported."
        )


def _check_tables(header: Header, tables: list[Table]) -> None:
    here = {table.label for table in tables}
    there = set(header.counts)
    if here != there:
        raise BackupError(
            "The file and this app hold different tables "
            f"(only in the file: {', '.join(sorted(there - here)) or 'none'}; "
            f"only here: {', '.join(sorted(here - there)) or 'none'}). Restore it with the app "
            f"version that wrote it ({header.app_version}), then migrate."
        )


def occupied_tables() -> list[str]:
    """The ledger tables that hold rows: a restore needs every one of them empty."""
    return [
        table.label
        for table in ledger_tables(history=True)
        if not table.merged and table.model._base_manager.exists()
    ]


def _refuse_occupied() -> None:
    occupied = occupied_tables()
    if occupied:
        raise BackupError(
            "The database is not empty (rows in " + ", ".join(occupied) + "). A ledger is "
            "restored only into a freshly migrated database."
        )


class Restore:
    """The rows of one file going into the database, one table after another, in batches."""

    def __init__(self, header: Header, tables: list[Table]) -> None:
        self.header = header
        self.waiting = iter(tables)
        self.table: Table | None = None
        self.batch: list[tuple[int, dict[str, Any]]] = []
        self.counts: Counter[str] = Counter()
        self.names = NaturalKeys()
        self.restored: list[type[models.Model]] = []

    def rows(self, lines: Iterable[bytes]) -> None:
        for number, line in enumerate(lines, start=2):
            row = _decoded(line, number)
            if self.table is None or row["model"] != self.table.label:
                self._flush()
                self._next_table(row["model"], number)
            self._check_fields(row, number)
            self.batch.append((number, row))
            self.counts[row["model"]] += 1
            if len(self.batch) == BATCH:
                self._flush()
        self._flush()

    def finish(self) -> None:
        for label, expected in self.header.counts.items():
            if self.counts[label] != expected:
                raise BackupError(
                    f"The header counts {expected} {label} rows, the file holds {self.counts[label]}."
                )
        try:
            connection.check_constraints(
                table_names=[model._meta.db_table for model in self.restored]
            )
        except DatabaseError as error:
            raise BackupError(f"The file's rows point at rows it lacks: {error}") from None
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), self.restored):
                cursor.execute(statement)

    def _next_table(self, label: Any, number: int) -> None:
        for table in self.waiting:
            if table.label == label:
                self.table = table
                if not table.merged:
                    self.restored.append(table.model)
                return
        raise BackupError(
            f"Line {number}: rows of {label!r} are unknown here or out of their place in the file."
        )

    def _check_fields(self, row: dict[str, Any], number: int) -> None:
        expected = {field.name for field in (*self.table.columns, *self.table.named_lists)}
        if not all(isinstance(row["fields"].get(f.name), list) for f in self.table.named_lists):
            raise BackupError(f"Line {number}: a {self.table.label} row's lists are damaged.")
        if row["fields"].keys() != expected:
            extra = sorted(row["fields"].keys() - expected)
            missing = sorted(expected - row["fields"].keys())
            raise BackupError(
                f"Line {number}: a {self.table.label} row with fields this database does not "
                f"have ({', '.join(extra) or 'none'}) or without fields it has "
                f"({', '.join(missing) or 'none'}). Restore it with the app version that wrote "
                f"it ({self.header.app_version}), then migrate."
            )

    def _flush(self) -> None:
        if not self.batch:
            return
        table, batch = self.table, self.batch
        self.batch = []
        first, last = batch[0][0], batch[-1][0]
        try:
            if table.merged:
                for number, row in batch:
                    self._merge(table, row, number)
            else:
                self._insert(table, batch)
                self._link_named(table, batch)
        except DatabaseError as error:
            raise BackupError(
                f"Lines {first}–{last} ({table.label}) break a rule of the database: {error}"
            ) from None

    def _insert(self, table: Table, batch: list[tuple[int, dict[str, Any]]]) -> None:
        pk = table.model._meta.pk
        quote = connection.ops.quote_name
        columns = [pk.column, *(field.column for field in table.columns)]
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(table.model._meta.db_table),
            ", ".join(quote(column) for column in columns),
            ", ".join(["%s"] * len(columns)),
        )
        params = [
            [
                self._value(table, pk, row["pk"], number),
                *(
                    self._value(table, field, row["fields"][field.name], number)
                    for field in table.columns
                ),
            ]
            for number, row in batch
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)

    def _value(self, table: Table, field: models.Field, value: Any, number: int) -> Any:
        """A value of the file as the database takes it for `field`."""
        if value is None:
            return None
        try:
            if field.is_relation:
                if table.by_natural_key(field):
                    value = self.names.pk_of(field.related_model, value)
                return field.get_db_prep_save(field.target_field.to_python(value), connection)
            return field.get_db_prep_save(field.to_python(value), connection)
        except ValidationError as error:
            raise BackupError(
                f"Line {number}: {table.label}.{field.name} cannot be {value!r}: "
                f"{' '.join(error.messages)}"
            ) from None

    def _merge(self, table: Table, row: dict[str, Any], number: int) -> None:
        """A group: the one of that name if the migrations made it, else a new one."""
        model = table.model
        try:
            found = model._default_manager.get_by_natural_key(*row["pk"])
        except model.DoesNotExist:
            found = model()
        except TypeError:
            raise BackupError(f"Line {number}: {row['pk']!r} is not a {table.label} key.") from None
        for field in table.columns:
            setattr(found, field.attname, field.to_python(row["fields"][field.name]))
        found.save()
        for field in table.named_lists:
            keys = row["fields"][field.name]
            getattr(found, field.name).set(
                [self.names.pk_of(field.related_model, key) for key in keys]
            )

    def _link_named(self, table: Table, batch: list[tuple[int, dict[str, Any]]]) -> None:
        """A batch's uncarried many-to-many (a user's groups), through their own tables."""
        for field in table.named_lists:
            through = field.remote_field.through
            own = through._meta.get_field(field.m2m_field_name()).attname
            other = through._meta.get_field(field.m2m_reverse_field_name()).attname
            pk_field = table.model._meta.pk
            through._base_manager.bulk_create(
                through(
                    **{
                        own: pk_field.to_python(row["pk"]),
                        other: self.names.pk_of(field.related_model, key),
                    }
                )
                for _, row in batch
                for key in row["fields"][field.name]
            )


def _decoded(line: bytes, number: int) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except ValueError:
        raise BackupError(f"Line {number} is not valid JSON.") from None
    if (
        not isinstance(row, dict)
        or row.keys() != {"model", "pk", "fields"}
        or not isinstance(row["fields"], dict)
    ):
        raise BackupError(f"Line {number} is not a ledger row (model, pk and fields).")
    return row
