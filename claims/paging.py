"""Pages of a list that never count the whole list.

Django's Paginator counts every matching row on every request, to number the last page: at a
million claims that count is most of the page's time. A `Page` here fetches one row more
than it shows, to know whether a next page exists, and counts at most `COUNT_CAP` rows, so
a long list says "1,000+ claims" honestly and at the cost of a thousand rows, not a million.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.formats import number_format

COUNT_CAP = 1000
# Deeper than anyone pages by hand; past it a number is only a way to make the database skip rows.
MAX_PAGE = 100_000


@dataclass(frozen=True)
class CappedCount:
    """How many rows there are, up to COUNT_CAP: shown as "25", or "1,000+" past the cap."""

    value: int
    capped: bool

    def __str__(self) -> str:
        return number_format(self.value, force_grouping=True) + ("+" if self.capped else "")


def count_of(rows: QuerySet) -> CappedCount:
    """Count `rows`, reading no further than one row past COUNT_CAP."""
    # A sliced queryset is counted over a subquery: COUNT(*) FROM (... LIMIT 1001).
    counted = rows.order_by().values("pk")[: COUNT_CAP + 1].count()
    return CappedCount(value=min(counted, COUNT_CAP), capped=counted > COUNT_CAP)


@dataclass(frozen=True)
class Page:
    """One page of rows, numbered from 1, with whether more follow and a capped count."""

    rows: list[Any]
    number: int
    has_next: bool
    count: CappedCount

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> Any:
        return self.rows[index]

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def page_number(value: str | int | None) -> int:
    """The page asked for; anything that is not a page number means the first."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MAX_PAGE else 1


def page_of(rows: QuerySet, number: str | int | None, per_page: int) -> Page:
    """The `number`th page of `rows` (an ordered queryset), in two queries of bounded size."""
    number = page_number(number)
    start = (number - 1) * per_page
    fetched = list(rows[start : start + per_page + 1])
    count = count_of(rows)
    if not fetched and number > 1:
        # Past the end (an old link, a list that shrank): the last page when the count says
        # where that is, the first when the list is longer than it counts.
        last = 1 if count.capped else max(1, math.ceil(count.value / per_page))
        return page_of(rows, last, per_page)
    return Page(
        rows=fetched[:per_page],
        number=number,
        has_next=len(fetched) > per_page,
        count=count,
    )
