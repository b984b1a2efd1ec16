import re
from datetime import date
from itertools import pairwise

import pytest
from django.urls import reverse

from claims.dossier import build_dossier
from claims.timeline import (
    DateScale,
    Edge,
    Point,
    axis_ticks,
    connector_path,
    layout_timeline,
    tick_dates,
)
from tests.factories import (
    make_actor,
    make_claim,
    make_figure,
    make_incident,
    make_link,
    make_place,
)

pytestmark = pytest.mark.django_db

NOV_25 = date(2025, 11, 25)


def seeded_dossier():
    """The seed case in miniature: Mujahid accuses, ISPR denies, the Defence Minister denies."""
    taliban = make_actor(name="Afghan Taliban", kind="government")
    mujahid = make_actor(name="Zabihullah Mujahid", parent=taliban)
    pakistan = make_actor(name="Government of Pakistan", kind="government")
    ispr = make_actor(name="ISPR", kind="organization", parent=pakistan)
    asif = make_actor(name="Khawaja Asif", parent=pakistan)
    khost = make_place(name="Khost")
    incident = make_incident(title="Khost airstrikes", occurred_on=NOV_25)
    incident.places.add(khost)
    accusation = make_claim(
        speaker=mujahid,
        incident=incident,
        summary="Pakistani airstrikes killed 10 civilians",
        quote="airstrikes in Khost that killed 10 civilians",
        stated_on=NOV_25,
    )
    accusation.accused.add(pakistan)
    make_figure(accusation, measure="killed", group="civilians", low=10, high=10)
    denial = make_claim(
        speaker=ispr,
        incident=incident,
        kind="denial",
        summary="No strikes took place",
        stated_on=date(2025, 11, 26),
    )
    make_link(denial, accusation, facets=["occurrence"])
    # Filed without the incident, but it answers the incident's accusation all the same.
    baseless = make_claim(speaker=asif, kind="denial", summary="Baseless and false")
    make_link(baseless, accusation, relation="disputes", facets=["civilian_status"])
    return incident, accusation, denial, baseless


def dossier_url(incident) -> str:
    return reverse("incident_detail", args=[incident.slug])


# The dossier service


def test_dossier_groups_accusations_by_the_accusers_side_with_their_responses():
    incident, accusation, denial, baseless = seeded_dossier()
    dossier = build_dossier(incident)
    [group] = dossier.accusations
    assert group.side.name == "Afghan Taliban"
    [entry] = group.accusations
    assert entry.claim == accusation
    assert [link.from_claim for link in entry.responses] == [denial, baseless]
    assert [link.from_claim.side.name for link in entry.responses] == ["Government of Pakistan"] * 2
    assert entry.is_answered


def test_dossier_puts_each_sides_figures_and_denials_side_by_side():
    incident, _, denial, baseless = seeded_dossier()
    columns = {column.side.name: column for column in build_dossier(incident).figures}
    assert [str(figure) for figure in columns["Afghan Taliban"].figures] == ["10 civilians killed"]
    assert columns["Afghan Taliban"].answers == []
    pakistan = columns["Government of Pakistan"]
    assert pakistan.figures == []
    assert [(link.from_claim, link.facets) for link in pakistan.answers] == [
        (denial, ["occurrence"]),
        (baseless, ["civilian_status"]),
    ]


def test_dossier_lists_accusing_sides_first_and_includes_responses_filed_elsewhere():
    incident, accusation, denial, baseless = seeded_dossier()
    dossier = build_dossier(incident)
    assert [side.name for side in dossier.sides] == ["Afghan Taliban", "Government of Pakistan"]
    assert dossier.claims == [accusation, denial, baseless]  # undated last


def test_dossier_timeline_has_a_lane_per_side_and_a_connector_per_link():
    incident, accusation, denial, baseless = seeded_dossier()
    timeline = build_dossier(incident).timeline
    assert [side.name for _, side in timeline.lanes] == ["Afghan Taliban", "Government of Pakistan"]
    assert [claim for _, claim in timeline.dots] == [accusation, denial]
    assert [link.from_claim for _, link in timeline.connectors] == [denial]  # baseless is undated
    assert timeline.undated == [baseless]


def test_dossier_names_places_claims_mention_beyond_the_incidents_own():
    incident, *_ = seeded_dossier()
    kunar = make_place(name="Kunar")
    make_claim(incident=incident, summary="Kunar too").places.add(kunar)
    dossier = build_dossier(incident)
    assert [place.name for place in dossier.places] == ["Khost"]
    assert dossier.mentioned_places == [kunar]


# The page


def test_dossier_page_shows_both_sides_and_their_figures(viewer_client):
    incident, *_ = seeded_dossier()
    response = viewer_client.get(dossier_url(incident))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Accusations by Afghan Taliban" in html
    assert "10 civilians killed" in html
    assert "denies occurrence" in html
    assert "disputes civilian status" in html
    assert "No strikes took place" in html
    assert "Baseless and false" in html
    assert "Khost" in html


