"""The benchmark's own database, of the engine the app runs on, and pointing Django at it.

A ledger of N claims lives in `var/benchmark/ledger-N.sqlite3` on SQLite, or in the database
`counterclaim_bench_N` on the PostgreSQL server that DATABASE_URL names. While the benchmark
works, the default connection is swapped for one to the ledger, so the pages, the admin and
every query they run use it unchanged; the original connection is put back afterwards, which
also lets a test run the command in the middle of its own test database.

A ledger is complete once the `benchmark_ledger` row is written, last of all: it records the
size, the generator's version and the migrations it was built under, so `--reuse` never
picks up a half-built ledger or one whose schema has since moved on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.loader import MigrationLoader

from claims.benchmark.ledger import VERSION, Targets

LEDGER_DIR = Path(settings.VAR_DIR) / "benchmark"
MARKER = "benchmark_ledger"


class LedgerDatabase:
    """Where the ledger of a given size lives, on the engine the app is configured for."""

    def __init__(self, claims: int) -> None:
        self.claims = claims
        self.original = connections[DEFAULT_DB_ALIAS]
        self.vendor = self.original.vendor
        if self.vendor == "sqlite":
            name = str(LEDGER_DIR / f"ledger-{claims}.sqlite3")
        else:
            name = f"counterclaim_bench_{claims}"
        self.settings_dict = {**self.original.settings_dict, "NAME": name}

    @property
    def name(self) -> str:
        return self.settings_dict["NAME"]

    @property
    def url(self) -> str:
        """The ledger as a DATABASE_URL, for serving it with the app's own settings."""
        if self.vendor == "sqlite":
            return f"sqlite:///{self.name}"
        s = self.settings_dict
        credentials = quote(s["USER"] or "", safe="")
        if s["PASSWORD"]:
            credentials += ":" + quote(s["PASSWORD"], safe="")
        host = s["HOST"] or "localhost"
        port = f":{s['PORT']}" if s["PORT"] else ""
        return f"postgres://{credentials}{'@' if credentials else ''}{host}{port}/{self.name}"

    def exists(self) -> bool:
        if self.vendor == "sqlite":
            return Path(self.name).exists()
        with self.original._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name])
            return cursor.fetchone() is not None

    def create(self) -> None:
        """An empty database; drop() first if one is there."""
        if self.vendor == "sqlite":
            LEDGER_DIR.mkdir(parents=True, exist_ok=True)
            return
        with self.original._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {self.original.ops.quote_name(self.name)}")

    def drop(self) -> None:
        if self.vendor == "sqlite":
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(self.name + suffix).unlink(missing_ok=True)
            if LEDGER_DIR.exists() and not any(LEDGER_DIR.iterdir()):
                LEDGER_DIR.rmdir()
            return
        with self.original._nodb_cursor() as cursor:
            name = self.original.ops.quote_name(self.name)
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    @contextmanager
    def connected(self) -> Iterator[None]:
        """Make the default connection the ledger's for the duration."""
        ledger = self.original.__class__(self.settings_dict, alias=DEFAULT_DB_ALIAS)
        connections[DEFAULT_DB_ALIAS] = ledger
        # Content type ids are cached per alias; the ledger's need not match the other database's.
        ContentType.objects.clear_cache()
        try:
            yield
        finally:
            ledger.close()
            connections[DEFAULT_DB_ALIAS] = self.original
            ContentType.objects.clear_cache()


@contextmanager
def bulk_loading() -> Iterator[None]:
    """Settings for writing a fresh ledger fast: nothing in it is worth a journal until it is complete."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=OFF")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-1000000")  # 1 GB, in KiB
    yield
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")


def analyze() -> None:
    """Fresh planner statistics, as a database in service has them."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def migration_state() -> list[str]:
    """The latest migration of each app, as this checkout has them."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return sorted(f"{app}.{name}" for app, name in graph.leaf_nodes())


def write_marker(claims: int, targets: Targets, build_seconds: float) -> None:
    """Record the ledger as complete: the last thing a build writes."""
    record = {
        "version": VERSION,
        "migrations": migration_state(),
        "targets": asdict(targets),
        "build_seconds": round(build_seconds, 1),
    }
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {MARKER} (claims integer NOT NULL, record text NOT NULL)")
        cursor.execute(f"INSERT INTO {MARKER} VALUES (%s, %s)", [claims, json.dumps(record)])


def read_marker(claims: int) -> tuple[Targets, float] | None:
    """The targets and build time of a complete ledger of `claims` claims built as now, or None."""
    if MARKER not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT record FROM {MARKER} WHERE claims = %s", [claims])
        row = cursor.fetchone()
    if row is None:
        return None
    record = json.loads(row[0])
    if record["version"] != VERSION or record["migrations"] != migration_state():
        return None
    targets = {
        key: tuple(value) if isinstance(value, list) else value
        for key, value in record["targets"].items()
    }
    return Targets(**targets), record["build_seconds"]
