"""The same words of the same speaker, from the same span of a source, are recorded once."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape

from claims.models import Claim, ClaimLink
from tests.factories import make_actor, make_claim, make_source
from tests.test_claim_create import QUOTE, URL, claim_data
from tests.test_pairing import respond_url, response_post
from tests.test_pairing_suggestions import make_dossier

pytestmark = pytest.mark.django_db

SUMMARY = "Strikes <b>killed</b> 10"


def recorded() -> Claim:
    return make_claim(quote=QUOTE, summary=SUMMARY)


def link_to(claim: Claim) -> str:
    return f'<a href="{claim.get_absolute_url()}">{escape(claim.summary)}</a>'


def test_the_database_refuses_the_same_words_of_the_same_speaker_twice():
    first = recorded()
    second = Claim(
        speaker=first.speaker,
        source=first.source,
        kind="accusation",
        summary="Again",
        quote=first.quote,
        quote_start=first.quote_start,
        quote_end=first.quote_end,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert Claim.objects.count() == 1


def test_other_speakers_spans_and_unanchored_claims_are_not_refused():
    first = recorded()
    make_claim(quote=QUOTE, source=first.source)  # another speaker
    make_claim(quote="The army denied", speaker=first.speaker, source=first.source)
    make_claim(quote=QUOTE, speaker=first.speaker)  # another source
    for _ in range(2):
        make_claim(speaker=first.speaker, source=first.source)  # no quote, no offsets
    assert Claim.objects.count() == 6


@pytest.mark.parametrize("htmx", [False, True])
def test_record_form_links_to_the_claim_already_recorded(editor_client, htmx_headers, htmx):
    first = recorded()
    data = claim_data(speaker=first.speaker, source=first.source)
    response = editor_client.post(URL, data, headers=htmx_headers if htmx else {})
    assert response.status_code == 200
    assert "These words of this speaker are already recorded" in response.text
    assert link_to(first) in response.text
    assert "<b>killed</b>" not in response.text
    assert Claim.objects.count() == 1


def test_admin_add_form_links_to_the_claim_already_recorded(admin_client):
    first = recorded()
    data = {
        **claim_data(speaker=first.speaker, source=first.source),
        "credibility": "6",
        "figures-TOTAL_FORMS": "0",
        "figures-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:claims_claim_add"), data)
    assert response.status_code == 200
    assert link_to(first) in response.text
    assert Claim.objects.count() == 1


def test_recording_a_response_already_recorded_as_a_claim_is_a_form_error(editor_client):
    dossier = make_dossier()
    first = make_claim(
        speaker=dossier.ispr, source=dossier.source, quote="ISPR refuted these claims"
    )
    claims = Claim.objects.count()
    response = editor_client.post(respond_url(dossier.accusation), response_post(dossier))
    assert response.status_code == 200
    assert link_to(first) in response.text
    assert Claim.objects.count() == claims
    assert not ClaimLink.objects.filter(to_claim=dossier.accusation).exists()


def test_the_same_quote_of_another_speaker_is_recorded(editor_client):
    first = recorded()
    editor_client.post(URL, claim_data(speaker=make_actor(), source=first.source))
    assert Claim.objects.filter(source=first.source).count() == 2


def test_an_unanchored_claim_of_the_same_speaker_is_recorded(editor_client):
    first = make_claim(source=make_source(text=""))
    editor_client.post(URL, claim_data(speaker=first.speaker, source=first.source, quote=""))
    assert Claim.objects.filter(source=first.source).count() == 2
