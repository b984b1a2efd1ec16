import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_claim, make_incident, make_link

pytestmark = pytest.mark.django_db


def test_desk_requires_sign_in(client):
    response = client.get(reverse("desk"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_desk_lists_unanswered_accusations_oldest_first(viewer_client):
    older = make_claim(summary="Older accusation")
    newer = make_claim(summary="Newer accusation")
    answered = make_claim(summary="Answered accusation")
    make_link(make_claim(kind="denial", summary="The denial"), answered)
    response = viewer_client.get(reverse("desk"))
    unanswered = [claim.pk for claim in response.context["unanswered"]]
    assert unanswered == [older.pk, newer.pk]
    assert str(response.context["unanswered_total"]) == "2"
    assert b"Answered accusation" in response.content  # still among recent claims


def test_desk_htmx_request_renders_only_the_unanswered_section(viewer_client, htmx_headers):
    make_claim(summary="Waiting for an answer")
    response = viewer_client.get(reverse("desk"), headers=htmx_headers)
    html = response.content.decode()
    assert "Waiting for an answer" in html
    assert "<html" not in html
    assert 'id="unanswered"' in html
    assert response["Vary"].count("HX-Request") == 1


def test_desk_shows_incidents_with_counts(viewer_client):
    incident = make_incident(title="Border strikes")
    make_claim(incident=incident)
    make_claim(incident=incident, kind="denial")
    response = viewer_client.get(reverse("desk"))
    row = next(i for i in response.context["incidents"] if i.pk == incident.pk)
    assert (row.claim_count, row.accusation_count) == (2, 1)


@pytest.mark.parametrize("rows", [5, 50])
def test_desk_query_count_does_not_grow_with_claims(viewer_client, django_assert_num_queries, rows):
    incident = make_incident()
    for _ in range(rows):
        make_claim(incident=incident)
    # session, user, role groups, two permission lookups, sides (actors), unanswered,
    # unanswered total, awaiting review, its total, mine in review, recent, incidents
    with django_assert_num_queries(13):
        viewer_client.get(reverse("desk"))


def test_desk_counts_unanswered_accusations_only_up_to_the_cap(viewer_client, monkeypatch):
    monkeypatch.setattr("claims.paging.COUNT_CAP", 3)
    for _ in range(5):
        make_claim()
    response = viewer_client.get(reverse("desk"))
    assert str(response.context["unanswered_total"]) == "3+"
    assert "All 3+ unanswered accusations" in response.content.decode()


def test_desk_counts_an_incident_without_claims_as_none(viewer_client):
    incident = make_incident(title="Quiet border")
    response = viewer_client.get(reverse("desk"))
    row = next(i for i in response.context["incidents"] if i.pk == incident.pk)
    assert (row.claim_count, row.accusation_count) == (0, 0)
    assert "0 claims" in response.content.decode()


def test_desk_clock_counts_from_when_an_accusation_was_stated(viewer_client):
    """A statement a year old, recorded just now, has waited a year for its answer."""
    make_claim(summary="Stated a year ago", stated_on=timezone.localdate() - timedelta(days=366))
    html = viewer_client.get(reverse("desk")).content.decode()
    assert re.search(r'<span class="waiting">waiting 1\xa0year</span>', html), html
