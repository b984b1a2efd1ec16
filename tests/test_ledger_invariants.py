"""Every ledger invariant is refused twice: as a clear validation message, and by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Actor, Claim, ClaimLink, EvidenceLink, Figure, Place, Source
from tests.factories import (
    SOURCE_TEXT,
    make_actor,
    make_claim,
    make_evidence,
    make_figure,
    make_link,
    make_source,
)

pytestmark = pytest.mark.django_db


def refused_by_database(write) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_claim_link_to_itself_is_refused():
    claim = make_claim()
    link = ClaimLink(from_claim=claim, to_claim=claim, relation="denies")
    with pytest.raises(ValidationError, match="cannot respond to itself"):
        link.full_clean()
    refused_by_database(link.save)
    assert ClaimLink.objects.count() == 0


def test_duplicate_claim_link_is_refused():
    accusation, denial = make_claim(), make_claim(kind="denial")
    make_link(denial, accusation)
    duplicate = ClaimLink(from_claim=denial, to_claim=accusation, relation="denies")
    with pytest.raises(ValidationError, match="already linked this way"):
        duplicate.full_clean()
    refused_by_database(duplicate.save)
    assert ClaimLink.objects.count() == 1


def test_same_pair_may_carry_a_different_relation():
    accusation, response = make_claim(), make_claim(kind="denial")
    make_link(response, accusation, relation="denies")
    make_link(response, accusation, relation="qualifies")
    assert ClaimLink.objects.count() == 2


def test_unknown_facet_is_refused_and_known_ones_are_put_in_order():
    link = ClaimLink(from_claim=make_claim(), to_claim=make_claim(), relation="disputes")
    link.facets = ["bogus"]
    with pytest.raises(ValidationError, match="Unknown facet"):
        link.full_clean()
    link.facets = ["civilian_status", "occurrence", "occurrence"]
    link.full_clean()
    assert link.facets == ["occurrence", "civilian_status"]


def test_pasted_quote_is_anchored_at_its_offsets():
    source = make_source()
    claim = Claim(speaker=make_actor(), source=source, kind="denial", summary="Denied")
    claim.quote = "denied that any strikes took place"
    claim.full_clean()
    assert SOURCE_TEXT[claim.quote_start : claim.quote_end] == claim.quote


def test_quote_absent_from_source_is_a_clear_error():
    claim = Claim(speaker=make_actor(), source=make_source(), kind="denial", summary="x")
    claim.quote = "this sentence is nowhere"
    with pytest.raises(ValidationError, match="does not appear in the source text"):
        claim.full_clean()


def test_ambiguous_quote_names_every_place_it_appears():
    claim = Claim(speaker=make_actor(), source=make_source(), kind="denial", summary="x")
    claim.quote = "strikes"
    with pytest.raises(ValidationError, match=r"appears 2 times .*at 40, 108"):
        claim.full_clean()


def test_ambiguous_quote_is_accepted_with_a_chosen_start():
    claim = Claim(speaker=make_actor(), source=make_source(), kind="denial", summary="x")
    claim.quote, claim.quote_start = "strikes", 108
    claim.full_clean()
    assert claim.quote_end == 115


def test_quote_that_differs_from_source_at_its_offsets_is_refused():
    claim = make_claim(quote="airstrikes in Khost")
    claim.quote = "airstrikes in Kunar"
    with pytest.raises(ValidationError, match="reads “airstrikes in Khost”"):
        claim.full_clean()
    refused_by_database(claim.save)
    claim.refresh_from_db()
    assert claim.quote == "airstrikes in Khost"


def test_database_refuses_offsets_that_do_not_span_the_quote():
    claim = make_claim(quote="airstrikes in Khost")
    refused_by_database(lambda: Claim.objects.filter(pk=claim.pk).update(quote_end=5))


def test_database_refuses_a_source_text_edit_that_moves_a_quote():
    claim = make_claim(quote="airstrikes in Khost")
    source = claim.source
    source.text = "Prefix. " + source.text
    with pytest.raises(ValidationError, match="would move 1 anchored quote"):
        source.full_clean()
    refused_by_database(source.save)
    source.refresh_from_db()
    assert source.text == SOURCE_TEXT


def test_source_text_edit_that_keeps_quotes_in_place_is_allowed():
    claim = make_claim(quote="airstrikes in Khost")
    source = claim.source
    source.text = source.text + " Later, more was said."
    source.full_clean()
    source.save()
    assert source.text_sha256 != Source.objects.get(pk=make_source().pk).text_sha256


def test_source_text_hash_is_computed_not_typed():
    source = make_source(text="abc")
    assert source.text_sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    source.text_sha256 = "0" * 64
    source.save()
    source.refresh_from_db()
    assert source.text_sha256.startswith("ba7816bf")


def test_figure_low_above_high_is_refused():
    claim = make_claim()
    figure = Figure(claim=claim, measure="killed", group="civilians", low=11, high=10)
    with pytest.raises(ValidationError, match="cannot be below the low one"):
        figure.full_clean()
    refused_by_database(figure.save)
    assert Figure.objects.count() == 0


def test_figure_high_defaults_to_low():
    figure = Figure(claim=make_claim(), measure="killed", group="civilians", low=10)
    figure.full_clean()
    assert figure.high == 10


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/x", "//x"]
)
def test_non_web_urls_are_refused(url):
    source = Source(title="x", text="", url=url)
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "url" in error.value.message_dict
    refused_by_database(source.save)
    assert not Source.objects.filter(title="x").exists()


def test_evidence_needs_a_url_or_a_source():
    evidence = EvidenceLink(claim=make_claim())
    with pytest.raises(ValidationError, match="Give a URL or pick a source"):
        evidence.full_clean()
    refused_by_database(evidence.save)


def test_evidence_url_is_recorded_once_per_claim():
    claim = make_claim()
    make_evidence(claim, url="https://example.org/report")
    duplicate = EvidenceLink(claim=claim, url="https://example.org/report")
    with pytest.raises(ValidationError, match="already evidence on this claim"):
        duplicate.full_clean()
    refused_by_database(duplicate.save)


def test_evidence_hash_must_be_hex_sha256():
    evidence = EvidenceLink(claim=make_claim(), url="https://example.org/a", content_sha256="abc")
    with pytest.raises(ValidationError, match="64 hexadecimal digits"):
        evidence.full_clean()
    refused_by_database(evidence.save)


@pytest.mark.parametrize("credibility", [0, 7])
def test_credibility_outside_admiralty_scale_is_refused(credibility):
    claim = make_claim()
    claim.credibility = credibility
    with pytest.raises(ValidationError) as error:
        claim.full_clean()
    assert "credibility" in error.value.message_dict
    refused_by_database(claim.save)


def test_reliability_outside_admiralty_scale_is_refused():
    source = make_source()
    source.reliability = "G"
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "reliability" in error.value.message_dict
    refused_by_database(source.save)


def test_actor_cannot_be_its_own_ancestor():
    party = make_actor(name="Party")
    member = make_actor(name="Member", parent=party)
    party.parent = member
    with pytest.raises(ValidationError, match="would make a loop"):
        party.full_clean()
    refused_by_database(lambda: Actor.objects.filter(pk=party.pk).update(parent=party))


def test_actor_names_are_unique_ignoring_case():
    make_actor(name="ISPR")
    with pytest.raises(ValidationError):
        Actor(name="ispr", kind="organization").full_clean()
    refused_by_database(lambda: Actor.objects.create(name="ispr", kind="organization"))


def test_place_coordinates_must_be_on_earth():
    place = Place(name="Nowhere", latitude=95, longitude=10)
    with pytest.raises(ValidationError):
        place.full_clean()
    refused_by_database(place.save)


def test_protected_records_cannot_be_deleted_by_cascade():
    claim = make_claim()
    make_figure(claim)
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        claim.delete()
    assert Claim.objects.filter(pk=claim.pk).exists()
