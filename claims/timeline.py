"""Where each claim goes on an incident's timeline: pure layout maths, no database, no HTML.

The dossier hands in points (a claim's key, its date, its lane) and links between keys; the
template draws what comes back as SVG. Dates run left to right along one axis shared by every
lane; claims made on the same day in the same lane stack downwards instead of hiding each
other. Undated claims are set aside rather than guessed onto the axis.

A large incident has more claims than the axis has room for dots, so it hands in counts per
day and lane instead (`layout_bars`): one bar per day, or per run of days when the incident
spans more days than the axis has bar slots, its height the number of claims.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

WIDTH = 720
LABEL_WIDTH = 150  # room for the side names at the left of each lane
EDGE = 40  # keeps the last dot and its date label ("26 Nov 2025") inside the drawing
AXIS_HEIGHT = 44  # the date labels under the lanes, and the incident marker's below them
STACK_STEP = 18  # vertical distance between claims of one lane made on the same day
LANE_PADDING = 14
DOT_RADIUS = 6
MAX_TICKS = 6
MIN_TICK_GAP = 80  # room for one date label ("25 Nov 2025") before the next
BEND = 36  # how far a connector bows out, at most, so same-day links stay visible
# Beyond this many claims, dots (one radius of axis apiece) overlap or stack past reading,
# and their markup, with a connector per link, outgrows the page: draw bars instead.
MAX_DOTS = (WIDTH - LABEL_WIDTH - 2 * EDGE) // DOT_RADIUS
BAR_SLOTS = 120  # bars per lane at most: about four units of axis each
BAR_HEIGHT = 40  # the tallest bar, the busiest day of any side


@dataclass(frozen=True)
class Point:
    key: Hashable
    on: date | None
    lane: int


@dataclass(frozen=True)
class Dot:
    key: Hashable
    x: float
    y: float
    lane: int


@dataclass(frozen=True)
class Lane:
    index: int
    top: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Tick:
    on: date
    x: float


@dataclass(frozen=True)
class Edge:
    """A link to draw between two points, with a key of its own (two claims may be linked twice)."""

    key: Hashable
    from_key: Hashable
    to_key: Hashable


@dataclass(frozen=True)
class Connector:
    key: Hashable
    path: str


@dataclass(frozen=True)
class Frame:
    """What both layouts draw alike: a lane per side above a date axis with its labels."""

    width: int
    height: float
    axis_y: float
    plot_left: float
    plot_right: float
    lanes: list[Lane]
    ticks: list[Tick]
    reference: Tick | None  # the day the event itself happened, when known

    @staticmethod
    def fields(lanes: list[Lane], axis: DateAxis, width: int) -> dict:
        axis_y = lanes[-1].bottom if lanes else 0.0
        return {
            "width": width,
            "height": axis_y + AXIS_HEIGHT,
            "axis_y": axis_y,
            "plot_left": axis.left,
            "plot_right": axis.right,
            "lanes": lanes,
            "ticks": axis.ticks,
            "reference": axis.reference,
        }


@dataclass(frozen=True)
class TimelineLayout(Frame):
    dots: dict[Hashable, Dot]
    connectors: list[Connector]
    undated: list[Hashable]
    dot_radius: int = DOT_RADIUS

    @property
    def is_empty(self) -> bool:
        return not self.dots


@dataclass(frozen=True)
class DateScale:
    """Linear time along x: `first` at `left`, `last` at `right`."""

    first: date
    last: date
    left: float
    right: float

    @classmethod
    def spanning(cls, dates: Iterable[date], left: float, right: float) -> DateScale | None:
        distinct = sorted(set(dates))
        if not distinct:
            return None
        return cls(first=distinct[0], last=distinct[-1], left=left, right=right)

    def x(self, day: date) -> float:
        """Rounded to a tenth of a unit: finer than the eye sees, and short in the SVG."""
        span = (self.last - self.first).days
        if span == 0:  # every claim on one day: the middle, not a division by zero
            return round((self.left + self.right) / 2, 1)
        return round(self.left + (self.right - self.left) * (day - self.first).days / span, 1)


def tick_dates(dates: Iterable[date], most: int = MAX_TICKS) -> list[date]:
    """The dates to label on the axis: every claim date when there are few, else evenly spaced."""
    distinct = sorted(set(dates))
    if len(distinct) <= most:
        return distinct
    first, last = distinct[0], distinct[-1]
    step = (last - first) / (most - 1)
    # Adding a timedelta to a date drops any part of a day, so each tick lands on a whole date.
    return sorted({first + step * n for n in range(most)})


def axis_ticks(
    scale: DateScale, dates: Iterable[date], most: int = MAX_TICKS, min_gap: float = MIN_TICK_GAP
) -> list[Tick]:
    """Labelled dates along the axis, left to right, never so close that their labels collide."""
    ticks: list[Tick] = []
    for day in tick_dates(dates, most):
        x = scale.x(day)
        if not ticks or x - ticks[-1].x >= min_gap:
            ticks.append(Tick(on=day, x=x))
    return ticks


def stack_positions(points: Iterable[Point]) -> dict[Hashable, int]:
    """Each dated point's row within its lane: 0 for the first claim of that lane on that day."""
    seen: Counter[tuple[int, date]] = Counter()
    rows = {}
    for point in points:
        rows[point.key] = seen[point.lane, point.on]
        seen[point.lane, point.on] += 1
    return rows


