"""Exports: the incident dossier as CSV and JSON, and the claims list as CSV."""

import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse

from claims.interchange import exports
from claims.models import ClaimKind, ClaimStatus, Relation
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


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def rows(response) -> list[dict[str, str]]:
    text = body(response)
    assert text.startswith(exports.BOM)
    return list(csv.DictReader(io.StringIO(text.removeprefix(exports.BOM))))


@pytest.fixture
def dossier():
    """An accusation and a denial of it filed with an incident, and a response filed elsewhere."""
    place = make_place(name="Khost")
    incident = make_incident(title="Khost strikes")
    incident.places.add(place)
    source = make_source(url="https://example.org/khost")
    accusation = make_claim(
        incident=incident,
        source=source,
        quote="accused the army of airstrikes in Khost",
        stated_on=date(2025, 10, 15),
        credibility=3,
    )
    accusation.places.add(place)
    make_figure(accusation, low=10, high=12)
    denial = make_claim(
        kind=ClaimKind.DENIAL,
        incident=incident,
        source=source,
        quote="The army denied that any strikes took place.",
        summary="The army denies it",
    )
    make_link(denial, accusation, relation=Relation.DENIES, facets=["occurrence", "timing"])
    elsewhere = make_claim(kind=ClaimKind.DENIAL, summary="Filed without the incident")
    make_link(elsewhere, accusation, relation=Relation.DISPUTES, facets=[])
    return incident, accusation, denial, elsewhere


