"""Sides: the root of each actor's affiliation chain, derived on demand and never stored.

Pages that show many claims load one `SideMap` (a single query over the actors, which are
few next to the claims) and look each speaker's side up in memory, so the number of queries
stays the same however many claims a page shows.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    roots: dict[int, int]
    sides: dict[int, Side]
    parents: dict[int, int | None]
    names: dict[int, str]

    @classmethod
    def load(cls) -> SideMap:
        from claims.models import Actor

        rows = list(Actor.objects.order_by().values_list("id", "parent_id", "name"))
        parents = {actor_id: parent_id for actor_id, parent_id, _ in rows}
        names = {actor_id: name for actor_id, _, name in rows}
        roots = resolve_roots(parents)
        # Colours follow the order sides were first recorded, so they stay put between pages.
        root_ids = sorted(set(roots.values()))
        sides = {
            root: Side(id=root, name=names[root], colour=index % PALETTE_SIZE)
            for index, root in enumerate(root_ids)
        }
        return cls(roots=roots, sides=sides, parents=parents, names=names)

    def of(self, actor_id: int) -> Side:
        return self.sides[self.roots[actor_id]]

    def chain(self, actor_id: int) -> list[ActorRef]:
        """The actor, then each parent up to its side, without a query per level."""
        chain, node = [], actor_id
        while node is not None and all(ref.id != node for ref in chain):
            chain.append(ActorRef(id=node, name=self.names[node]))
            node = self.parents[node]
        return chain

    def members(self, root_id: int) -> list[int]:
        return [actor for actor, root in self.roots.items() if root == root_id]


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
