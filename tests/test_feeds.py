"""Atom feeds of newly published claims: the desk's and each incident's, open without sign-in."""

import itertools
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.interchange.feeds import ENTRIES
from claims.models import ClaimKind, ClaimStatus, Relation
from tests.factories import make_claim, make_incident, make_link, make_user

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[ElementTree.Element]:
    """The feed's entries, once the feed is checked against what RFC 4287 requires."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ElementTree.fromstring(response.content)  # well-formed, or this raises
    assert feed.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{element}").text, element
    found = feed.findall(f"{ATOM}entry")
    for entry in found:
        for element in ("id", "title", "updated", "published", "summary"):
            assert entry.find(f"{ATOM}{element}").text, element
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        alternate = entry.find(f"{ATOM}link[@rel='alternate']")
        assert alternate.get("href").startswith("http://testserver/claims/")
    return found


def publish(count: int, **fields):
    """`count` published claims, published a minute apart, the last one newest."""
    reviewer = make_user(groups=("reviewer",))
    now = timezone.now()
    return [
        make_claim(
            status=ClaimStatus.PUBLISHED,
            reviewed_by=reviewer,
            reviewed_at=now - timedelta(minutes=count - n),
            **fields,
        )
        for n in range(count)
    ]


def test_the_desk_feed_is_published_claims_newest_first_without_sign_in(client):
    claims = publish(3)
    make_claim(summary="A draft stays in")
    make_claim(status=ClaimStatus.IN_REVIEW, summary="So does one in review")

    found = entries(client.get(reverse("published_feed")))

    assert [entry.find(f"{ATOM}link").get("href") for entry in found] == [
        f"http://testserver{claim.get_absolute_url()}" for claim in reversed(claims)
    ]
    newest = found[0]
    claim = claims[-1]
    assert newest.find(f"{ATOM}title").text == f"{claim.speaker.name}: {claim.summary}"
    assert newest.find(f"{ATOM}author/{ATOM}name").text == claim.speaker.name
    assert [c.get("term") for c in newest.findall(f"{ATOM}category")] == ["Accusation"]


def test_the_feed_holds_the_newest_fifty(client):
    claims = publish(ENTRIES + 2)
    found = entries(client.get(reverse("published_feed")))
    assert len(found) == ENTRIES
    assert found[-1].find(f"{ATOM}link").get("href").endswith(claims[2].get_absolute_url())


def test_a_response_shows_what_it_answers_and_only_when_that_is_published(client):
    incident = make_incident(title="Khost strikes")
    (accusation,) = publish(1, incident=incident, summary="Strikes killed ten")
    hidden = make_claim(summary="A draft accusation nobody outside may read")
    (denial,) = publish(1, kind=ClaimKind.DENIAL, incident=incident, summary="No strikes")
    make_link(denial, accusation, relation=Relation.DENIES)
    make_link(denial, hidden, relation=Relation.DISPUTES)

    response = client.get(reverse("published_feed"))
    first = entries(response)[0]

    assert first.find(f"{ATOM}link").get("href").endswith(denial.get_absolute_url())
    summary = first.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert f"Denies {accusation.speaker.name}: Strikes killed ten" in summary.text
    assert "draft accusation" not in response.content.decode()
    terms = [c.get("term") for c in first.findall(f"{ATOM}category")]
    assert terms == ["Denial", "Response", "Khost strikes"]


def test_summaries_are_escaped(client):
    publish(1, summary="<script>alert(1)</script>")
    (entry,) = entries(client.get(reverse("published_feed")))
    # The html summary is text of the XML: its markup is escaped once more inside it.
    assert "&lt;script&gt;" in entry.find(f"{ATOM}summary").text


def test_an_incident_feed_holds_only_its_own_claims(client):
    incident, other = make_incident(), make_incident()
    ours = publish(2, incident=incident)
    publish(2, incident=other)
    found = entries(client.get(reverse("incident_feed", args=[incident.slug])))
    assert [entry.find(f"{ATOM}link").get("href") for entry in found] == [
        f"http://testserver{claim.get_absolute_url()}" for claim in reversed(ours)
    ]
    assert client.get(reverse("incident_feed", args=["nowhere"])).status_code == 404


@pytest.mark.parametrize("count", [5, 50])
def test_a_feed_runs_the_same_queries_for_five_entries_as_for_fifty(
    client, django_assert_num_queries, count
):
    incident = make_incident()
    claims = publish(count, incident=incident)
    for earlier, later in itertools.pairwise(claims):
        make_link(later, earlier)
    with django_assert_num_queries(2):  # the claims, and what they answer
        entries(client.get(reverse("published_feed")))
    with django_assert_num_queries(3):  # and the incident
        entries(client.get(reverse("incident_feed", args=[incident.slug])))


def test_feeds_are_read_only(client):
    assert client.post(reverse("published_feed")).status_code == 405


def test_the_desk_and_the_dossier_link_their_feeds(viewer_client):
    incident = make_incident()
    desk = viewer_client.get(reverse("desk")).content.decode()
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Newly published claims" '
        f'href="{reverse("published_feed")}">'
    ) in desk
    dossier = viewer_client.get(reverse("incident_detail", args=[incident.slug])).content.decode()
    assert 'type="application/atom+xml"' in dossier
    assert f'href="{reverse("incident_feed", args=[incident.slug])}"' in dossier


def test_the_feeds_are_authored_by_the_desk_named_in_settings(client, settings):
    settings.DESK_NAME = "Frontier Desk"
    incident = make_incident()
    for url in (reverse("published_feed"), reverse("incident_feed", args=[incident.slug])):
        body = client.get(url).content.decode()
        assert "<name>Frontier Desk</name>" in body
        assert "<title>Frontier Desk: " in body
