"""Sides: the root of each actor's affiliation chain, derived on demand and never stored.

A page loads a `SideMap` for the actors it shows, in one recursive query that walks up
from those actors to their roots, and looks each one's side up in memory. Its cost follows
the page (a few dozen actors, a few levels each), not the ledger: no page reads every actor.

We derive rather than store a side column because an affiliation edit (a new parent high
up a tree) would have to rewrite every actor below it, through every write path, the admin
and bulk updates included; a recursive walk over the `parent` index is never stale and costs
well under a millisecond for a page's actors. Going down a tree (every member of a side, for
the side filter) is a recursive subquery too: `Actor.objects.on_side(root)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models.expressions import RawSQL
from django.urls import reverse

PALETTE_SIZE = 6  # matches the --side-N colours in static/css/app.css


@dataclass(frozen=True)
class ActorRef:
    """An actor's id and name: enough to name and link it without loading the row."""

    id: int
    name: str

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actor_detail", args=[self.id])


@dataclass(frozen=True)
class Side:
    id: int
    name: str
    colour: int

    @property
    def css_class(self) -> str:
        return f"side-{self.colour}"

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class SideMap:
    """The sides of some actors: each one's root, and the chain of names up to it."""

    roots: dict[int, int]
    sides: dict[int, Side]
    parents: dict[int, int | None]
    names: dict[int, str]

    @classmethod
    def for_actors(cls, actor_ids: Iterable[int]) -> SideMap:
        """The sides of these actors (and of every actor up their chains), in one query."""
        ids = sorted({int(actor_id) for actor_id in actor_ids})
        if not ids:
            return cls(roots={}, sides={}, parents={}, names={})
        with connection.cursor() as cursor:
            cursor.execute(_chains_sql(len(ids)), ids)
            rows = cursor.fetchall()
        parents = {actor_id: parent_id for actor_id, parent_id, _, _ in rows}
        names = {actor_id: name for actor_id, _, name, _ in rows}
        ordinals = {actor_id: ordinal for actor_id, _, _, ordinal in rows}
        roots = resolve_roots(parents)
        sides = {
            root: Side(id=root, name=names[root], colour=_colour(root, ordinals[root]))
            for root in set(roots.values())
        }
        return cls(roots=roots, sides=sides, parents=parents, names=names)

    @classmethod
    def for_claims(cls, claims: Iterable[Any], *, actor_ids: Iterable[int] = ()) -> SideMap:
        """Load the sides of the claims' speakers (and of `actor_ids`), and set `claim.side`."""
        claims = list(claims)
        sides = cls.for_actors([*(claim.speaker_id for claim in claims), *actor_ids])
        for claim in claims:
            claim.side = sides.of(claim.speaker_id)
        return sides

    def of(self, actor_id: int) -> Side:
        return self.sides[self.roots[actor_id]]

    def chain(self, actor_id: int) -> list[ActorRef]:
        """The actor, then each parent up to its side, without a query per level."""
        chain, node = [], actor_id
        while node is not None and all(ref.id != node for ref in chain):
            chain.append(ActorRef(id=node, name=self.names[node]))
            node = self.parents[node]
        return chain


def _colour(root_id: int, ordinal: int | None) -> int:
    # A side's colour is its place among all sides in the order they were recorded, so it
    # stays put from page to page and the first sides of a ledger never share a colour.
    # A root that is not a true root (a loop written behind validation) falls back to its id.
    return (root_id if ordinal is None else ordinal) % PALETTE_SIZE


def _chains_sql(count: int) -> str:
    """Every actor up the chains of `count` given actors, with each root's ordinal."""
    table = _actor_table()
    placeholders = ", ".join(["%s"] * count)
    # UNION (not UNION ALL) drops rows already seen, so a loop in the data still ends. Each
    # step looks the parent up by primary key: written as a join, PostgreSQL hashed every
    # actor in the ledger to climb a few hundred chains (55 ms against 2 ms at 100k actors).
    return f"""
        WITH RECURSIVE up(id) AS (
            SELECT id FROM {table} WHERE id IN ({placeholders})
            UNION
            SELECT (SELECT a.parent_id FROM {table} a WHERE a.id = up.id) FROM up
            WHERE up.id IS NOT NULL
        )
        SELECT a.id, a.parent_id, a.name,
               CASE WHEN a.parent_id IS NULL THEN
                   (SELECT COUNT(*) FROM {table} r WHERE r.parent_id IS NULL AND r.id < a.id)
               END
        FROM {table} a WHERE a.id IN (SELECT id FROM up)
    """


def members_subquery(root_id: int, limit: int | None = None) -> RawSQL:
    """The ids of every actor on the side of `root_id` (the root included), as a subquery.

    With `limit`, the first `limit` of them, nearest the root first (the walk goes down a
    level at a time), and both engines stop walking there: a large side's members can number
    tens of thousands.
    """
    table = _actor_table()
    cut = "" if limit is None else f" LIMIT {int(limit)}"
    return RawSQL(
        f"""
        WITH RECURSIVE down(id) AS (
            SELECT id FROM {table} WHERE id = %s
            UNION
            SELECT a.id FROM {table} a JOIN down ON a.parent_id = down.id
        )
        SELECT id FROM down{cut}
        """,
        [root_id],
    )


def _actor_table() -> str:
    from claims.models import Actor

    return connection.ops.quote_name(Actor._meta.db_table)


def resolve_roots(parents: dict[int, int | None]) -> dict[int, int]:
    """Map each actor id to the id at the top of its parent chain."""
    roots: dict[int, int] = {}
    for actor_id in parents:
        chain, node = [actor_id], actor_id
        while parents.get(node) is not None and node not in roots:
            node = parents[node]
            if node in chain:  # a loop slipped past validation: its entry point is the root
                break
            chain.append(node)
        root = roots.get(node, node)
        for member in chain:
            roots[member] = root
    return roots
