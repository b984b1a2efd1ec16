import datetime

import pytest
from django.urls import reverse

from claims.paging import CappedCount
from tests.factories import (
    make_actor,
    make_claim,
    make_incident,
    make_link,
    make_source,
)

pytestmark = pytest.mark.django_db

URL = reverse("claim_list")


def listed(response) -> list[int]:
    return [claim.pk for claim in response.context["page"]]


def test_claim_list_requires_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_claim_list_shows_newest_statement_first_and_undated_last(viewer_client):
    undated = make_claim(summary="Undated")
    older = make_claim(stated_on=datetime.date(2025, 10, 1))
    newer = make_claim(stated_on=datetime.date(2025, 10, 12))
    same_day = make_claim(stated_on=datetime.date(2025, 10, 12))
    response = viewer_client.get(URL)
    assert response.status_code == 200
    assert listed(response) == [same_day.pk, newer.pk, older.pk, undated.pk]
    assert "4 claims" in response.content.decode()


def test_claim_list_htmx_request_renders_only_the_results(viewer_client, htmx_headers):
    make_claim(summary="Strikes in Khost")
    response = viewer_client.get(URL, {"q": "khost"}, headers=htmx_headers)
    html = response.content.decode()
    assert "Strikes in Khost" in html
    assert 'id="results"' in html
    assert "<html" not in html
    assert 'id="claim-filters"' not in html
    assert "Apply filters" not in html
    assert response["Vary"].count("HX-Request") == 1


def test_back_to_a_pushed_search_gets_the_whole_page(viewer_client, htmx_headers):
    make_claim(summary="Strikes in Khost")
    headers = {**htmx_headers, "HX-History-Restore-Request": "true"}
    html = viewer_client.get(URL, {"q": "khost"}, headers=headers).content.decode()
    assert "<html" in html
    assert 'id="claim-filters"' in html
    assert "Strikes in Khost" in html


def test_claim_list_search_box_updates_results_in_place_and_the_address(viewer_client):
    html = viewer_client.get(URL).content.decode()
    assert 'hx-get="/claims/"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert 'hx-target="#results"' in html
    assert 'hx-push-url="true"' in html
    assert 'hx-include="closest form"' in html  # the other filters travel with the search


@pytest.mark.parametrize(
    ("field", "query"),
    [
        ("quote", "airstrikes in khost"),
        ("summary", "BORDER SHELLING"),
        ("speaker", "mujahid"),
        ("source", "geo news"),
    ],
)
def test_search_matches_quote_summary_speaker_and_source(viewer_client, field, query):
    hit = {
        "quote": lambda: make_claim(quote="airstrikes in Khost"),
        "summary": lambda: make_claim(summary="Border shelling denied"),
        "speaker": lambda: make_claim(speaker=make_actor(name="Zabihullah Mujahid")),
        "source": lambda: make_claim(source=make_source(title="Geo News report")),
    }[field]()
    make_claim(summary="Something else entirely")
    response = viewer_client.get(URL, {"q": query})
    assert listed(response) == [hit.pk]


def test_search_needs_every_word_but_not_in_the_same_field(viewer_client):
    both = make_claim(summary="Strikes in Khost", speaker=make_actor(name="Mujahid"))
    make_claim(summary="Strikes in Khost")
    make_claim(speaker=make_actor(name="Mujahid Junior"))
    response = viewer_client.get(URL, {"q": "  khost   mujahid "})
    assert listed(response) == [both.pk]


def test_search_finds_a_speaker_by_alias(viewer_client):
    ispr = make_actor(name="Inter-Services Public Relations", aliases="ISPR\nDG ISPR")
    claim = make_claim(speaker=ispr)
    make_claim()
    assert listed(viewer_client.get(URL, {"q": "ispr"})) == [claim.pk]


def test_filter_by_kind(viewer_client):
    denial = make_claim(kind="denial")
    make_claim(kind="accusation")
    assert listed(viewer_client.get(URL, {"kind": "denial"})) == [denial.pk]


def test_filter_by_status(viewer_client):
    published = make_claim(status="published")
    make_claim(status="draft")
    assert listed(viewer_client.get(URL, {"status": "published"})) == [published.pk]


def test_filter_by_incident_slug(viewer_client):
    incident = make_incident(title="Khost strikes")
    about = make_claim(incident=incident)
    make_claim(incident=make_incident())
    make_claim()
    assert listed(viewer_client.get(URL, {"incident": "khost-strikes"})) == [about.pk]


