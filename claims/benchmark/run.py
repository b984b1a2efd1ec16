"""The benchmark's steps, as the command runs them: a ledger ready, its pages measured, a report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from time import perf_counter
from typing import TextIO

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test.utils import override_settings

from claims.benchmark.databases import (
    LedgerDatabase,
    analyze,
    bulk_loading,
    read_marker,
    write_marker,
)
from claims.benchmark.ledger import LOADTEST_USER, LedgerBuilder, Targets
from claims.benchmark.measure import Bench, PageResult
from claims.benchmark.pages import benchmark_pages


@dataclass(frozen=True)
class Ledger:
    targets: Targets
    build_seconds: float
    reused: bool


def prepare_ledger(
    database: LedgerDatabase, *, reuse: bool, progress: Callable[[int], None]
) -> Ledger:
    """The complete ledger of this size: the one there if `reuse` allows, else a new one."""
    if reuse and database.exists():
        with database.connected():
            found = read_marker(database.claims)
        if found is not None:
            return Ledger(*found, reused=True)
    database.drop()
    database.create()
    with database.connected():
        start = perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        with bulk_loading():
            targets = LedgerBuilder(database.claims, progress).build()
        analyze()
        seconds = perf_counter() - start
        write_marker(database.claims, targets, seconds)
    return Ledger(targets, round(seconds, 1), reused=False)


def measure_pages(
    database: LedgerDatabase,
    targets: Targets,
    *,
    requests: int,
    warmup: int,
    admin_requests: int,
    report: Callable[[str, PageResult], None],
) -> dict[str, PageResult]:
    """Every benchmark page measured on the ledger, signed in as its load-test editor."""
    # DEBUG off, as served: no query log, no debug cursor in the timings.
    measuring = override_settings(
        ROOT_URLCONF="claims.benchmark.urls", ALLOWED_HOSTS=["testserver"], DEBUG=False
    )
    results = {}
    with database.connected(), measuring:
        bench = Bench(
            User.objects.get(username=LOADTEST_USER),
            requests=requests,
            warmup=warmup,
            admin_requests=admin_requests,
        )
        for page in benchmark_pages(targets):
            results[page.name] = bench.page(page)
            report(page.name, results[page.name])
    return results


def summary(database: LedgerDatabase, build_seconds: float, results: dict[str, PageResult]) -> dict:
    """The report in the shape issue 6 asks for."""
    return {
        "backend": database.vendor,
        "claims": database.claims,
        "build_seconds": build_seconds,
        "pages": {name: asdict(result) for name, result in results.items()},
    }


def table(results: dict[str, PageResult]) -> str:
    """The results as a Markdown table, with each page's ratio to its floor and to the admin."""
    lines = [
        "| page | p50 ms | p95 ms | queries | HTML KB | floor p50 ms | × floor | admin p50 ms | admin ÷ page |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        over_floor = f"{r.p50_ms / r.floor_p50_ms:.1f}" if r.floor_p50_ms else "–"
        admin = "–" if r.admin_p50_ms is None else f"{r.admin_p50_ms:.1f}"
        versus = "–" if r.admin_p50_ms is None else f"{r.admin_p50_ms / r.p50_ms:.1f}"
        lines.append(
            f"| {name} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.queries} | {r.html_kb:.1f} "
            f"| {r.floor_p50_ms:.2f} | {over_floor} | {admin} | {versus} |"
        )
    return "\n".join(lines)


class ProgressBar:
    """A one-line bar on a terminal (and a line per step elsewhere): claims written so far."""

    def __init__(self, stream: TextIO, total: int, width: int = 30) -> None:
        self.stream = stream
        self.total = total
        self.width = width
        self.start = perf_counter()

    def __call__(self, done: int) -> None:
        filled = self.width * done // self.total
        bar = "#" * filled + "-" * (self.width - filled)
        ending = "\n" if done >= self.total or not self.stream.isatty() else ""
        self.stream.write(
            f"\rbuilding [{bar}] {done:,}/{self.total:,} claims {perf_counter() - self.start:.0f} s"
            + ending
        )
        self.stream.flush()
