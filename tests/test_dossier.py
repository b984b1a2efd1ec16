"""The incident dossier: what each side says, its accusations a page at a time with their
responses, and the timeline, at the size of the seed case and of a large incident."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from claims.dossier import ACCUSATIONS_PER_PAGE, RESPONSES_PER_ACCUSATION, Dossier
from claims.models import Claim, ClaimLink, Figure
from claims.timeline import MAX_DOTS
from tests.factories import (
    make_actor,
    make_claim,
    make_figure,
    make_incident,
    make_link,
    make_place,
    make_source,
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


def bulk_claims(incident, speakers, count, *, kind="accusation", first=NOV_25, **fields):
    """`count` claims in one insert, spread over the speakers and a day apart from `first`.

    No quote, so no offsets: the anchor triggers let them through.
    """
    source = make_source()
    return Claim.objects.bulk_create(
        Claim(
            incident=incident,
            speaker=speakers[n % len(speakers)],
            source=source,
            kind=kind,
            summary=f"{kind} {n}",
            stated_on=first + timedelta(days=n),
            **fields,
        )
        for n in range(count)
    )


def large_incident(claims: int):
    """An incident with `claims` accusations by one side, each denied by the other, half with
    a figure, a place and an accused actor; the sides' roots are returned with it."""
    taliban, pakistan = make_actor(name="Afghan Taliban"), make_actor(name="Pakistan")
    incident = make_incident(occurred_on=NOV_25)
    incident.places.add(make_place())
    place = make_place()
    accusers = [make_actor(parent=taliban) for _ in range(3)]
    deniers = [make_actor(parent=pakistan) for _ in range(3)]
    accusations = bulk_claims(incident, accusers, claims // 2)
    denials = bulk_claims(incident, deniers, claims - claims // 2, kind="denial")
    ClaimLink.objects.bulk_create(
        ClaimLink(from_claim=denial, to_claim=accusation, relation="denies", facets=["occurrence"])
        for denial, accusation in zip(denials, accusations, strict=False)
    )
    Figure.objects.bulk_create(
        Figure(claim=claim, measure="killed", group="civilians", low=n, high=n + 5)
        for n, claim in enumerate(accusations[::2])
    )
    Claim.places.through.objects.bulk_create(
        Claim.places.through(claim=claim, place=place) for claim in accusations[::2]
    )
    Claim.accused.through.objects.bulk_create(
        Claim.accused.through(claim=claim, actor=pakistan) for claim in accusations[::2]
    )
    return incident, taliban, pakistan


# What each side says


def test_dossier_counts_each_sides_claims_and_lists_accusing_sides_first():
    incident, *_ = seeded_dossier()
    make_claim(incident=incident, speaker=make_actor(name="Onlooker"), kind="assertion")
    dossier = Dossier(incident)
    assert [side.name for side in dossier.sides] == [
        "Afghan Taliban",
        "Government of Pakistan",
        "Onlooker",
    ]
    counts = [(s.claims, s.accusations, s.denials, s.others) for s in dossier.summaries]
    # Baseless and false was filed without the incident: it shows under the accusation it
    # answers, not in the incident's counts.
    assert counts == [(1, 1, 0, 0), (1, 0, 1, 0), (1, 0, 0, 1)]
    assert dossier.claim_count == 3


def test_dossier_sums_up_the_figures_each_side_asserts_by_measure_and_group():
    incident, accusation, denial, _ = seeded_dossier()
    taliban = accusation.speaker.parent
    for low, high in ((25, 25), (30, 40)):
        claim = make_claim(incident=incident, speaker=make_actor(parent=taliban))
        make_figure(claim, low=low, high=high)
    make_figure(accusation, measure="injured", group="unspecified", low=4, high=4)
    make_figure(denial, group="militants", low=10, high=10)
    summaries = {s.side.name: s for s in Dossier(incident).what_each_side_says}
    figures = [(str(f.figure), f.claims) for f in summaries["Afghan Taliban"].figures]
    assert figures == [("10–40 civilians killed", 3), ("4 injured", 1)]
    [pakistans] = summaries["Government of Pakistan"].figures
    assert (str(pakistans.figure), pakistans.speaker.name) == ("10 militants killed", "ISPR")
    assert pakistans.claim_url == denial.get_absolute_url()


def test_dossier_shows_each_sides_latest_statements_with_what_they_deny():
    incident, accusation, denial, _ = seeded_dossier()
    ispr = denial.speaker
    older = bulk_claims(incident, [ispr], 6, kind="assertion", first=date(2025, 11, 1))
    make_link(denial, older[0], relation="disputes", facets=["occurrence"])
    make_link(denial, older[1], relation="denies", facets=["occurrence"])
    summaries = {s.side.name: s for s in Dossier(incident).what_each_side_says}
    latest = summaries["Government of Pakistan"].latest
    assert [statement.claim for statement in latest] == [denial, *older[:-5:-1]]
    # Its two denials of the same facet read as one; the dispute stays.
    assert [(link.relation, link.facets) for link in latest[0].answers] == [
        ("denies", ["occurrence"]),
        ("disputes", ["occurrence"]),
    ]
    assert [s.claim for s in summaries["Afghan Taliban"].latest] == [accusation]


# Accusations, a page at a time


def test_dossier_groups_accusations_by_the_accusers_side_with_their_responses():
    incident, accusation, denial, baseless = seeded_dossier()
    [group] = Dossier(incident).accusation_groups()
    assert group.side.name == "Afghan Taliban"
    [entry] = group.accusations
    assert entry.claim == accusation
    assert [link.from_claim for link in entry.responses] == [denial, baseless]
    assert [link.from_claim.side.name for link in entry.responses] == ["Government of Pakistan"] * 2
    assert entry.is_answered
    assert group.next_page is None


def test_dossier_pages_one_sides_accusations_newest_first():
    incident, taliban, _ = large_incident(2 * 45)
    dossier = Dossier(incident)
    newest = list(Claim.objects.filter(incident=incident, kind="accusation").order_by("-stated_on"))
    pages = [dossier.accusation_groups(taliban.pk, page) for page in (1, 2, 3)]
    shown = [[a.claim for a in group.accusations] for [group] in pages]
    assert shown == [newest[:20], newest[20:40], newest[40:]]
    assert [group.next_page for [group] in pages] == [2, 3, None]
    assert [group.shown_until for [group] in pages] == [20, 40, 45]
    assert all(group.total == 45 for [group] in pages)
    [past_the_end] = dossier.accusation_groups(taliban.pk, 99)
    assert past_the_end.page == 3


def test_dossier_shares_the_first_page_among_the_accusing_sides():
    incident, taliban, pakistan = large_incident(60)
    bulk_claims(incident, [make_actor(parent=pakistan)], 30)
    groups = Dossier(incident).accusation_groups()
    assert [group.side.id for group in groups] == [taliban.pk, pakistan.pk]
    assert [len(group.accusations) for group in groups] == [ACCUSATIONS_PER_PAGE // 2] * 2
    assert all(group.next_page == 2 for group in groups)


def test_dossier_shows_the_first_responses_to_an_accusation_and_counts_the_rest():
    incident, accusation, denial, baseless = seeded_dossier()
    for _ in range(RESPONSES_PER_ACCUSATION):
        make_link(make_claim(kind="denial"), accusation)
    [group] = Dossier(incident).accusation_groups()
    [entry] = group.accusations
    assert [link.from_claim for link in entry.responses[:2]] == [denial, baseless]
    assert len(entry.responses) == RESPONSES_PER_ACCUSATION
    assert entry.more_responses == 2


def test_dossier_marks_an_accusation_answered_only_by_a_denial_or_dispute():
    incident = make_incident()
    supported = make_claim(incident=incident, stated_on=NOV_25)
    make_link(make_claim(kind="assertion"), supported, relation="supports")
    [group] = Dossier(incident).accusation_groups()
    assert not group.accusations[0].is_answered


# The timeline


def test_dossier_timeline_has_a_lane_per_side_and_a_connector_per_link():
    incident, accusation, denial, _ = seeded_dossier()
    undated = make_claim(incident=incident, speaker=denial.speaker, kind="denial")
    make_link(undated, accusation)
    timeline = Dossier(incident).timeline
    assert [side.name for _, side in timeline.lanes] == ["Afghan Taliban", "Government of Pakistan"]
    assert [claim for _, claim in timeline.dots] == [accusation, denial]
    assert [link.from_claim for _, link in timeline.connectors] == [denial]  # one end undated
    assert timeline.undated == [undated]
    assert timeline.claims == [accusation, denial, undated]
    assert timeline.bars == []


def test_dossier_timeline_draws_bars_per_day_and_side_when_claims_outnumber_the_axis():
    incident, taliban, pakistan = large_incident(MAX_DOTS + 20)
    undated = bulk_claims(incident, [make_actor(parent=taliban)], 15)
    Claim.objects.filter(pk__in=[claim.pk for claim in undated]).update(stated_on=None)
    timeline = Dossier(incident).timeline
    assert timeline.dots == []
    assert timeline.connectors == []
    assert timeline.claims == []
    assert [side.id for _, side in timeline.lanes] == [taliban.pk, pakistan.pk]
    per_day = {(bar.first, side.id): bar.count for bar, side in timeline.bars}
    expected = {}
    for claim in Claim.objects.filter(incident=incident, stated_on__isnull=False):
        key = (claim.stated_on, claim.speaker.parent_id)
        expected[key] = expected.get(key, 0) + 1
    assert per_day == expected
    assert timeline.dated_count == MAX_DOTS + 20
    assert len(timeline.undated) == 10
    assert timeline.more_undated == 5
    rows = timeline.bar_table()
    assert sum(sum(counts) for _, counts in rows) == MAX_DOTS + 20
    assert rows[0][1] == [
        per_day.get((rows[0][0].first, side.id), 0) for side in Dossier(incident).sides
    ]


def test_dossier_names_places_claims_mention_beyond_the_incidents_own():
    incident, *_ = seeded_dossier()
    kunar = make_place(name="Kunar")
    make_claim(incident=incident, summary="Kunar too").places.add(kunar)
    dossier = Dossier(incident)
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
    assert "denies occurrence" in html  # in ISPR's side's latest statements
    # Baseless and false, filed without the incident, is listed under what it disputes.
    assert '<span class="badge relation relation-disputes">disputes</span>' in html
    assert '<span class="facet">Civilian status</span>' in html
    assert "No strikes took place" in html
    assert "Baseless and false" in html
    assert "Khost" in html


def test_dossier_page_draws_a_server_rendered_svg_timeline_without_inline_styles(viewer_client):
    incident, accusation, denial, _ = seeded_dossier()
    make_claim(incident=incident, speaker=denial.speaker, kind="assertion")  # undated
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
    taliban = Dossier(incident).sides[0]
    response = viewer_client.get(dossier_url(incident), {"side": taliban.id}, headers=htmx_headers)
    html = response.content.decode()
    assert accusation.summary in html
    assert counter.summary not in html
    assert f'href="{dossier_url(incident)}?side={taliban.id}"' in html
    assert 'aria-current="true"' in html


def test_dossier_filter_for_a_side_without_accusations_says_so(viewer_client):
    incident, *_ = seeded_dossier()
    pakistan = Dossier(incident).sides[1]
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


def test_dossier_pages_are_numbers_or_the_first_and_never_past_the_last(viewer_client):
    incident, taliban, _ = large_incident(2 * 25)
    url = dossier_url(incident)
    for page in ("abc", "0", "-1", "", "1.5", "2x"):
        response = viewer_client.get(url, {"side": taliban.pk, "page": page})
        assert response.status_code == 200
        assert response.content.decode().count('<li class="exchange">') == 20  # the first page
    last = viewer_client.get(url, {"side": taliban.pk, "page": "99999999999999999999999"})
    assert last.status_code == 200
    assert last.content.decode().count('<li class="exchange">') == 5  # the last page
    unknown_side = viewer_client.get(url, {"side": "99999999999999999999", "page": "2"})
    assert unknown_side.status_code == 200
    assert "This side has made no accusations about this incident." in unknown_side.content.decode()
    assert viewer_client.get(url, {"side": "-1"}).status_code == 400


def test_dossier_more_accusations_loads_the_next_page_in_place(viewer_client, htmx_headers):
    incident, taliban, _ = large_incident(2 * 45)
    url = dossier_url(incident)
    first = viewer_client.get(url, {"side": taliban.pk}).content.decode()
    more = f"{url}?side={taliban.pk}&amp;page=2"
    assert f'href="{more}" hx-get="{more}" hx-target="closest li" hx-swap="outerHTML"' in first
    assert "20 of 45 shown" in first
    response = viewer_client.get(url, {"side": taliban.pk, "page": 2}, headers=htmx_headers)
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="accusations"' not in html
    assert "<section" not in html
    assert html.count('<li class="exchange">') == ACCUSATIONS_PER_PAGE
    assert "accusation 24<" in html
    assert "accusation 25<" not in html
    assert f"{url}?side={taliban.pk}&amp;page=3" in html
    assert "40 of 45 shown" in html
    last = viewer_client.get(url, {"side": taliban.pk, "page": 3}, headers=htmx_headers)
    assert last.content.decode().count('<li class="exchange">') == 5
    assert "More accusations" not in last.content.decode()


def test_dossier_second_page_without_javascript_is_a_whole_page_linking_back(viewer_client):
    incident, taliban, _ = large_incident(2 * 45)
    url = dossier_url(incident)
    html = viewer_client.get(url, {"side": taliban.pk, "page": 2}).content.decode()
    assert "<html" in html
    assert "What each side says" in html
    assert f'href="{url}?side={taliban.pk}&amp;page=1">Newer accusations</a>' in html
    assert "accusation 24<" in html
    assert "accusation 25<" not in html


def test_dossier_with_every_side_shown_links_each_side_to_all_its_accusations(viewer_client):
    incident, taliban, _ = large_incident(2 * 45)
    html = viewer_client.get(dossier_url(incident)).content.decode()
    assert html.count('<li class="exchange">') == ACCUSATIONS_PER_PAGE
    assert f'href="{dossier_url(incident)}?side={taliban.pk}" hx-get=' in html
    assert "All 45 accusations by Afghan Taliban" in html
    assert "All 90 claims by Afghan Taliban" not in html  # 45 each side
    assert "All 45 claims by Afghan Taliban" in html


def test_dossier_of_a_large_incident_stays_small_and_binned(viewer_client):
    incident, *_ = large_incident(2000)
    response = viewer_client.get(dossier_url(incident))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < 200_000
    assert "2000 claims" in html
    assert 'class="timeline-bars side-' in html
    assert "<circle" not in html
    assert "The timeline as a table" in html
    assert "1000 accusations" in html
    assert "1000 denials" in html
    assert re.search(r"\d+–\d+ civilians killed</strong> <span class=\"hint\">in 500 claims", html)


@pytest.mark.parametrize("claims", [10, 300])
def test_dossier_query_count_does_not_grow_with_claims(
    viewer_client, htmx_headers, django_assert_num_queries, claims
):
    incident, taliban, _ = large_incident(claims)
    url = dossier_url(incident)
    # session, user, incident, claims per speaker and kind, their sides; a page of
    # accusations (ids, then rows) with their accused, places, figures and responses, the
    # responders' sides; role groups, two permission lookups; figures by side, latest
    # statements (ids, then rows) and what they answer, incident places, places claims
    # name; the timeline's claims and links, or its bars and undated claims
    with django_assert_num_queries(23):
        viewer_client.get(url)
    # The partials need the role too (two permission lookups), which the full page's header
    # looks up anyway.
    with django_assert_num_queries(15):  # the side filter: accusations alone
        viewer_client.get(url, {"side": taliban.pk}, headers=htmx_headers)
    with django_assert_num_queries(15):  # "More accusations"
        viewer_client.get(url, {"side": taliban.pk, "page": 2}, headers=htmx_headers)


def test_dossier_shows_every_accusation_of_a_small_incident_however_many_sides():
    incident = make_incident()
    sides = [make_actor() for _ in range(8)]
    for side in sides:
        bulk_claims(incident, [make_actor(parent=side)], 2)
    groups = Dossier(incident).accusation_groups()
    assert [len(group.accusations) for group in groups] == [2] * 8
    assert all(group.next_page is None for group in groups)


def test_dossier_shares_the_latest_statements_out_when_many_sides_speak():
    incident = make_incident()
    for _ in range(6):
        bulk_claims(incident, [make_actor(parent=make_actor())], 4, kind="assertion")
    summaries = Dossier(incident).what_each_side_says
    assert [len(summary.latest) for summary in summaries] == [2] * 6
