"""Timing a page three ways: through the app, as its own SQL alone (the floor), and in the admin.

- The page: warm-up requests first, then `requests` GETs through django.test.Client signed in
  as an editor, each timed with perf_counter around client.get() (the whole Django stack:
  middleware, view, queries, templates). One more request, not timed, counts its queries and
  records the SQL it ran.
- The floor: that recorded SQL re-executed statement by statement on a plain cursor with the
  same parameters, fetching every row, `requests` times. It is what the page would cost if
  Django, Python and the templates were free. The statements are recorded with an execute
  wrapper, which sees the real SQL and parameters; `connection.queries` holds a display copy
  with the parameters interpolated, which is not the query the database ran.
- The admin: the page's counterpart in the stock admin (see `pages`), timed like the page.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims.benchmark.pages import Page


class PageFailed(Exception):
    """A measured page did not answer 200: its timings would mean nothing."""


@dataclass(frozen=True)
class PageResult:
    p50_ms: float
    p95_ms: float
    queries: int
    html_kb: float
    floor_p50_ms: float
    admin_p50_ms: float | None


@dataclass(frozen=True)
class Statement:
    sql: str
    params: Any
    many: bool


class Bench:
    """Measures pages as `user`, `requests` times each after `warmup` untimed requests."""

    def __init__(self, user: User, requests: int, warmup: int, admin_requests: int) -> None:
        self.client = Client()
        self.client.force_login(user)
        self.requests = requests
        self.warmup = warmup
        self.admin_requests = admin_requests
        self.admin_p50: dict[str, float] = {}  # by URL: several pages share an admin view

    def page(self, page: Page) -> PageResult:
        requests = 1 if page.once else self.requests
        timings = self.timed(page.url, requests, warmup=0 if page.once else self.warmup)
        statements, queries, size = self.recorded(page.url)
        return PageResult(
            p50_ms=percentile(timings, 50),
            p95_ms=percentile(timings, 95),
            queries=queries,
            html_kb=round(size / 1024, 1),
            floor_p50_ms=percentile(self.floor(statements, requests), 50),
            admin_p50_ms=self.admin(page.admin_url),
        )

    def get(self, url: str) -> bytes:
        response = self.client.get(url)
        if response.status_code != 200:
            raise PageFailed(f"{url} answered {response.status_code}")
        # An export streams: reading it all is what makes it, queries included.
        return b"".join(response.streaming_content) if response.streaming else response.content

    def timed(self, url: str, count: int, warmup: int) -> list[float]:
        for _ in range(warmup):
            self.get(url)
        return [_timed(lambda: self.get(url)) for _ in range(count)]

    def recorded(self, url: str) -> tuple[list[Statement], int, int]:
        """The SQL one request runs, its query count and its HTML size in bytes."""
        statements: list[Statement] = []

        def record(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
            if many:
                params = list(params)
            statements.append(Statement(sql, params, many))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record), CaptureQueriesContext(connection) as captured:
            html = self.get(url)
        return statements, len(captured), len(html)

    def floor(self, statements: list[Statement], requests: int) -> list[float]:
        # In a transaction rolled back at the end, in case a page ever writes as it reads.
        with transaction.atomic(), connection.cursor() as cursor:
            timings = [_timed(lambda: _run(cursor, statements)) for _ in range(requests)]
            transaction.set_rollback(True)
        return timings

    def admin(self, url: str | None) -> float | None:
        if url is None:
            return None
        if url not in self.admin_p50:
            self.admin_p50[url] = percentile(self.timed(url, self.admin_requests, self.warmup), 50)
        return self.admin_p50[url]


def _run(cursor, statements: list[Statement]) -> None:
    for statement in statements:
        if statement.many:
            cursor.executemany(statement.sql, statement.params)
        else:
            cursor.execute(statement.sql, statement.params)
        if cursor.description is not None:
            cursor.fetchall()


def _timed(action: Callable[[], object]) -> float:
    start = perf_counter()
    action()
    return (perf_counter() - start) * 1000


def percentile(samples: list[float], rank: int) -> float:
    """The `rank`-th percentile in milliseconds, rounded to a hundredth."""
    if len(samples) == 1:
        return round(samples[0], 2)
    return round(statistics.quantiles(samples, n=100, method="inclusive")[rank - 1], 2)
