"""An incident's dossier: its accusations with the responses to them, grouped by side, the
figures each side asserts, the places involved and a timeline.

`build_dossier(incident)` runs a fixed number of queries however many claims the incident
has, and hands the page plain objects to lay out. Responses recorded without the incident
still belong in its dossier: a denial answers the accusation it is linked to, wherever the
editor filed it.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.models import (
    Claim,
    ClaimKind,
    ClaimLink,
    Figure,
    Incident,
    Place,
)
from claims.sides import Side, SideMap
from claims.timeline import Connector, Dot, Edge, Lane, Point, TimelineLayout, layout_timeline


@dataclass(frozen=True)
class Accusation:
    """An accusation with every link that answers, confirms or qualifies it."""

    claim: Claim
    responses: list[ClaimLink]

    @property
    def is_answered(self) -> bool:
        return any(link.answers for link in self.responses)


@dataclass(frozen=True)
class SideAccusations:
    side: Side
    accusations: list[Accusation]


@dataclass(frozen=True)
class SideFigures:
    """What one side puts on record: the numbers it asserts and the claims it denies or disputes."""

    side: Side
    figures: list[Figure]
    answers: list[ClaimLink]


@dataclass(frozen=True)
class Timeline:
    """The laid-out timeline, with each position paired with the claim, side or link it shows."""

    layout: TimelineLayout
    lanes: list[tuple[Lane, Side]]
    dots: list[tuple[Dot, Claim]]
    connectors: list[tuple[Connector, ClaimLink]]
    undated: list[Claim]


@dataclass(frozen=True)
class Dossier:
    incident: Incident
    claims: list[Claim]  # every claim in the dossier, by date; undated ones last
    sides: list[Side]  # accusing sides first, then the others in the order they spoke
    accusations: list[SideAccusations]
    figures: list[SideFigures]
    places: list[Place]
    mentioned_places: list[Place]  # named by claims but not (yet) among the incident's places
    timeline: Timeline

    def accusations_by(self, side_id: int | None) -> list[SideAccusations]:
        """The accusation groups, or only the one of the given side."""
        if side_id is None:
            return self.accusations
        return [group for group in self.accusations if group.side.id == side_id]


def build_dossier(incident: Incident) -> Dossier:
    """Gather an incident's dossier in a fixed number of queries."""
    claims = list(
        incident.claims.with_context()
        .prefetch_related("accused", "places", "figures")
        .order_by("stated_on", "id")
    )
    # Every link into the incident's claims: the responses to its accusations, and the
    # connectors between its claims on the timeline.
    links = list(
        ClaimLink.objects.filter(to_claim__incident=incident)
        .select_related("from_claim__speaker", "from_claim__source", "from_claim__incident")
        .prefetch_related("from_claim__figures")
        .order_by("created_at", "id")
    )
    by_id = {claim.pk: claim for claim in claims}
    for link in links:
        # One object per claim, so what is set on it below shows wherever it appears.
        link.from_claim = by_id.setdefault(link.from_claim_id, link.from_claim)
        link.to_claim = by_id[link.to_claim_id]
    dossier_claims = sorted(by_id.values(), key=_by_date)
    SideMap.for_claims(dossier_claims)

    ordered_sides = _sides_in_order(dossier_claims)
    incident_places = list(incident.places.all())
    return Dossier(
        incident=incident,
        claims=dossier_claims,
        sides=ordered_sides,
        accusations=_accusations_by_side(claims, links, ordered_sides),
        figures=_figures_by_side(dossier_claims, links, ordered_sides),
        places=incident_places,
        mentioned_places=_mentioned_places(claims, incident_places),
        timeline=_timeline(incident, dossier_claims, links, ordered_sides),
    )


def _by_date(claim: Claim) -> tuple:
    return (claim.stated_on is None, claim.stated_on, claim.pk)


def _sides_in_order(claims: list[Claim]) -> list[Side]:
    accusers = [claim.side for claim in claims if claim.kind == ClaimKind.ACCUSATION]
    return list(dict.fromkeys([*accusers, *(claim.side for claim in claims)]))


def _accusations_by_side(
    claims: list[Claim], links: list[ClaimLink], sides: list[Side]
) -> list[SideAccusations]:
    responses: dict[int, list[ClaimLink]] = {}
    for link in links:
        responses.setdefault(link.to_claim_id, []).append(link)
    accusations = [
        Accusation(claim=claim, responses=responses.get(claim.pk, []))
        for claim in claims
        if claim.kind == ClaimKind.ACCUSATION
    ]
    groups = [
        SideAccusations(side=side, accusations=[a for a in accusations if a.claim.side == side])
        for side in sides
    ]
    return [group for group in groups if group.accusations]


def _figures_by_side(
    claims: list[Claim], links: list[ClaimLink], sides: list[Side]
) -> list[SideFigures]:
    answers = [link for link in links if link.answers]
    columns = [
        SideFigures(
            side=side,
            figures=[
                figure for claim in claims if claim.side == side for figure in claim.figures.all()
            ],
            answers=[link for link in answers if link.from_claim.side == side],
        )
        for side in sides
    ]
    return [column for column in columns if column.figures or column.answers]


def _mentioned_places(claims: list[Claim], incident_places: list[Place]) -> list[Place]:
    known = {place.pk for place in incident_places}
    mentioned = {place.pk: place for claim in claims for place in claim.places.all()}
    return sorted(
        (place for pk, place in mentioned.items() if pk not in known), key=lambda p: p.name
    )


def _timeline(
    incident: Incident, claims: list[Claim], links: list[ClaimLink], sides: list[Side]
) -> Timeline:
    lane_of = {side: index for index, side in enumerate(sides)}
    layout = layout_timeline(
        (Point(key=claim.pk, on=claim.stated_on, lane=lane_of[claim.side]) for claim in claims),
        lane_count=len(sides),
        reference=incident.occurred_on,
        edges=(
            Edge(key=link.pk, from_key=link.from_claim_id, to_key=link.to_claim_id)
            for link in links
        ),
    )
    by_id = {claim.pk: claim for claim in claims}
    link_by_id = {link.pk: link for link in links}
    return Timeline(
        layout=layout,
        lanes=list(zip(layout.lanes, sides, strict=True)),
        dots=[(dot, by_id[key]) for key, dot in layout.dots.items()],
        connectors=[(connector, link_by_id[connector.key]) for connector in layout.connectors],
        undated=[by_id[key] for key in layout.undated],
    )