def test_dossier_csv_has_a_row_per_claim_with_its_links_summed_up(viewer_client, dossier):
    incident, accusation, denial, elsewhere = dossier
    response = viewer_client.get(reverse("dossier_csv", args=[incident.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="khost-strikes-dossier.csv"'
    got = rows(response)
    assert [row["id"] for row in got] == [str(accusation.pk), str(denial.pk)]
    first = got[0]
    assert list(first) == list(exports.CSV_COLUMNS)
    assert first["speaker"] == accusation.speaker.name
    assert first["side"] == accusation.speaker.name  # an actor with no parent is its own side
    assert (first["kind"], first["status"], first["grade"]) == ("accusation", "draft", "3")
    assert first["quote"] == "accused the army of airstrikes in Khost"
    assert (first["quote_start"], first["quote_end"]) == (
        str(accusation.quote_start),
        str(accusation.quote_end),
    )
    assert first["stated_on"] == "2025-10-15"
    assert first["source_url"] == "https://example.org/khost"
    assert first["url"] == f"http://testserver/claims/{accusation.pk}/"
    assert first["places"] == "Khost, Afghanistan"
    assert first["figures"] == "10–12 civilians killed"
    assert first["answers"] == ""
    assert first["answered_by"] == (
        f"denies #{denial.pk} [occurrence, timing]; disputes #{elsewhere.pk}"
    )
    assert got[1]["answers"] == f"denies #{accusation.pk} [occurrence, timing]"


def test_dossier_json_is_the_documented_versioned_shape(viewer_client, dossier):
    incident, accusation, denial, elsewhere = dossier
    response = viewer_client.get(reverse("dossier_json", args=[incident.slug]))

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="khost-strikes-dossier.json"'
    data = json.loads(body(response))
    assert (data["format"], data["version"]) == ("counterclaim-dossier", 1)
    assert data["incident"]["slug"] == "khost-strikes"
    assert data["incident"]["places"] == [
        {"name": "Khost", "country": "Afghanistan", "latitude": None, "longitude": None}
    ]
    first, second = data["claims"]
    assert set(first) == {
        "id", "url", "kind", "status", "grade", "summary", "quote", "quote_start", "quote_end",
        "stated_on", "speaker", "side", "source", "incident", "places", "figures", "links",
    }  # fmt: skip
    assert first["grade"] == {"value": 3, "label": "3 – possibly true"}
    assert first["speaker"]["name"] == accusation.speaker.name
    assert first["source"]["url"] == "https://example.org/khost"
    assert first["figures"] == [{"measure": "killed", "group": "civilians", "low": 10, "high": 12}]
    assert first["links"] == [
        {
            "direction": "answered_by",
            "relation": "denies",
            "facets": ["occurrence", "timing"],
            "claim": {
                "id": denial.pk,
                "url": f"http://testserver/claims/{denial.pk}/",
                "speaker": denial.speaker.name,
                "summary": "The army denies it",
            },
        },
        {
            "direction": "answered_by",
            "relation": "disputes",
            "facets": [],
            "claim": {
                "id": elsewhere.pk,
                "url": f"http://testserver/claims/{elsewhere.pk}/",
                "speaker": elsewhere.speaker.name,
                "summary": "Filed without the incident",
            },
        },
    ]
    assert [link["direction"] for link in second["links"]] == ["answers"]
    assert second["quote"] == denial.source.text[second["quote_start"] : second["quote_end"]]


@pytest.mark.parametrize("count", [0, 5])
def test_dossier_json_written_in_chunks_is_one_json_document(viewer_client, monkeypatch, count):
    monkeypatch.setattr(exports, "CHUNK", 2)
    incident = make_incident()
    made = [make_claim(incident=incident, stated_on=date(2025, 10, 1 + n)) for n in range(count)]
    response = viewer_client.get(reverse("dossier_json", args=[incident.slug]))
    data = json.loads(body(response))
    assert [claim["id"] for claim in data["claims"]] == [claim.pk for claim in reversed(made)]


def test_dossier_of_an_unknown_incident_is_404(viewer_client):
    assert viewer_client.get(reverse("dossier_csv", args=["nowhere"])).status_code == 404
    assert viewer_client.get(reverse("dossier_json", args=["nowhere"])).status_code == 404


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_get_a_leading_apostrophe(viewer_client, start):
    payload = f'{start}HYPERLINK("https://example.org","x")'
    source = make_source(text=f"He said: {payload} and left.", title=f"{start}cmd|' /C calc'!A0")
    incident = make_incident()
    make_claim(incident=incident, source=source, quote=payload, summary=payload)

    (row,) = rows(viewer_client.get(reverse("dossier_csv", args=[incident.slug])))

    assert row["summary"] == row["quote"] == f"'{payload}"
    assert row["source_title"] == f"'{start}cmd|' /C calc'!A0"


def test_csv_leaves_ordinary_cells_as_they_are():
    assert exports.neutralised("Khost, 10 killed") == "Khost, 10 killed"
    assert exports.neutralised("a=b") == "a=b"
    assert exports.neutralised("") == ""


def test_exports_are_read_only_and_behind_sign_in(client, viewer_client, dossier):
    url = reverse("dossier_json", args=[dossier[0].slug])
    assert viewer_client.post(url).status_code == 405
    assert client.get(url).status_code == 302


# The claims list as CSV -------------------------------------------------------------------


def listed_ids(client, query: str) -> list[int]:
    """The ids the claims list shows for `query`, page after page."""
    ids, number = [], 1
    while True:
        page = client.get(f"{reverse('claim_list')}?{query}&page={number}").context["page"]
        ids += [claim.pk for claim in page]
        if not page.has_next:
            return ids
        number += 1


@pytest.fixture
def many_claims():
    """90 claims over a few days (some undated), of two kinds, two incidents."""
    incidents = [make_incident(), make_incident()]
    speaker = make_actor()
    days = [date(2025, 10, 14), date(2025, 10, 15), None]
    for n in range(90):
        make_claim(
            speaker=speaker,
            kind=ClaimKind.DENIAL if n % 3 else ClaimKind.ACCUSATION,
            incident=incidents[n % 2],
            stated_on=days[n % 3],
            summary=f"Strike number {n} near Khost" if n % 4 else f"Quiet day {n}",
        )
    return incidents


@pytest.mark.parametrize(
    "query",
    ["", "kind=denial", "incident={slug}&kind=denial", "q=Khost", "q=strike&kind=denial"],
)
def test_claims_csv_has_exactly_the_rows_the_list_shows_on_all_its_pages(
    viewer_client, many_claims, monkeypatch, query
):
    monkeypatch.setattr(exports, "CHUNK", 7)
    query = query.format(slug=many_claims[0].slug)
    response = viewer_client.get(f"{reverse('claim_export')}?{query}")

    assert response["Content-Disposition"] == 'attachment; filename="claims.csv"'
    exported = [int(row["id"]) for row in rows(response)]
    assert exported == listed_ids(viewer_client, query)
    assert len(exported) > 25  # more than the list's first page


def test_claims_csv_ignores_invalid_filters_as_the_list_does(viewer_client, many_claims):
    query = "kind=nonsense&stated_from=yesterday"
    exported = rows(viewer_client.get(f"{reverse('claim_export')}?{query}"))
    assert len(exported) == 90 == len(listed_ids(viewer_client, query))


@pytest.mark.parametrize("count", [10, 100])
def test_claims_csv_runs_the_same_queries_per_chunk(
    viewer_client, django_assert_num_queries, monkeypatch, count
):
    monkeypatch.setattr(exports, "CHUNK", 10)
    source, incident = make_source(), make_incident()
    place = make_place()
    for n in range(count):
        claim = make_claim(source=source, incident=incident, stated_on=date(2025, 10, 1 + n % 9))
        claim.places.add(place)
        make_figure(claim)
    previous = None
    for claim in incident.claims.order_by("id"):
        if previous:
            make_link(claim, previous)
        previous = claim
    # Session, user and the user's role (two: own and group permissions); per chunk: the claims, their sides, and four prefetches (places,
    # figures, outgoing and incoming links); then the dated claims' last, empty chunk and the
    # undated claims' (none here).
    queries = 4 + 6 * (count // 10) + 2
    with django_assert_num_queries(queries):
        assert len(rows(viewer_client.get(reverse("claim_export")))) == count
    with django_assert_num_queries(1 + queries):  # and the incident
        response = viewer_client.get(reverse("dossier_csv", args=[incident.slug]))
        assert len(rows(response)) == count


def test_claim_list_links_to_its_export_with_the_same_query(
    viewer_client, many_claims, htmx_headers
):
    query = f"kind=denial&incident={many_claims[0].slug}"
    expected = f'href="{reverse("claim_export")}?{query.replace("&", "&amp;")}"'
    page = viewer_client.get(f"{reverse('claim_list')}?{query}&page=2")
    assert expected in page.content.decode()
    # Swapped in with the results as the filters change.
    partial = viewer_client.get(f"{reverse('claim_list')}?{query}", headers=htmx_headers)
    assert expected in partial.content.decode()


def test_dossier_page_links_to_its_exports(viewer_client, dossier):
    html = viewer_client.get(reverse("incident_detail", args=[dossier[0].slug])).content.decode()
    assert f'href="{reverse("dossier_csv", args=[dossier[0].slug])}"' in html
    assert f'href="{reverse("dossier_json", args=[dossier[0].slug])}"' in html


def test_published_status_is_exported_as_is(viewer_client):
    incident = make_incident()
    make_claim(incident=incident, status=ClaimStatus.PUBLISHED)
    (row,) = rows(viewer_client.get(reverse("dossier_csv", args=[incident.slug])))
    assert row["status"] == "published"