def test_filter_by_speaker(viewer_client):
    speaker = make_actor()
    said = make_claim(speaker=speaker)
    make_claim()
    assert listed(viewer_client.get(URL, {"speaker": speaker.pk})) == [said.pk]


def test_filter_by_side_includes_everyone_affiliated(viewer_client):
    forces = make_actor(name="Pakistan Armed Forces", kind="military")
    ispr = make_actor(name="ISPR", parent=forces)
    director = make_actor(name="DG ISPR", parent=ispr)
    by_forces, by_ispr, by_director = (
        make_claim(speaker=actor) for actor in (forces, ispr, director)
    )
    make_claim(speaker=make_actor(name="Afghan Taliban"))
    response = viewer_client.get(URL, {"side": forces.pk})
    assert sorted(listed(response)) == sorted([by_forces.pk, by_ispr.pk, by_director.pk])


def test_filter_unanswered_keeps_accusations_nobody_denied_or_disputed(viewer_client):
    waiting = make_claim(kind="accusation")
    denied = make_claim(kind="accusation")
    disputed = make_claim(kind="accusation")
    only_supported = make_claim(kind="accusation")
    make_link(make_claim(kind="denial"), denied, relation="denies")
    make_link(make_claim(kind="denial"), disputed, relation="disputes")
    make_link(make_claim(kind="assertion"), only_supported, relation="supports")
    response = viewer_client.get(URL, {"unanswered": "1"})
    assert sorted(listed(response)) == sorted([waiting.pk, only_supported.pk])


def test_filter_by_date_range_includes_both_ends(viewer_client):
    days = {day: make_claim(stated_on=datetime.date(2025, 10, day)) for day in (1, 5, 10, 15)}
    make_claim()  # undated: outside any range
    response = viewer_client.get(URL, {"stated_from": "2025-10-05", "stated_to": "2025-10-10"})
    assert listed(response) == [days[10].pk, days[5].pk]


def test_filters_combine_with_the_search(viewer_client):
    incident = make_incident()
    hit = make_claim(incident=incident, kind="denial", summary="No strikes took place")
    make_claim(incident=incident, kind="accusation", summary="Strikes took place")
    make_claim(kind="denial", summary="No strikes took place elsewhere")
    response = viewer_client.get(URL, {"q": "strikes", "kind": "denial", "incident": incident.slug})
    assert listed(response) == [hit.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "rumour"},
        {"status": "secret"},
        {"incident": "no-such-incident"},
        {"speaker": "abc"},
        {"speaker": "999999"},
        {"speaker": "99999999999999999999999"},
        {"side": "abc"},
        {"side": "999999"},
        {"stated_from": "yesterday"},
        {"stated_to": "2025-13-45"},
        {"q": "x" * 201},
    ],
)
def test_bad_filter_values_are_reported_and_left_out(viewer_client, params):
    claims = [make_claim(), make_claim()]
    response = viewer_client.get(URL, params)
    assert response.status_code == 200
    assert "These filters were not applied" in response.content.decode()
    assert sorted(listed(response)) == sorted(claim.pk for claim in claims)


def test_bad_filter_on_htmx_search_is_reported_in_the_results(viewer_client, htmx_headers):
    make_claim()
    response = viewer_client.get(URL, {"q": "x", "speaker": "abc"}, headers=htmx_headers)
    assert response.status_code == 200
    assert "These filters were not applied" in response.content.decode()


def test_reversed_date_range_is_an_error_and_only_the_start_applies(viewer_client):
    early = make_claim(stated_on=datetime.date(2025, 10, 1))
    late = make_claim(stated_on=datetime.date(2025, 10, 20))
    response = viewer_client.get(URL, {"stated_from": "2025-10-10", "stated_to": "2025-10-02"})
    assert response.status_code == 200
    assert "before its start" in response.content.decode()
    assert listed(response) == [late.pk]
    assert early.pk not in listed(response)


def test_list_is_paginated_25_a_page(viewer_client):
    for _ in range(30):
        make_claim()
    first = viewer_client.get(URL)
    assert len(listed(first)) == 25
    assert "30 claims" in first.content.decode()
    second = viewer_client.get(URL, {"page": 2})
    assert len(listed(second)) == 5


