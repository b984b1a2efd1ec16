"""The timeline's layout maths: dates to x, sides to lanes, claims to dots or bars."""

from datetime import date, timedelta
from itertools import pairwise

from claims.timeline import (
    BAR_HEIGHT,
    DateScale,
    Edge,
    Point,
    axis_ticks,
    connector_path,
    layout_bars,
    layout_timeline,
    tick_dates,
)

NOV_25 = date(2025, 11, 25)


# Dots, one per claim


def test_date_scale_is_monotonic_in_date_and_spans_the_plot():
    days = [date(2025, 10, 11), date(2025, 11, 24), date(2025, 11, 25), date(2025, 12, 31)]
    scale = DateScale.spanning(days, 100, 500)
    xs = [scale.x(day) for day in days]
    assert xs == sorted(xs)
    assert (xs[0], xs[-1]) == (100, 500)
    assert len(set(xs)) == len(xs)


def test_date_scale_with_a_single_date_sits_in_the_middle():
    scale = DateScale.spanning([NOV_25, NOV_25], 100, 500)
    assert scale.x(NOV_25) == 300


def test_date_scale_of_no_dates_is_none():
    assert DateScale.spanning([], 0, 10) is None


def test_layout_puts_each_lane_below_the_last_and_each_point_in_its_lane():
    points = [Point("a", NOV_25, 0), Point("b", date(2025, 11, 26), 1), Point("c", NOV_25, 2)]
    layout = layout_timeline(points, lane_count=3)
    assert [lane.index for lane in layout.lanes] == [0, 1, 2]
    assert all(upper.bottom == lower.top for upper, lower in pairwise(layout.lanes))
    for point in points:
        lane = layout.lanes[point.lane]
        assert lane.top < layout.dots[point.key].y < lane.bottom
    assert layout.axis_y == layout.lanes[-1].bottom
    assert layout.dots["a"].x < layout.dots["b"].x


def test_layout_stacks_same_day_claims_of_a_lane_instead_of_overlapping_them():
    points = [Point(n, NOV_25, 0) for n in range(4)]
    layout = layout_timeline(points, lane_count=1)
    ys = [layout.dots[n].y for n in range(4)]
    assert len({layout.dots[n].x for n in range(4)}) == 1
    assert ys == sorted(set(ys))
    assert layout.lanes[0].top < ys[0]
    assert ys[-1] < layout.lanes[0].bottom


def test_layout_sets_undated_points_aside_and_draws_no_connector_to_them():
    points = [Point("dated", NOV_25, 0), Point("undated", None, 1)]
    layout = layout_timeline(points, lane_count=2, edges=[Edge(1, "undated", "dated")])
    assert list(layout.dots) == ["dated"]
    assert layout.undated == ["undated"]
    assert layout.connectors == []


def test_layout_of_only_undated_points_is_empty_but_keeps_its_lanes():
    layout = layout_timeline([Point("x", None, 0)], lane_count=1)
    assert layout.is_empty
    assert layout.ticks == []
    assert layout.undated == ["x"]
    assert len(layout.lanes) == 1


def test_layout_with_a_single_date_does_not_divide_by_zero():
    layout = layout_timeline([Point("a", NOV_25, 0), Point("b", NOV_25, 1)], lane_count=2)
    assert layout.dots["a"].x == layout.dots["b"].x == (layout.plot_left + layout.plot_right) / 2
    assert [tick.on for tick in layout.ticks] == [NOV_25]


def test_layout_widens_the_axis_to_the_day_the_incident_occurred():
    occurred = date(2025, 11, 20)
    layout = layout_timeline([Point("a", NOV_25, 0)], lane_count=1, reference=occurred)
    assert layout.reference.on == occurred
    assert layout.reference.x == layout.plot_left
    assert layout.dots["a"].x == layout.plot_right


def test_layout_without_dated_points_marks_no_reference():
    layout = layout_timeline([Point("a", None, 0)], lane_count=1, reference=NOV_25)
    assert layout.reference is None


def test_layout_draws_a_connector_per_edge_even_between_the_same_two_claims():
    points = [Point("a", NOV_25, 0), Point("b", date(2025, 11, 27), 1)]
    edges = [Edge(1, "b", "a"), Edge(2, "b", "a")]
    layout = layout_timeline(points, lane_count=2, edges=edges)
    assert [connector.key for connector in layout.connectors] == [1, 2]
    assert layout.connectors[0].path.startswith(
        f"M{layout.dots['b'].x:.1f},{layout.dots['b'].y:.1f}"
    )