def connector_path(start: Dot, end: Dot) -> str:
    """An SVG path from one dot to another, bowed to one side so that links between claims of the
    same day, which would otherwise run straight through the dots in between, stay visible."""
    dx, dy = end.x - start.x, end.y - start.y
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    bend = min(BEND, length / 3)
    # Control point: the midpoint pushed out at right angles to the line between the dots.
    cx = (start.x + end.x) / 2 - dy / length * bend
    cy = (start.y + end.y) / 2 + dx / length * bend
    return f"M{start.x:.1f},{start.y:.1f} Q{cx:.1f},{cy:.1f} {end.x:.1f},{end.y:.1f}"


def layout_timeline(
    points: Iterable[Point],
    lane_count: int,
    edges: Iterable[Edge] = (),
    reference: date | None = None,
    width: int = WIDTH,
) -> TimelineLayout:
    """Lay the points out along a date axis, one lane per side, with connectors for `edges`.

    Lanes are numbered 0..lane_count-1 top to bottom. Edges whose ends are not both on the
    axis (an undated claim, or one outside the set) get no connector. A `reference` date (when
    the incident happened) widens the axis to include it, so claims read as before or after it.
    """
    points = list(points)
    dated = [point for point in points if point.on is not None]
    undated = [point.key for point in points if point.on is None]
    axis = DateAxis.spanning([point.on for point in dated], reference, width)
    rows = stack_positions(dated)

    depth: dict[int, int] = defaultdict(int)  # rows needed by each lane
    for point in dated:
        depth[point.lane] = max(depth[point.lane], rows[point.key] + 1)
    lanes = stacked_lanes(max(depth[index], 1) * STACK_STEP for index in range(lane_count))

    dots = {
        point.key: Dot(
            key=point.key,
            x=axis.scale.x(point.on),
            y=lanes[point.lane].top + LANE_PADDING + (rows[point.key] + 0.5) * STACK_STEP,
            lane=point.lane,
        )
        for point in dated
    }
    connectors = [
        Connector(key=edge.key, path=connector_path(dots[edge.from_key], dots[edge.to_key]))
        for edge in edges
        if edge.from_key in dots and edge.to_key in dots
    ]
    return TimelineLayout(
        **Frame.fields(lanes, axis, width), dots=dots, connectors=connectors, undated=undated
    )


@dataclass(frozen=True)
class Bar:
    """The claims of one lane over a run of days (`first` to `last`, often the same day)."""

    first: date
    last: date
    lane: int
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class LaneBars:
    """A lane's bars drawn as one SVG path: hundreds of bars cost one element, not hundreds."""

    lane: int
    path: str
    total: int
    busiest: Bar


