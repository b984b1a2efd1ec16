"""An incident's dossier: both sides of a contested event, the figures each side asserts, the
accusations with the responses to them, the places involved and a timeline.

The page stays the same size, and runs the same number of queries, for an incident of five
claims as for one of ten thousand:
- each side's counts and figures are GROUP BY queries over the incident's claims, grouped by
  speaker (then folded into sides in memory) or by side directly, through a CASE that names
  each speaker's side;
- each side's newest statements and accusations come a page at a time, newest first, with the
  responses to the accusations on the page only;
- the timeline draws a dot per claim while they fit, and bars of claims per day and side
  when there are more than its width can show.

The summary and the timeline cover the claims filed with the incident, the set the claims
list shows for it. Responses filed elsewhere still appear under the accusations they answer:
a denial answers the accusation it is linked to, wherever the editor filed it. (Counting them
everywhere would mean reading every claim that links into the incident on every request.)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, reduce
from operator import or_

from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    Prefetch,
    Q,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse

from claims.models import (
    ANSWERING_RELATIONS,
    Claim,
    ClaimKind,
    ClaimLink,
    ClaimQuerySet,
    Figure,
    Group,
    Incident,
    Measure,
    Place,
)
from claims.sides import ActorRef, Side, SideMap
from claims.timeline import (
    MAX_DOTS,
    Bar,
    BarLayout,
    Connector,
    Dot,
    Edge,
    Lane,
    LaneBars,
    Point,
    TimelineLayout,
    layout_bars,
    layout_timeline,
)

# Newest first: an incident's page opens on what is new; older pages are a click away, and
# the order is the one the incident-and-date index serves without sorting.
NEWEST_FIRST = (F("stated_on").desc(nulls_last=True), F("id").desc())
# With every side shown, a page's worth are shared out among the sides (one each at least)
# once there are more than a page of them in all.
ACCUSATIONS_PER_PAGE = 20
RESPONSES_PER_ACCUSATION = 5  # the rest are listed on the accusation's own page
LATEST_STATEMENTS = 5  # a side's, at most; and 15 in all, shared out when many sides speak
LATEST_STATEMENTS_IN_ALL = 15
MENTIONED_PLACES = 20
UNDATED_SHOWN = 10


@dataclass(frozen=True)
class SideFigure:
    """One measure and group a side asserts, over all its claims: "10–40 civilians killed"."""

    figure: Figure  # unsaved: the lowest and the highest number the side's claims give
    claims: int
    claim_id: int  # the first claim that gives it: the only one when `claims` is 1
    speaker: ActorRef  # that claim's speaker, when it is the only one

    @property
    def claim_url(self) -> str:
        return reverse("claim_detail", args=[self.claim_id])


@dataclass(frozen=True)
class Statement:
    """One of a side's latest claims, with what it denies or disputes, if anything."""

    claim: Claim
    answers: list[ClaimLink]


@dataclass
class SideSummary:
    """What one side has put on record about the incident."""

    side: Side
    claims: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    # Sets: the rows come per speaker and kind, and each id is written once into the SQL.
    speakers: set[int] = field(default_factory=set)
    accusers: set[int] = field(default_factory=set)  # the speakers with accusations
    first: tuple = (True, date.max, 0)  # when it first spoke, to put the sides in order
    first_accusation: tuple = (True, date.max, 0)
    figures: list[SideFigure] = field(default_factory=list)
    latest: list[Statement] = field(default_factory=list)

    @property
    def accusations(self) -> int:
        return self.kinds[ClaimKind.ACCUSATION]

    @property
    def denials(self) -> int:
        return self.kinds[ClaimKind.DENIAL]

    @property
    def others(self) -> int:
        return self.claims - self.accusations - self.denials


@dataclass(frozen=True)
class Accusation:
    """An accusation with the first few links that answer, confirm or qualify it."""

    claim: Claim
    responses: list[ClaimLink]
    response_count: int
    is_answered: bool

    @property
    def more_responses(self) -> int:
        return self.response_count - len(self.responses)


@dataclass(frozen=True)
class SideAccusations:
    """A page of one side's accusations, newest first."""

    side: Side
    total: int
    page: int
    per_page: int
    accusations: list[Accusation]

    @property
    def shown_until(self) -> int:
        return (self.page - 1) * self.per_page + len(self.accusations)

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.shown_until < self.total else None


