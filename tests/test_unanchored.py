"""A claim without a quote anchored in its source is marked unanchored wherever it appears."""

import re

import pytest
from django.urls import reverse

from claims.models import Claim
from tests.factories import make_actor, make_claim, make_incident, make_link, make_source

pytestmark = pytest.mark.django_db

MARK = re.compile(r'<span class="badge unanchored"[^>]*>unanchored</span>')


@pytest.fixture
def claims():
    incident = make_incident()
    unanchored = make_claim(incident=incident, summary="Said somewhere, quoted nowhere")
    anchored = make_claim(incident=incident, quote="The army denied", kind="denial")
    # As the ClaimReview import records one: a quote, from a source whose text was not captured.
    imported = Claim.objects.create(
        speaker=make_actor(),
        source=make_source(text=""),
        incident=incident,
        kind="accusation",
        summary="Imported",
        quote="words from an unread page",
    )
    make_link(anchored, unanchored)
    return incident, unanchored, anchored, imported


def marks(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return len(MARK.findall(response.text))


def test_claim_page_marks_an_unanchored_claim_and_only_that(viewer_client, claims):
    _, unanchored, anchored, imported = claims
    assert marks(viewer_client, unanchored.get_absolute_url()) == 1
    assert marks(viewer_client, imported.get_absolute_url()) == 1
    # The anchored claim's page lists the unanchored one it answers.
    assert marks(viewer_client, anchored.get_absolute_url()) == 1


def test_lists_desk_dossier_and_pairing_mark_each_unanchored_claim(
    viewer_client, editor_client, claims
):
    incident, unanchored, *_ = claims
    assert marks(viewer_client, reverse("claim_list")) == 2
    assert marks(viewer_client, reverse("desk")) >= 2
    assert marks(viewer_client, incident.get_absolute_url()) >= 1
    assert marks(editor_client, reverse("claim_pair", args=[unanchored.pk])) >= 1
    assert marks(viewer_client, reverse("claim_list") + "?q=unread") == 1