def test_connector_between_same_day_claims_bows_out_of_the_straight_line():
    top = layout_timeline([Point("a", NOV_25, 0), Point("b", NOV_25, 1)], lane_count=2)
    path = connector_path(top.dots["b"], top.dots["a"])
    control_x = float(path.split("Q")[1].split(",")[0])
    assert control_x != top.dots["a"].x


def test_tick_dates_label_every_date_when_few_and_evenly_spaced_dates_when_many():
    few = [date(2025, 11, day) for day in (3, 1, 2)]
    assert tick_dates(few) == sorted(few)
    many = [date(2025, 1, 1) + (date(2025, 1, 2) - date(2025, 1, 1)) * n for n in range(100)]
    ticks = tick_dates(many, most=5)
    assert len(ticks) == 5
    assert (ticks[0], ticks[-1]) == (many[0], many[-1])


def test_axis_ticks_never_crowd_their_labels():
    days = [date(2025, 10, 1), date(2025, 10, 2), date(2025, 12, 1)]
    scale = DateScale.spanning(days, 0, 600)
    ticks = axis_ticks(scale, days, min_gap=80)
    assert [tick.on for tick in ticks] == [date(2025, 10, 1), date(2025, 12, 1)]


# Bars, claims per day and side


def test_bars_count_each_sides_claims_per_day_in_its_own_lane():
    nov_26 = NOV_25 + timedelta(days=1)
    layout = layout_bars({(NOV_25, 0): 4, (nov_26, 0): 2, (nov_26, 1): 8}, lane_count=2)
    assert layout.days_per_bar == 1
    assert [(bar.first, bar.lane, bar.count) for bar in layout.bars] == [
        (NOV_25, 0, 4),
        (nov_26, 0, 2),
        (nov_26, 1, 8),
    ]
    for bar in layout.bars:
        lane = layout.lanes[bar.lane]
        assert lane.top < bar.y
        assert bar.y + bar.height < lane.bottom
        assert layout.plot_left - bar.width <= bar.x <= layout.plot_right
    tallest = max(layout.bars, key=lambda bar: bar.count)
    assert tallest.height == BAR_HEIGHT == layout.bars[0].height * 2
    assert layout.tallest == 8


def test_bars_merge_days_so_a_long_incident_never_has_more_bars_than_slots():
    first = date(2023, 1, 1)
    counts = {(first + timedelta(days=n), 0): 1 for n in range(1000)}
    layout = layout_bars(counts, lane_count=1, slots=100)
    assert layout.days_per_bar == 10
    assert len(layout.bars) == 100
    assert sum(bar.count for bar in layout.bars) == 1000
    assert all(bar.count == 10 for bar in layout.bars)
    assert layout.bars[0].first == first
    assert layout.bars[0].last == first + timedelta(days=9)
    xs = [bar.x for bar in layout.bars]
    assert xs == sorted(xs)
    assert all(bar.width >= 1 for bar in layout.bars)


def test_bars_share_the_axis_and_the_incident_marker_with_the_dots():
    occurred = date(2025, 11, 20)
    layout = layout_bars({(NOV_25, 0): 3}, lane_count=1, reference=occurred)
    assert layout.reference.x == layout.plot_left
    assert [tick.on for tick in layout.ticks] == [occurred, NOV_25]
    assert layout.axis_y == layout.lanes[-1].bottom


def test_bars_of_nothing_are_empty():
    layout = layout_bars({}, lane_count=2)
    assert layout.is_empty
    assert layout.ticks == []
    assert layout.reference is None


def test_each_lanes_bars_are_one_path_with_its_total_and_busiest_day():
    nov_26 = NOV_25 + timedelta(days=1)
    layout = layout_bars({(NOV_25, 0): 4, (nov_26, 0): 6, (nov_26, 2): 1}, lane_count=3)
    first, third = layout.lane_bars
    assert (first.lane, first.total, first.busiest.first) == (0, 10, nov_26)
    assert (third.lane, third.total) == (2, 1)
    assert first.path.count("M") == 2
    assert first.path.endswith("z")
