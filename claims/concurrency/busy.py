"""SQLite's "database is locked", answered as a busy ledger instead of a server error.

Writers on SQLite queue for the one write lock (`BEGIN IMMEDIATE`, a 20 s timeout: settings),
and the ledger's writes take milliseconds, so a writer that waited the whole timeout means
something is badly wrong. Should it happen, the editor still gets a plain answer, 503 with
Retry-After, saying that nothing was saved: every write runs in its own transaction, which the
failed lock has left untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from claims.views.access import wants_partial

logger = logging.getLogger(__name__)

TEMPLATE = "concurrency/busy.html"
RETRY_AFTER_SECONDS = 5


def is_lock_timeout(error: Exception) -> bool:
    return isinstance(error, OperationalError) and "database is locked" in str(error)


class BusyLedgerMiddleware:
    """Turn a lock timeout raised by a view into the busy answer; other errors go on as they are."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_lock_timeout(exception):
            return None
        logger.warning(
            "%s %s waited out the write lock: %s", request.method, request.path, exception
        )
        partial = wants_partial(request)
        response = render(
            request,
            f"{TEMPLATE}#message" if partial else TEMPLATE,
            {"retry": RETRY_AFTER_SECONDS},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        if partial:
            # The message goes where flash messages go; the part of the page asked for stays.
            response["HX-Retarget"] = "#messages"
            response["HX-Reswap"] = "innerHTML"
        return response
