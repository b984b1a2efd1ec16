"""Accepting proposals: the selected rows become actors, anchored claims and links, together
or not at all.

Every selected row is checked before anything is written, and the writes run in one
transaction that any refusal rolls back, so the editor gets the table again with each row's
problem beside it and the ledger exactly as it was. Rows already recorded (the same span of
the same source quoted for the same speaker) are skipped, so accepting twice records once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.intake.actors import NAME_LENGTH, guess_kind
from claims.intake.table import (
    ARTICLE_TARGET,
    LEDGER_TARGET,
    SUMMARY_LENGTH,
    Row,
    Table,
    mark_recorded,
)
from claims.models import Actor, Claim, ClaimKind, ClaimLink, Incident, Relation, Source, name_key


@dataclass
class Accepted:
    claims: list[Claim]
    links: list[ClaimLink]
    actors: list[Actor]


class Refused(Exception):
    """Some selected row cannot be accepted; each says why in its `errors`."""


def accept(table: Table, by: AbstractBaseUser, incident: Incident | None = None) -> Accepted | None:
    """Record the selected rows of `table`; None, with row errors, when any is refused."""
    chosen = [row for row in table.rows if row.selected]
    if not chosen:
        table.problem = "Tick the proposals to accept."
        return None
    try:
        with transaction.atomic():
            # Accepts of one source queue up here, so a double submit records once.
            source = (
                Source.objects.select_for_update()
                .only("pk", "published_at")
                .get(pk=table.intake.source_id)
            )
            # Read again under the lock: another accept may just have recorded some rows.
            mark_recorded(source.pk, table.rows)
            chosen = [row for row in chosen if row.recorded is None]
            _check(table, chosen, by)
            if table.errors:
                raise Refused
            actors = _new_actors(chosen)
            claims = {row.index: _claim(row, source, incident, by) for row in chosen}
            if table.errors:
                raise Refused
            links = [_link(row, claims, table, by) for row in chosen if row.target]
            if table.errors:
                raise Refused
    except Refused:
        table.problem = "Nothing was recorded: correct the rows marked below."
        return None
    except IntegrityError:
        # An actor of the same name, or the same link, recorded by someone else meanwhile.
        table.problem = (
            "Someone recorded some of this at the same moment, so nothing was saved. "
            "Reload the page and try again."
        )
        return None
    return Accepted(claims=list(claims.values()), links=links, actors=actors)


def _check(table: Table, chosen: list[Row], by: AbstractBaseUser) -> None:
    accepted = {row.index for row in chosen}
    seen: dict[tuple, int] = {}
    for row in chosen:
        same = seen.setdefault((row.start, row.end, name_key(row.speaker_name)), row.index)
        if same != row.index:
            row.errors.append(f"The same words of the same speaker as #{same + 1}: accept one.")
        if not row.speaker:
            row.errors.append("Name the speaker: pick an actor or type a new name.")
        elif row.actor is None and len(row.speaker) > NAME_LENGTH:
            row.errors.append(f"A speaker’s name is at most {NAME_LENGTH} characters.")
        elif row.actor is None and not by.has_perm("claims.add_actor"):
            row.errors.append("You may not add actors: pick a speaker already on record.")
        if row.kind not in ClaimKind.values:
            row.errors.append("Choose the kind of statement.")
        if not row.summary:
            row.errors.append("Write a one-line summary.")
        elif len(row.summary) > SUMMARY_LENGTH:
            row.errors.append(
                f"The summary is {len(row.summary)} characters: keep it to {SUMMARY_LENGTH}."
            )
        if row.target:
            _check_target(row, table, accepted, by)


def _check_target(row: Row, table: Table, accepted: set[int], by: AbstractBaseUser) -> None:
    if row.relation not in Relation.values:
        row.errors.append("Choose how it answers its target (denies, disputes…).")
    if not by.has_perm("claims.add_claimlink"):
        row.errors.append("You may not link claims: set its target to nothing.")
    article, ledger = ARTICLE_TARGET.fullmatch(row.target), LEDGER_TARGET.fullmatch(row.target)
    if article:
        index = int(article[1])
        if index == row.index or index >= len(table.rows):
            row.errors.append("A statement cannot answer itself.")
        elif index not in accepted and table.rows[index].recorded is None:
            row.errors.append(
                f"It answers #{index + 1}, which is not accepted: tick it too, or choose another target."
            )
    elif not ledger:
        row.errors.append("Choose its target from the list.")


def _new_actors(chosen: list[Row]) -> list[Actor]:
    """Create each speaker not on record once, however many rows name them."""
    created: dict[str, Actor] = {}
    for row in chosen:
        if row.actor is None:
            name = " ".join(row.speaker.split())
            if name_key(name) not in created:
                actor = Actor(name=name, kind=guess_kind(name), title=row.speaker_title[:200])
                actor.full_clean(validate_constraints=False)
                actor.save()
                created[name_key(name)] = actor
            row.actor = created[name_key(name)]
    return list(created.values())


def _claim(row: Row, source: Source, incident: Incident | None, by: AbstractBaseUser) -> Claim:
    claim = Claim(
        speaker=row.actor,
        source=source,
        incident=incident,
        kind=row.kind,
        summary=row.summary,
        quote=row.quote,
        quote_start=row.start,
        quote_end=row.end,
        stated_on=source.published_at.date() if source.published_at else None,
        created_by=by,
        updated_by=by,
    )
    return _saved(claim, row)


def _link(row: Row, claims: dict[int, Claim], table: Table, by: AbstractBaseUser) -> ClaimLink:
    article = ARTICLE_TARGET.fullmatch(row.target)
    if article:
        index = int(article[1])
        target = claims.get(index) or table.rows[index].recorded
        target_id = target.pk
    else:
        target_id = int(LEDGER_TARGET.fullmatch(row.target)[1])
    link = ClaimLink(
        from_claim=claims[row.index], to_claim_id=target_id, relation=row.relation, created_by=by
    )
    return _saved(link, row)


def _saved(obj: Claim | ClaimLink, row: Row) -> Claim | ClaimLink:
    """Save `obj` if the model finds it valid; its refusals go to the row that made it."""
    try:
        obj.full_clean()
    except ValidationError as error:
        row.errors.extend(error.messages)
        return obj
    obj.save()
    return obj
