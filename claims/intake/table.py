"""The proposals table: each proposal of a run as a row the editor reviews and edits.

A row starts from what the extractor proposed and takes the editor's edits from the posted
form (`row-N-speaker`, `row-N-quote`, …). Building a table costs the same few queries for 5
proposals as for 50: the speakers are matched in one query, the claims already recorded in
the source in one, and the ledger claims suggested as targets in one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.text import normalize_newlines

from claims.autocomplete import REFERENCE
from claims.intake.models import Intake
from claims.models import Actor, Claim, ClaimKind, Relation, name_key
from claims.text import ELLIPSIS, around, shortened

SUMMARY_LENGTH = Claim._meta.get_field("summary").max_length
# Characters of the article shown on each side of a quote.
CONTEXT = 60
LEDGER_TARGET = re.compile(r"c([0-9]{1,18})")
ARTICLE_TARGET = re.compile(r"p([0-9]{1,6})")
# What the table posts for each row N, as `row-N-<field>`.
ROW_FIELDS = ("speaker", "quote", "kind", "target", "relation", "summary")


@dataclass
class Row:
    """One proposal as the table shows it, with the editor's edits and what is wrong."""

    index: int
    speaker: str  # as typed, or "Name (#id)" for an actor on record
    speaker_title: str
    quote: str
    start: int
    end: int
    kind: str
    target: str  # "" for none, "pN" for proposal N of the run, "cN" for ledger claim N
    relation: str
    summary: str
    why: str
    actor: Actor | None = None
    selected: bool = False
    recorded: Claim | None = None  # the claim already quoting this span for this speaker
    before: str = ""
    after: str = ""
    errors: list[str] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)  # targets it may answer

    @property
    def prefix(self) -> str:
        return f"row-{self.index}"

    @property
    def speaker_name(self) -> str:
        return self.actor.name if self.actor else self.speaker


@dataclass
class Table:
    intake: Intake
    rows: list[Row]
    ledger_claims: dict[int, Claim]
    problem: str = ""  # what stopped an accept, said above the table

    def target_choices(self, row: Row) -> list[tuple[str, str]]:
        """What a row may answer: another proposal of the article, or a suggested ledger claim."""
        choices = [("", "nothing")]
        choices += [
            (f"p{other.index}", f"#{other.index + 1} {_said(other.speaker_name, other.quote)}")
            for other in self.rows
            if other.index != row.index
        ]
        suggested = self.intake.proposals[row.index].get("ledger_targets", [])
        choices += [
            (f"c{pk}", f"ledger #{pk} {_said(claim.speaker.name, claim.summary)}")
            for pk in suggested
            if (claim := self.ledger_claims.get(pk)) is not None
        ]
        if row.target and row.target not in {value for value, _ in choices}:
            choices.append((row.target, f"as chosen ({row.target})"))
        return choices

    @property
    def errors(self) -> bool:
        return any(row.errors for row in self.rows)


def _said(speaker: str, words: str) -> str:
    return f"{speaker or 'unnamed'}: {shortened(words, 60)}"


def build(intake: Intake, data: Mapping | None = None) -> Table:
    """The run's proposals as rows, with the edits in `data` (a posted form) applied."""
    text = intake.source.text
    rows = [_row(index, proposal) for index, proposal in enumerate(intake.proposals)]
    if data is not None:
        chosen = set(data.getlist("accept")) if hasattr(data, "getlist") else set()
        for row in rows:
            _apply(row, data, text)
            row.selected = str(row.index) in chosen
    _resolve_speakers(rows)
    mark_recorded(intake.source_id, rows)
    for row in rows:
        if not row.errors and 0 <= row.start <= row.end <= len(text):
            row.before, row.after = around(text, row.start, row.end, CONTEXT, ELLIPSIS)
    ledger_ids = {pk for proposal in intake.proposals for pk in proposal.get("ledger_targets", [])}
    ledger_claims = Claim.objects.select_related("speaker").in_bulk(ledger_ids)
    built = Table(intake=intake, rows=rows, ledger_claims=ledger_claims)
    for row in rows:
        row.choices = built.target_choices(row)
        if data is None:
            row.selected = row.recorded is None
    return built


def _row(index: int, proposal: dict) -> Row:
    responds_to = proposal.get("responds_to")
    quote = proposal["quote"]
    return Row(
        index=index,
        speaker=proposal.get("speaker", ""),
        speaker_title=proposal.get("speaker_title", ""),
        quote=quote,
        start=proposal["start"],
        end=proposal["end"],
        kind=proposal.get("kind", ClaimKind.ASSERTION),
        target=f"p{responds_to}" if responds_to is not None else _first_ledger(proposal),
        relation=proposal.get("relation") or (Relation.DENIES if responds_to is not None else ""),
        summary=shortened(quote, SUMMARY_LENGTH),
        why=proposal.get("why", ""),
    )


def _first_ledger(proposal: dict) -> str:
    targets = proposal.get("ledger_targets") or []
    return f"c{targets[0]}" if targets else ""


def _apply(row: Row, data: Mapping, text: str) -> None:
    """Take the editor's edits of one row; an edited quote is anchored anew in the text."""
    value = lambda name, default: str(data.get(f"{row.prefix}-{name}", default))  # noqa: E731
    row.speaker = value("speaker", row.speaker).strip()
    row.kind = value("kind", row.kind)
    row.target = value("target", row.target).strip()
    row.relation = value("relation", row.relation)
    row.summary = value("summary", row.summary).strip()
    quote = normalize_newlines(value("quote", row.quote))
    if quote != row.quote:
        _anchor(row, quote, text)


def _anchor(row: Row, quote: str, text: str) -> None:
    row.quote = quote
    if not quote.strip():
        row.errors.append("The quote is empty: give the exact words from the text.")
        return
    at = text.find(quote)
    if at == -1:
        row.errors.append("This quote is not in the article’s text: copy the words exactly.")
        return
    if text.find(quote, at + 1) != -1:
        row.errors.append("This quote appears more than once in the text: quote a longer passage.")
        return
    row.start, row.end = at, at + len(quote)


def _resolve_speakers(rows: list[Row]) -> None:
    """Each row's actor: the one a "Name (#id)" names, or one whose name or alias it is."""
    ids = {int(m["pk"]) for row in rows if (m := REFERENCE.fullmatch(row.speaker))}
    named = [row.speaker for row in rows if not REFERENCE.fullmatch(row.speaker)]
    by_id = Actor.objects.in_bulk(ids) if ids else {}
    by_name = Actor.objects.named(named)
    for row in rows:
        reference = REFERENCE.fullmatch(row.speaker)
        if reference:
            row.actor = by_id.get(int(reference["pk"]))
            if row.actor is None:
                row.errors.append("That actor is no longer on record: type the speaker’s name.")
        else:
            row.actor = by_name.get(name_key(row.speaker))
        if row.actor is not None:
            row.speaker = f"{row.actor.name} (#{row.actor.pk})"


def mark_recorded(source_id: int, rows: list[Row]) -> None:
    """Mark the rows whose span this source already quotes for the same speaker."""
    recorded = {
        (claim.quote_start, claim.quote_end, claim.speaker_id): claim
        for claim in Claim.objects.filter(
            source=source_id, quote_start__in={row.start for row in rows}
        ).only("pk", "quote_start", "quote_end", "speaker_id")
    }
    for row in rows:
        if row.actor is not None:
            row.recorded = recorded.get((row.start, row.end, row.actor.pk))
