"""Running extraction off the request: a small in-process worker and the run's lifecycle.

The intake POST saves the source and a pending run in one transaction and, once that has
committed, hands the run to a thread of this process, so the request returns at once and a
long text never holds a server worker. The page polls the run until it is done.

A thread of the process that took the request is enough here: extraction is pure Python and
takes well under a second, so a queue service would be more to run than the work it carries.
The price is that a run queued when its server stops is never started by it; the next poll
after `STALE_AFTER` hands it to the polling server's worker instead (`requeue_if_stale`).
Starting a run is a conditional update from pending to running, so two servers never both
run it.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import timedelta

from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from claims import pairing
from claims.intake.extraction import Proposal, extract
from claims.intake.models import Intake, IntakeStatus
from claims.models import Actor, Claim, ClaimKind, Relation, Source, name_key

logger = logging.getLogger(__name__)

WORKERS = 2
# Longer than any run takes; a run pending or running past it was lost with its server.
STALE_AFTER = timedelta(minutes=2)
# Ledger claims suggested as the target of a response the article itself does not answer.
LEDGER_TARGETS = 5

_executor: ThreadPoolExecutor | None = None
_futures: set[Future] = set()
_lock = threading.Lock()


def queue(intake: Intake) -> None:
    """Run `intake` in the background once the transaction that created it has committed."""
    transaction.on_commit(lambda: _submit(intake.pk))


def _submit(pk: int) -> None:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="intake")
        future = _executor.submit(_run_in_thread, pk)
        _futures.add(future)
    future.add_done_callback(_forget)


def _forget(future: Future) -> None:
    with _lock:
        _futures.discard(future)


def wait_for_queue(timeout: float = 30.0) -> None:
    """Block until every queued run has finished (for tests and orderly shutdowns)."""
    with _lock:
        pending = set(_futures)
    _, not_done = wait(pending, timeout=timeout)
    if not_done:
        raise TimeoutError(f"{len(not_done)} intake run(s) still running after {timeout} s")


def _run_in_thread(pk: int) -> None:
    close_old_connections()
    try:
        run(pk)
    finally:
        # The thread outlives the run: leave no connection open between runs.
        connection.close()


def run(pk: int) -> None:
    """Extract the run's proposals from its source's text, if no one has started it yet."""
    started = Intake.objects.filter(pk=pk, status=IntakeStatus.PENDING).update(
        status=IntakeStatus.RUNNING, started_at=timezone.now()
    )
    if not started:
        return
    try:
        source = Source.objects.only("text", "published_at").get(intakes=pk)
        proposals = extract(source.text)
        speakers = Actor.objects.named(proposal.speaker for proposal in proposals)
        found = [
            {
                **proposal.as_json(),
                "ledger_targets": ledger_targets(
                    proposal, source, speakers.get(name_key(proposal.speaker))
                ),
            }
            for proposal in proposals
        ]
    except Exception as error:  # any failure is the run's to report, not the thread's to lose
        logger.exception("intake run %s failed", pk)
        Intake.objects.filter(pk=pk).update(
            status=IntakeStatus.FAILED,
            error=f"Extraction failed: {type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return
    Intake.objects.filter(pk=pk).update(
        status=IntakeStatus.DONE, proposals=found, finished_at=timezone.now()
    )


def ledger_targets(proposal: Proposal, source: Source, speaker: Actor | None) -> list[int]:
    """Ledger claims that a denial or dispute with no target in its article may answer."""
    answers = proposal.kind == ClaimKind.DENIAL or proposal.relation in (
        Relation.DENIES,
        Relation.DISPUTES,
    )
    if not answers or proposal.responds_to is not None:
        return []
    response = Claim(
        speaker_id=speaker.pk if speaker else None,
        kind=proposal.kind,
        quote=proposal.quote,
        summary=proposal.quote,
        stated_on=source.published_at.date() if source.published_at else None,
    )
    return [suggestion.claim.pk for suggestion in pairing.suggest(response, LEDGER_TARGETS)]


def requeue_if_stale(intake: Intake) -> bool:
    """Queue again a run that its server left unfinished; True if it was."""
    if intake.finished:
        return False
    cutoff = timezone.now() - STALE_AFTER
    lost = Q(status=IntakeStatus.PENDING, queued_at__lt=cutoff) | Q(
        status=IntakeStatus.RUNNING, started_at__lt=cutoff
    )
    with transaction.atomic():
        reset = Intake.objects.filter(lost, pk=intake.pk).update(
            status=IntakeStatus.PENDING, queued_at=timezone.now(), started_at=None
        )
        if reset:
            queue(intake)
    if reset:
        intake.refresh_from_db()
    return bool(reset)


def start(source: Source, by: object) -> Intake:
    """A new pending run over `source`, queued to start once the caller's transaction commits."""
    intake = Intake.objects.create(source=source, created_by=by)
    queue(intake)
    return intake