def bars_path(bars: Iterable[Bar]) -> str:
    return "".join(
        f"M{b.x:.1f},{b.y:.1f}h{b.width:.1f}v{b.height:.1f}h{-b.width:.1f}z" for b in bars
    )


@dataclass(frozen=True)
class BarLayout(Frame):
    bars: list[Bar]
    days_per_bar: int
    tallest: int  # the count the full bar height stands for

    @property
    def is_empty(self) -> bool:
        return not self.bars

    @property
    def lane_bars(self) -> list[LaneBars]:
        by_lane: dict[int, list[Bar]] = defaultdict(list)
        for bar in self.bars:
            by_lane[bar.lane].append(bar)
        return [
            LaneBars(
                lane=lane,
                path=bars_path(bars),
                total=sum(bar.count for bar in bars),
                busiest=max(bars, key=lambda bar: bar.count),
            )
            for lane, bars in sorted(by_lane.items())
        ]


def layout_bars(
    counts: Mapping[tuple[date, int], int],
    lane_count: int,
    reference: date | None = None,
    width: int = WIDTH,
    slots: int = BAR_SLOTS,
) -> BarLayout:
    """Lay out claim counts per (day, lane) as bars along the same date axis as the dots.

    Days are merged into runs of equal length when the incident spans more days than `slots`,
    so a lane never has more bars than that, however long the incident ran.
    """
    days = sorted({day for day, _ in counts})
    per_bar = ceil(((days[-1] - days[0]).days + 1) / slots) if days else 1
    merged: Counter[tuple[date, int]] = Counter()
    for (day, lane), count in counts.items():
        merged[days[0] + timedelta(days=(day - days[0]).days // per_bar * per_bar), lane] += count
    axis = DateAxis.spanning([start for start, _ in merged], reference, width)
    lanes = stacked_lanes([BAR_HEIGHT] * lane_count)
    tallest = max(merged.values(), default=0)
    span = (axis.scale.last - axis.scale.first).days if axis.scale else 0
    # A bar covers its run of days on the axis, but never less than a unit nor more than a dot.
    day_width = (axis.right - axis.left) / span if span else 2.0 * DOT_RADIUS
    bar_width = round(min(2.0 * DOT_RADIUS, max(1.0, day_width * per_bar * 0.8)), 1)
    bars = []
    for (start, lane), count in sorted(merged.items()):
        height = round(max(1.0, BAR_HEIGHT * count / tallest), 1)
        bars.append(
            Bar(
                first=start,
                last=start + timedelta(days=per_bar - 1),
                lane=lane,
                count=count,
                x=round(axis.scale.x(start) - bar_width / 2, 1),
                y=round(lanes[lane].bottom - LANE_PADDING - height, 1),
                width=bar_width,
                height=height,
            )
        )
    return BarLayout(
        **Frame.fields(lanes, axis, width), bars=bars, days_per_bar=per_bar, tallest=tallest
    )


@dataclass(frozen=True)
class DateAxis:
    """The axis both layouts share: its scale, labelled ticks and the incident's own day."""

    left: float
    right: float
    scale: DateScale | None
    ticks: list[Tick]
    reference: Tick | None

    @classmethod
    def spanning(cls, dates: list[date], reference: date | None, width: int) -> DateAxis:
        left, right = LABEL_WIDTH + EDGE, width - EDGE
        axis_dates = dates + ([reference] if reference and dates else [])
        scale = DateScale.spanning(axis_dates, left, right)
        return cls(
            left=left,
            right=right,
            scale=scale,
            ticks=axis_ticks(scale, axis_dates) if scale else [],
            reference=Tick(on=reference, x=scale.x(reference)) if reference and scale else None,
        )


def stacked_lanes(contents: Iterable[float]) -> list[Lane]:
    """Lanes one below the other, each tall enough for its content plus padding."""
    lanes, top = [], 0.0
    for index, content in enumerate(contents):
        height = 2 * LANE_PADDING + content
        lanes.append(Lane(index=index, top=top, bottom=top + height))
        top += height
    return lanes