@dataclass(frozen=True)
class Timeline:
    """The laid-out timeline: a dot per claim (and a curve per link), or bars when too many."""

    layout: TimelineLayout | BarLayout
    lanes: list[tuple[Lane, Side]]
    dots: list[tuple[Dot, Claim]]
    connectors: list[tuple[Connector, ClaimLink]]
    bars: list[tuple[Bar, Side]]
    bar_lanes: list[tuple[LaneBars, Side]]  # each lane's bars as one path, to draw
    claims: list[Claim]  # the dotted claims by date, for the list beside the chart
    undated: list[Claim]
    undated_count: int

    @property
    def dated_count(self) -> int:
        return sum(bar.count for bar, _ in self.bars) or len(self.dots)

    @property
    def more_undated(self) -> int:
        return self.undated_count - len(self.undated)

    def bar_table(self) -> list[tuple[Bar, list[int]]]:
        """The bars as rows of a table: each run of days, with the count of each side."""
        sides = [side for _, side in self.lanes]
        rows: dict[date, tuple[Bar, list[int]]] = {}
        for bar, side in self.bars:
            row = rows.setdefault(bar.first, (bar, [0] * len(sides)))
            row[1][sides.index(side)] = bar.count
        return list(rows.values())


class SideOf(Func):
    """A claim's side, named in SQL from its speaker: CASE WHEN speaker IN (…) THEN side … END.

    The ids are whole numbers the dossier has just read from the database, so they are written
    into the SQL: passed as parameters, a large incident's thousands of speakers would each be
    checked by Django on every query, and could pass a database's limit on parameters.
    """

    output_field = IntegerField()

    def __init__(self, speaker_field: str, speakers_by_side: dict[int, set[int]]) -> None:
        super().__init__(F(speaker_field))
        self.speakers_by_side = speakers_by_side

    def as_sql(self, compiler, connection, **extra_context) -> tuple[str, list]:
        speaker, params = compiler.compile(self.get_source_expressions()[0])
        cases = " ".join(
            f"WHEN {speaker} IN ({', '.join(str(int(id_)) for id_ in sorted(ids))}) THEN {int(side)}"
            for side, ids in self.speakers_by_side.items()
        )
        return f"(CASE {cases} END)", params