def test_dossier_page_draws_a_server_rendered_svg_timeline_without_inline_styles(viewer_client):
    incident, accusation, denial, _ = seeded_dossier()
    html = viewer_client.get(dossier_url(incident)).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<title" in svg
    assert "<desc" in svg
    assert f'href="{accusation.get_absolute_url()}"' in svg
    assert f'href="{denial.get_absolute_url()}"' in svg
    assert 'class="timeline-connector relation-denies"' in svg
    assert re.search(r'class="timeline-dot side-\d kind-accusation"', svg)
    assert "style=" not in html
    assert 'class="timeline-reference"' in html  # the day the incident occurred
    assert "Undated, so not on the axis" in html
    assert "The timeline as a list" in html


def test_dossier_page_without_dated_claims_says_so(viewer_client):
    incident = make_incident()
    make_claim(incident=incident)
    html = viewer_client.get(dossier_url(incident)).content.decode()
    assert "No dated claims to place on a timeline yet." in html
    assert "<svg" not in html


def test_dossier_offers_pairing_for_unanswered_accusations_to_editors_only(
    editor_client, viewer_client
):
    incident = make_incident()
    waiting = make_claim(incident=incident, stated_on=NOV_25)
    pair_url = reverse("claim_pair", args=[waiting.pk])
    assert pair_url in editor_client.get(dossier_url(incident)).content.decode()
    assert pair_url not in viewer_client.get(dossier_url(incident)).content.decode()


def test_dossier_htmx_request_renders_only_the_accusations(viewer_client, htmx_headers):
    incident, *_ = seeded_dossier()
    response = viewer_client.get(dossier_url(incident), headers=htmx_headers)
    html = response.content.decode()
    assert 'id="accusations"' in html
    assert "<html" not in html
    assert "<svg" not in html
    assert "Accusations by Afghan Taliban" in html
    assert response["Vary"].count("HX-Request") == 1


def test_dossier_filters_accusations_by_side(viewer_client, htmx_headers):
    incident, accusation, denial, _ = seeded_dossier()
    counter = make_claim(incident=incident, speaker=denial.speaker, summary="Taliban harbour TTP")
    taliban = build_dossier(incident).sides[0]
    response = viewer_client.get(dossier_url(incident), {"side": taliban.id}, headers=htmx_headers)
    html = response.content.decode()
    assert accusation.summary in html
    assert counter.summary not in html
    assert f'href="{dossier_url(incident)}?side={taliban.id}"' in html
    assert 'aria-current="true"' in html


def test_dossier_filter_for_a_side_without_accusations_says_so(viewer_client):
    incident, *_ = seeded_dossier()
    pakistan = build_dossier(incident).sides[1]
    html = viewer_client.get(dossier_url(incident), {"side": pakistan.id}).content.decode()
    assert "This side has made no accusations about this incident." in html


def test_dossier_rejects_a_side_that_is_not_a_number(viewer_client):
    incident = make_incident()
    assert viewer_client.get(dossier_url(incident), {"side": "x"}).status_code == 400


def test_dossier_of_an_unknown_incident_is_404(viewer_client):
    assert viewer_client.get(reverse("incident_detail", args=["no-such-thing"])).status_code == 404


def test_dossier_requires_sign_in(client):
    incident = make_incident()
    response = client.get(dossier_url(incident))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_dossier_escapes_what_editors_typed(viewer_client):
    incident = make_incident(summary="<script>alert(1)</script>")
    make_claim(incident=incident, summary="<b>bold</b> & more", stated_on=NOV_25)
    html = viewer_client.get(dossier_url(incident)).content.decode()
    assert "<script>alert(1)" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html


@pytest.mark.parametrize("rows", [5, 50])
def test_dossier_query_count_does_not_grow_with_claims(
    viewer_client, django_assert_num_queries, rows
):
    taliban, pakistan = make_actor(), make_actor()
    incident = make_incident()
    incident.places.add(make_place())
    for n in range(rows):
        accusation = make_claim(
            incident=incident,
            speaker=make_actor(parent=taliban),
            stated_on=date(2025, 11, n % 28 + 1),
        )
        accusation.accused.add(pakistan)
        accusation.places.add(make_place())
        make_figure(accusation)
        denial = make_claim(kind="denial", speaker=make_actor(parent=pakistan))
        make_figure(denial, group="militants")
        make_link(denial, accusation)
    # session, user, incident, sides (actors), claims, their accused, places and figures,
    # links, responders' figures, incident places, role groups, two permission lookups
    with django_assert_num_queries(14):
        viewer_client.get(dossier_url(incident))


# Timeline maths


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
