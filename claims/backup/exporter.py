"""Writes the ledger to a file, streaming: memory stays flat however many claims there are.

Rows are read a page at a time by primary key (`pk > last ORDER BY pk LIMIT n`), which needs
no server-side cursor (so it holds behind a transaction-mode pooler too), and all pages are
read in one transaction that sees one moment of the ledger: REPEATABLE READ on PostgreSQL, a
deferred read transaction on SQLite (WAL keeps its snapshot, and editors keep writing).

The body goes to a temporary file while its checksum is taken; the header, which needs that
checksum, is then written into a second temporary file, the body copied after it, and that
file renamed onto PATH, so PATH is either the complete backup or untouched. Both files are created readable by their owner
only: a backup holds the users' password hashes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from claims.backup.format import FORMAT, VERSION, Header, app_version, encode_line, plain
from claims.backup.names import NaturalKeys
from claims.backup.plan import Table, ledger_tables

PAGE = 2_000
BUFFER = 1 << 20


def export_ledger(path: Path, *, history: bool = False) -> Header:
    """Write the whole ledger (and its history, if asked) to `path`; returns the header."""
    tables = ledger_tables(history=history)
    names = NaturalKeys()
    digest, counts, rows = hashlib.sha256(), {}, 0
    with _temporary(path, "body") as body_path, _temporary(path, "whole") as whole_path:
        with _one_moment(), open(body_path, "wb", buffering=BUFFER) as body:
            for table in tables:
                counts[table.label] = 0
                for row in _rows(table, names):
                    line = encode_line(row)
                    body.write(line)
                    digest.update(line)
                    counts[table.label] += 1
                rows += counts[table.label]
        header = Header(
            format=FORMAT,
            version=VERSION,
            app_version=app_version(),
            history=history,
            counts=counts,
            rows=rows,
            sha256=digest.hexdigest(),
        )
        with open(whole_path, "wb") as whole, open(body_path, "rb") as body:
            whole.write(header.encode())
            shutil.copyfileobj(body, whole, BUFFER)
        os.replace(whole_path, path)
    return header


@contextmanager
def _temporary(path: Path, role: str) -> Iterator[Path]:
    """A file beside `path` (mode 0600, same file system so it can be renamed onto it)."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=f".{role}")
    os.close(handle)
    try:
        yield Path(name)
    finally:
        with suppress(FileNotFoundError):
            os.remove(name)


@contextmanager
def _one_moment() -> Iterator[None]:
    """One consistent view of the ledger for the whole export, while the desk keeps writing."""
    if connection.in_atomic_block:
        yield  # the caller's transaction fixes the view already
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    else:
        # Django's atomic() begins IMMEDIATE here (settings), which would hold the write lock,
        # and keep every editor waiting, for the whole export. A deferred transaction only
        # reads: WAL gives it a snapshot from its first read on, and writers carry on.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")


def _rows(table: Table, names: NaturalKeys) -> Iterator[dict[str, Any]]:
    if table.merged:
        # Groups: a handful of roles, identified by name whatever their ids.
        found = [
            (names.key_of(table.model, pk), pk)
            for pk in table.model._default_manager.values_list("pk", flat=True)
        ]
        for key, pk in sorted(found):
            values = table.model._default_manager.values_list(
                *(field.attname for field in table.columns)
            ).get(pk=pk)
            yield _row(table, key, values, _named_lists(table, [pk], names).get(pk, {}), names)
        return
    for page in _pages(table):
        lists = _named_lists(table, [values[0] for values in page], names)
        for pk, *values in page:
            yield _row(table, plain(pk), values, lists.get(pk, {}), names)


def _pages(table: Table) -> Iterator[list[tuple]]:
    rows = table.model._base_manager.order_by("pk").values_list(
        "pk", *(field.attname for field in table.columns)
    )
    page = list(rows[:PAGE])
    while page:
        yield page
        page = list(rows.filter(pk__gt=page[-1][0])[:PAGE]) if len(page) == PAGE else []


def _row(
    table: Table, pk: Any, values: Any, lists: dict[str, list], names: NaturalKeys
) -> dict[str, Any]:
    fields = {
        field.name: names.key_of(field.related_model, value)
        if value is not None and table.by_natural_key(field)
        else plain(value)
        for field, value in zip(table.columns, values, strict=True)
    }
    for field in table.named_lists:
        fields[field.name] = lists.get(field.name, [])
    return {"model": table.label, "pk": pk, "fields": fields}


def _named_lists(table: Table, pks: list[Any], names: NaturalKeys) -> dict[Any, dict[str, list]]:
    """For a page of rows: {pk: {field: sorted natural keys}} of its uncarried many-to-many."""
    found: dict[Any, dict[str, list]] = defaultdict(dict)
    for field in table.named_lists:
        through = field.remote_field.through
        own = through._meta.get_field(field.m2m_field_name()).attname
        other = through._meta.get_field(field.m2m_reverse_field_name()).attname
        targets: dict[Any, list] = defaultdict(list)
        for pk, target in through._base_manager.filter(**{f"{own}__in": pks}).values_list(
            own, other
        ):
            targets[pk].append(target)
        for pk, chosen in targets.items():
            found[pk][field.name] = names.sorted_keys(field.related_model, chosen)
    return found