class Dossier:
    """An incident's dossier. Built with one GROUP BY; the rest loads as the page asks."""

    def __init__(self, incident: Incident) -> None:
        self.incident = incident
        self.claims: ClaimQuerySet = Claim.objects.filter(incident=incident)
        rows = list(
            self.claims.values("speaker_id", "kind")
            .annotate(count=Count("id"), first_on=Min("stated_on"), first_id=Min("id"))
            .order_by()
        )
        self.side_map = SideMap.for_actors(row["speaker_id"] for row in rows)
        summaries: dict[Side, SideSummary] = {}
        for row in rows:
            side = self.side_map.of(row["speaker_id"])
            summary = summaries.setdefault(side, SideSummary(side=side))
            summary.claims += row["count"]
            summary.kinds[row["kind"]] += row["count"]
            summary.speakers.add(row["speaker_id"])
            first = (row["first_on"] is None, row["first_on"] or date.max, row["first_id"])
            summary.first = min(summary.first, first)
            if row["kind"] == ClaimKind.ACCUSATION:
                summary.accusers.add(row["speaker_id"])
                summary.first_accusation = min(summary.first_accusation, first)
        # Accusing sides first, in the order they accused, then the others as they spoke.
        self.summaries = sorted(
            summaries.values(),
            key=lambda s: (not s.accusations, s.first_accusation, s.first),
        )
        self.sides = [summary.side for summary in self.summaries]
        self.claim_count = sum(summary.claims for summary in self.summaries)

    @property
    def accusing(self) -> list[SideSummary]:
        return [summary for summary in self.summaries if summary.accusations]

    def side_of(self, speaker_field: str) -> SideOf:
        """Each claim's side in SQL, for grouping by side."""
        return SideOf(
            speaker_field, {summary.side.id: summary.speakers for summary in self.summaries}
        )

    @cached_property
    def what_each_side_says(self) -> list[SideSummary]:
        """The summaries, with each side's figures and latest statements filled in."""
        if not self.summaries:
            return []
        by_side = {summary.side.id: summary for summary in self.summaries}
        figures = (
            Figure.objects.filter(claim__incident=self.incident)
            .values("measure", "group", side=self.side_of("claim__speaker_id"))
            .annotate(
                lowest=Min("low"),
                highest=Max("high"),
                claim_count=Count("claim_id", distinct=True),
                first_claim=Min("claim_id"),
                first_speaker=Min("claim__speaker_id"),
            )
            .order_by()
        )

        # The gravest measure first (killed, injured, ...), each group in the form's order.
        def in_form_order(row: dict) -> tuple[int, int]:
            return Measure.values.index(row["measure"]), Group.values.index(row["group"])

        for row in sorted(figures, key=in_form_order):
            speaker = row["first_speaker"]
            by_side[row["side"]].figures.append(
                SideFigure(
                    figure=Figure(
                        measure=row["measure"],
                        group=row["group"],
                        low=row["lowest"],
                        high=row["highest"],
                    ),
                    claims=row["claim_count"],
                    claim_id=row["first_claim"],
                    speaker=ActorRef(id=speaker, name=self.side_map.names[speaker]),
                )
            )
        latest = self._newest_by_side(
            self.claims,
            {summary.side.id: summary.speakers for summary in self.summaries},
            min(LATEST_STATEMENTS, max(1, LATEST_STATEMENTS_IN_ALL // len(self.summaries))),
        ).prefetch_related(
            Prefetch(
                "outgoing_links",
                queryset=ClaimLink.objects.filter(relation__in=ANSWERING_RELATIONS),
                to_attr="answering",
            )
        )
        for claim in latest:
            claim.side = self.side_map.of(claim.speaker_id)
            by_side[claim.side.id].latest.append(Statement(claim, _distinct(claim.answering)))
        return self.summaries

    def last_page(self, side_id: int) -> int:
        """The last page of a side's accusations (1 when it has none)."""
        total = next((s.accusations for s in self.accusing if s.side.id == side_id), 0)
        return max(1, -(-total // ACCUSATIONS_PER_PAGE))

    def accusation_groups(self, side_id: int | None = None, page: int = 1) -> list[SideAccusations]:
        """A page of each accusing side's accusations, or of the one side asked for.

        With every side shown, each shows its newest few (all, when a page holds them all)
        and links to the side's own pages.
        """
        if side_id is None:
            groups, page = self.accusing, 1
            per_page = ACCUSATIONS_PER_PAGE
            if sum(summary.accusations for summary in groups) > ACCUSATIONS_PER_PAGE:
                per_page = max(1, ACCUSATIONS_PER_PAGE // len(groups))
        else:
            groups = [summary for summary in self.accusing if summary.side.id == side_id]
            per_page, page = ACCUSATIONS_PER_PAGE, min(max(page, 1), self.last_page(side_id))
        if not groups:
            return []
        offset = (page - 1) * per_page
        claims = list(
            self._newest_by_side(
                self.claims.accusations(),
                {summary.side.id: summary.accusers for summary in groups},
                per_page,
                offset,
            )
            .annotate(is_answered=Claim.objects.answered_condition())
            .prefetch_related("accused", "places", "figures")
        )
        responses = self._responses(claims)
        SideMap.for_claims(link.from_claim for links in responses.values() for link in links)
        accusations: dict[int, list[Accusation]] = {summary.side.id: [] for summary in groups}
        for claim in claims:
            claim.side = self.side_map.of(claim.speaker_id)
            links = responses.get(claim.pk, [])
            accusations[claim.side.id].append(
                Accusation(
                    claim=claim,
                    responses=links,
                    response_count=links[0].response_count if links else 0,
                    is_answered=claim.is_answered,
                )
            )
        return [
            SideAccusations(
                side=summary.side,
                total=summary.accusations,
                page=page,
                per_page=per_page,
                accusations=accusations[summary.side.id],
            )
            for summary in groups
        ]

    def _newest_by_side(
        self, claims: ClaimQuerySet, speakers: dict[int, set[int]], size: int, offset: int = 0
    ) -> ClaimQuerySet:
        """The newest `size` of `claims` from each side's speakers (after `offset`).

        Two queries: the ids, a sliced subquery per side, each walking the incident's claims
        newest first; then those rows with what they show. Asked for in one, PostgreSQL
        cannot tell how few rows the OR of subqueries leaves, and joins the speakers and
        sources by reading both tables whole.
        """
        pages = (
            Q(
                pk__in=claims.alias(side=SideOf("speaker_id", {side: ids}))
                .filter(side=side)
                .order_by(*NEWEST_FIRST)
                .values("pk")[offset : offset + size]
            )
            for side, ids in speakers.items()
        )
        ids = list(claims.filter(reduce(or_, pages)).values_list("pk", flat=True))
        return (
            Claim.objects.filter(pk__in=ids)
            .with_context()
            .defer("source__text")
            .order_by(*NEWEST_FIRST)
        )

    def _responses(self, accusations: list[Claim]) -> dict[int, list[ClaimLink]]:
        """The first few links into each accusation, oldest first, with how many there are."""
        if not accusations:
            return {}
        per_accusation = {"partition_by": F("to_claim_id")}
        links = (
            ClaimLink.objects.filter(to_claim__in=accusations)
            .select_related("from_claim__speaker")
            .annotate(
                rank=Window(RowNumber(), order_by=[F("created_at"), F("id")], **per_accusation),
                response_count=Window(Count("id"), **per_accusation),
            )
            .filter(rank__lte=RESPONSES_PER_ACCUSATION)
            .order_by("created_at", "id")
        )
        responses: dict[int, list[ClaimLink]] = {}
        for link in links:
            responses.setdefault(link.to_claim_id, []).append(link)
        return responses

    @cached_property
    def places(self) -> list[Place]:
        return list(self.incident.places.all())

    @cached_property
    def mentioned_places(self) -> list[Place]:
        """Places claims name that are not (yet) among the incident's own, the first few by name."""
        return list(
            Place.objects.filter(claims__incident=self.incident)
            .exclude(incidents=self.incident)
            .distinct()
            .order_by("name")[:MENTIONED_PLACES]
        )

    @cached_property
    def timeline(self) -> Timeline:
        """Dots and connectors while every claim fits on the axis; bars per day beyond that."""
        lane_of = {side: index for index, side in enumerate(self.sides)}
        if self.claim_count <= MAX_DOTS:
            return self._dotted_timeline(lane_of)
        counts = (
            self.claims.filter(stated_on__isnull=False)
            .values("stated_on", side=self.side_of("speaker_id"))
            .annotate(count=Count("id"))
            .order_by()
        )
        side_by_id = {side.id: side for side in self.sides}
        layout = layout_bars(
            {(row["stated_on"], lane_of[side_by_id[row["side"]]]): row["count"] for row in counts},
            lane_count=len(self.sides),
            reference=self.incident.occurred_on,
        )
        undated = self.claims.filter(stated_on__isnull=True).select_related("speaker")
        return Timeline(
            layout=layout,
            lanes=list(zip(layout.lanes, self.sides, strict=True)),
            dots=[],
            connectors=[],
            bars=[(bar, self.sides[bar.lane]) for bar in layout.bars],
            bar_lanes=[(lane, self.sides[lane.lane]) for lane in layout.lane_bars],
            claims=[],
            # The claims list's order, though all are undated: the incident's index serves it.
            undated=list(undated.order_by(*NEWEST_FIRST)[:UNDATED_SHOWN]),
            undated_count=self.claim_count - sum(bar.count for bar in layout.bars),
        )

    def _dotted_timeline(self, lane_of: dict[Side, int]) -> Timeline:
        claims = list(self.claims.select_related("speaker").order_by("stated_on", "id"))
        links = list(
            ClaimLink.objects.filter(
                to_claim__incident=self.incident, from_claim__incident=self.incident
            ).order_by("created_at", "id")
        )
        by_id = {claim.pk: claim for claim in claims}
        for claim in claims:
            claim.side = self.side_map.of(claim.speaker_id)
        for link in links:
            link.from_claim, link.to_claim = by_id[link.from_claim_id], by_id[link.to_claim_id]
        layout = layout_timeline(
            (Point(key=claim.pk, on=claim.stated_on, lane=lane_of[claim.side]) for claim in claims),
            lane_count=len(self.sides),
            reference=self.incident.occurred_on,
            edges=(
                Edge(key=link.pk, from_key=link.from_claim_id, to_key=link.to_claim_id)
                for link in links
            ),
        )
        link_by_id = {link.pk: link for link in links}
        undated = [by_id[key] for key in layout.undated]
        return Timeline(
            layout=layout,
            lanes=list(zip(layout.lanes, self.sides, strict=True)),
            dots=[(dot, by_id[key]) for key, dot in layout.dots.items()],
            connectors=[(connector, link_by_id[connector.key]) for connector in layout.connectors],
            bars=[],
            bar_lanes=[],
            claims=sorted(claims, key=lambda claim: claim.stated_on is None),
            undated=undated,
            undated_count=len(undated),
        )


def _distinct(links: list[ClaimLink]) -> list[ClaimLink]:
    """One link per way of answering: a denial of two accusations reads "denies" once."""
    return list({(link.relation, tuple(link.facets)): link for link in links}.values())