def test_pagination_links_keep_the_filters(viewer_client, htmx_headers):
    incident = make_incident(title="Border strikes")
    for _ in range(27):
        make_claim(kind="denial", incident=incident)
    make_claim(kind="accusation", incident=incident)
    params = {"q": "summary", "kind": "denial", "incident": "border-strikes"}
    html = viewer_client.get(URL, params).content.decode()
    next_link = "?q=summary&amp;kind=denial&amp;incident=border-strikes&amp;page=2"
    assert f'href="{next_link}"' in html
    assert f'hx-get="{next_link}"' in html
    second = viewer_client.get(URL, {**params, "page": 2}, headers=htmx_headers)
    assert len(listed(second)) == 2
    assert 'href="?q=summary&amp;kind=denial&amp;incident=border-strikes&amp;page=1"' in (
        second.content.decode()
    )


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999"])
def test_out_of_range_pages_fall_back_instead_of_failing(viewer_client, page):
    make_claim()
    response = viewer_client.get(URL, {"page": page})
    assert response.status_code == 200
    assert len(listed(response)) == 1


def test_claim_summary_is_escaped_in_the_list(viewer_client, htmx_headers):
    make_claim(summary="<script>alert(1)</script>", quote="")
    for response in (viewer_client.get(URL), viewer_client.get(URL, headers=htmx_headers)):
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_text_is_escaped_when_shown_back(viewer_client):
    html = viewer_client.get(URL, {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_record_a_claim_button_shows_only_to_those_who_may(viewer_client, editor_client):
    create = reverse("claim_create")
    assert f'class="button primary" href="{create}"' not in viewer_client.get(URL).content.decode()
    assert f'class="button primary" href="{create}"' in editor_client.get(URL).content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_claim_list_query_count_does_not_grow_with_claims(
    viewer_client, django_assert_num_queries, rows
):
    incident = make_incident()
    for _ in range(rows):
        make_claim(incident=incident, speaker=make_actor(parent=make_actor()))
    # session, user, capped result count, the ranked page's ids, its rows with their
    # speakers, sources and incidents, their snippets, the page's sides, role groups, two
    # permission lookups; no option lists
    with django_assert_num_queries(10):
        response = viewer_client.get(URL, {"q": "summary", "kind": "accusation"})
    assert len(listed(response)) == min(rows, 25)


def test_next_page_is_offered_only_when_more_claims_follow(viewer_client):
    for _ in range(25):
        make_claim()
    html = viewer_client.get(URL).content.decode()
    assert 'rel="next"' not in html
    make_claim()
    html = viewer_client.get(URL).content.decode()
    assert 'rel="next"' in html
    assert 'rel="prev"' not in html
    assert 'rel="prev"' in viewer_client.get(URL, {"page": 2}).content.decode()


def test_long_lists_are_counted_only_up_to_the_cap(viewer_client, monkeypatch):
    monkeypatch.setattr("claims.paging.COUNT_CAP", 3)
    for _ in range(5):
        make_claim()
    html = viewer_client.get(URL).content.decode()
    assert "3+ claims" in html
    assert len(listed(viewer_client.get(URL))) == 5


def test_a_capped_count_reads_in_thousands_with_a_plus():
    assert str(CappedCount(value=1000, capped=True)) == "1,000+"
    assert str(CappedCount(value=25, capped=False)) == "25"


def test_page_past_the_end_of_a_capped_list_falls_back_to_the_first(viewer_client, monkeypatch):
    monkeypatch.setattr("claims.paging.COUNT_CAP", 3)
    for _ in range(5):
        make_claim()
    response = viewer_client.get(URL, {"page": 40})
    assert response.context["page"].number == 1


@pytest.mark.parametrize("param", ["speaker", "side"])
def test_speaker_and_side_links_by_id_filter_and_show_the_name(viewer_client, param):
    root = make_actor(name="Pakistan Armed Forces")
    said = make_claim(speaker=root)
    make_claim()
    response = viewer_client.get(URL, {param: root.pk})
    assert listed(response) == [said.pk]
    assert f'value="Pakistan Armed Forces (#{root.pk})"' in response.content.decode()


def test_speaker_typed_by_name_filters_without_javascript(viewer_client):
    said = make_claim(speaker=make_actor(name="Khawaja Asif"))
    make_claim()
    assert listed(viewer_client.get(URL, {"speaker": "khawaja"})) == [said.pk]


def test_an_unknown_speaker_name_is_reported_and_left_out(viewer_client):
    make_claim()
    response = viewer_client.get(URL, {"speaker": "Nobody at all"})
    assert "No actor is called “Nobody at all”" in response.content.decode()
    assert len(listed(response)) == 1
