"""`python manage.py benchmark --claims N`: the pages timed on a synthetic ledger of N claims.

See claims/benchmark/ for what is built and measured, and the README for how to run it.
"""

import json
import os
from argparse import ArgumentTypeError
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.benchmark import run
from claims.benchmark.databases import LedgerDatabase
from claims.benchmark.ledger import LOADTEST_PASSWORD, LOADTEST_USER
from claims.benchmark.measure import PageFailed, PageResult

SMALLEST_LEDGER = 100


def count(minimum: int) -> Callable[[str], int]:
    """An option type: a whole number of at least `minimum`."""

    def parse(value: str) -> int:
        number = int(value)
        if number < minimum:
            raise ArgumentTypeError(f"must be at least {minimum}")
        return number

    return parse


class Command(BaseCommand):
    help = (
        "Build (or reuse) a synthetic ledger of N claims in a database of its own and time "
        "every page on it against its own SQL and against the stock Django admin."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--claims", type=count(SMALLEST_LEDGER), default=100_000)
        parser.add_argument("--json", dest="json_path", type=Path, help="Write the results here.")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Use a complete ledger of this size if there is one.",
        )
        parser.add_argument(
            "--build-only",
            action="store_true",
            help="Build or reuse the ledger, then print its DATABASE_URL as the last line.",
        )
        parser.add_argument(
            "--drop", action="store_true", help="Delete the ledger afterwards, even on failure."
        )
        parser.add_argument("--requests", type=count(1), default=50, help="Timed requests a page.")
        parser.add_argument("--warmup", type=count(0), default=3, help="Untimed requests first.")
        parser.add_argument(
            "--admin-requests", type=count(1), default=10, help="Timed requests an admin view."
        )

    def handle(self, *args, claims: int, build_only: bool, drop: bool, **options) -> None:
        if build_only and drop:
            raise CommandError("--build-only keeps the ledger for serving; leave out --drop.")
        database = LedgerDatabase(claims)
        try:
            self.benchmark(database, build_only=build_only, **options)
        except PageFailed as error:
            raise CommandError(f"A page failed, so nothing was measured: {error}") from error
        finally:
            if drop:
                database.drop()

    def benchmark(self, database: LedgerDatabase, *, build_only: bool, **options) -> None:
        verbose = options["verbosity"] > 0
        progress = run.ProgressBar(self.stderr, database.claims) if verbose else lambda done: None
        ledger = run.prepare_ledger(database, reuse=options["reuse"], progress=progress)
        how = "reused" if ledger.reused else "built"
        if verbose:
            self.stderr.write(
                f"Ledger of {database.claims:,} claims {how} ({database.vendor}: {database.name}); "
                f"building took {ledger.build_seconds:.1f} s."
            )
        if build_only:
            self.stdout.write(f"Sign in as {LOADTEST_USER!r} with password {LOADTEST_PASSWORD!r}.")
            self.stdout.write(database.url)
            return

        def report(name: str, result: PageResult) -> None:
            if verbose:
                self.stderr.write(f"  {name}: p50 {result.p50_ms:.1f} ms, {result.queries} queries")

        results = run.measure_pages(
            database,
            ledger.targets,
            requests=options["requests"],
            warmup=options["warmup"],
            admin_requests=options["admin_requests"],
            report=report,
        )
        self.stdout.write(run.table(results))
        # Timings on a shared machine mean little without knowing how busy it was.
        load = os.getloadavg()[0]
        self.stdout.write(f"Load average at the end: {load:.1f} on {os.cpu_count()} cores.")
        if options["json_path"]:
            data = run.summary(database, ledger.build_seconds, results)
            options["json_path"].parent.mkdir(parents=True, exist_ok=True)
            options["json_path"].write_text(json.dumps(data, indent=2) + "\n")
