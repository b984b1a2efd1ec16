"""Pairing suggestions: which claims the workspace proposes, in what order, and why."""

import datetime
from types import SimpleNamespace

import pytest

from claims import pairing
from claims.models import Claim
from tests.factories import (
    make_actor,
    make_claim,
    make_incident,
    make_link,
    make_place,
    make_source,
)

pytestmark = pytest.mark.django_db

DOSSIER_TEXT = (
    "Taliban spokesperson Zabihullah Mujahid accused Pakistan of airstrikes in Khost and Kunar, "
    "claiming 10 civilians were killed. ISPR refuted these claims, saying Pakistan has not "
    "conducted any strikes in Khost or anywhere inside Afghanistan. The Taliban vowed to respond "
    "when deemed appropriate. Khawaja Asif said the Taliban had failed to honour their "
    "responsibilities. Separately, a UN envoy in Geneva called for calm across the region."
)
NOV = datetime.date(2025, 11, 25)
NEXT_DAY = datetime.date(2025, 11, 26)


def make_dossier() -> SimpleNamespace:
    """The seed case in small: Mujahid's accusation, ISPR's denial, and claims around them."""
    government = make_actor(name="Government of Pakistan", kind="government")
    army = make_actor(name="Pakistan Armed Forces", kind="military", parent=government)
    ispr = make_actor(name="ISPR", kind="organization", parent=army)
    asif = make_actor(name="Khawaja Asif", parent=government)
    taliban = make_actor(name="Afghan Taliban", kind="government")
    mujahid = make_actor(name="Zabihullah Mujahid", parent=taliban)
    envoy = make_actor(name="UN envoy", kind="international_body")
    khost, kunar = make_place(name="Khost"), make_place(name="Kunar")
    incident = make_incident(title="Airstrikes in Khost and Kunar")
    source = make_source(title="The article", text=DOSSIER_TEXT)

    accusation = make_claim(
        speaker=mujahid,
        source=source,
        incident=incident,
        kind="accusation",
        summary="Pakistan carried out airstrikes in Khost and Kunar that killed 10 civilians.",
        quote="accused Pakistan of airstrikes in Khost and Kunar, claiming 10 civilians were killed",
        stated_on=NOV,
    )
    accusation.places.set([khost, kunar])
    accusation.accused.set([army])
    denial = make_claim(
        speaker=ispr,
        source=source,
        incident=incident,
        kind="denial",
        summary="Pakistan has not conducted any strikes inside Afghanistan.",
        quote="Pakistan has not conducted any strikes in Khost or anywhere inside Afghanistan",
        stated_on=NEXT_DAY,
    )
    vow = make_claim(
        speaker=taliban,
        source=source,
        incident=incident,
        kind="commitment",
        summary="The Taliban will respond to the strikes.",
        quote="The Taliban vowed to respond when deemed appropriate.",
        stated_on=NOV,
    )
    counter = make_claim(
        speaker=asif,
        source=source,
        kind="accusation",
        summary="The Taliban failed to honour their responsibilities.",
        quote="the Taliban had failed to honour their responsibilities",
        stated_on=NOV,
    )
    counter.accused.set([taliban])
    geneva = make_claim(
        speaker=envoy,
        source=source,
        kind="assertion",
        summary="A UN envoy called for calm.",
        quote="a UN envoy in Geneva called for calm across the region",
        stated_on=NOV,
    )
    return SimpleNamespace(
        accusation=accusation,
        denial=denial,
        vow=vow,
        counter=counter,
        geneva=geneva,
        ispr=ispr,
        army=army,
        incident=incident,
        source=source,
        khost=khost,
    )


def suggested(claim: Claim, **kwargs) -> list[Claim]:
    return [suggestion.claim for suggestion in pairing.suggest(claim, **kwargs)]


def test_the_denial_from_the_accused_side_ranks_first_with_its_reasons():
    dossier = make_dossier()
    best = pairing.suggest(dossier.accusation)[0]
    assert best.claim == dossier.denial
    for reason in (
        "same incident",
        "mentions Khost",
        "ISPR is on the accused side",
        "a denial",
        "stated after",
    ):
        assert reason in best.reasons
    assert best.reasons.index("same incident") < best.reasons.index("a denial")


def test_suggestions_are_ranked_by_score_and_each_says_why():
    dossier = make_dossier()
    suggestions = pairing.suggest(dossier.accusation)
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
    counter = next(s for s in suggestions if s.claim == dossier.counter)
    assert counter.reasons == ["Khawaja Asif is on the accused side", "same day"]
    vow = next(s for s in suggestions if s.claim == dossier.vow)
    assert "same incident" in vow.reasons
    assert "is on the accused side" not in " ".join(vow.reasons)


def test_a_claim_about_something_else_is_not_suggested():
    dossier = make_dossier()
    assert dossier.geneva not in suggested(dossier.accusation)


def test_from_the_denial_the_accusation_it_may_answer_is_proposed():
    dossier = make_dossier()
    suggestions = pairing.suggest(dossier.denial)
    assert [s.claim for s in suggestions] == [dossier.accusation]
    reasons = suggestions[0].reasons
    for reason in ("same incident", "mentions Khost", "accuses ISPR’s side", "stated before"):
        assert reason in reasons


def test_only_accusations_are_proposed_from_a_response():
    dossier = make_dossier()
    assertion = make_claim(speaker=dossier.ispr, incident=dossier.incident, kind="assertion")
    assert {claim.kind for claim in suggested(assertion)} == {"accusation"}


def test_the_claim_itself_is_never_suggested():
    dossier = make_dossier()
    assert dossier.accusation not in suggested(dossier.accusation)
    assert dossier.accusation not in suggested(dossier.accusation, query="airstrikes")
    assert dossier.denial not in suggested(dossier.denial, query=f"#{dossier.denial.pk}")


def test_claims_already_paired_that_way_are_not_suggested_again():
    dossier = make_dossier()
    make_link(dossier.denial, dossier.accusation)
    assert dossier.denial not in suggested(dossier.accusation)
    assert dossier.accusation not in suggested(dossier.denial)
    assert dossier.denial not in suggested(dossier.accusation, query="strikes")


def test_a_link_the_other_way_does_not_hide_a_candidate():
    dossier = make_dossier()
    make_link(dossier.accusation, dossier.denial, relation="disputes")
    assert suggested(dossier.accusation)[0] == dossier.denial


def test_query_finds_a_claim_outside_the_pool():
    dossier = make_dossier()
    found = pairing.suggest(dossier.accusation, query="geneva calm")
    assert [s.claim for s in found] == [dossier.geneva]
    assert suggested(dossier.accusation, query=f"#{dossier.geneva.pk}") == [dossier.geneva]
    assert suggested(dossier.accusation, query="geneva nowhere") == []
    # A bare number is words to look for ("10 civilians"), not an id.
    assert suggested(dossier.denial, query="10") == [dossier.accusation]


def test_query_matches_a_speakers_alias():
    dossier = make_dossier()
    dossier.ispr.aliases = "Inter-Services Public Relations"
    dossier.ispr.save()
    assert suggested(dossier.accusation, query="inter-services") == [dossier.denial]


def test_similar_wording_is_a_reason():
    dossier = make_dossier()
    echo = make_claim(
        source=make_source(text="Pakistan carried out airstrikes in Khost and Kunar, he said."),
        kind="assertion",
        summary="Pakistan carried out airstrikes in Khost and Kunar that killed 10 civilians.",
        quote="Pakistan carried out airstrikes in Khost and Kunar",
    )
    found = next(
        s for s in pairing.suggest(dossier.accusation, query="airstrikes") if s.claim == echo
    )
    assert "similar wording" in found.reasons


def test_each_sub_pool_is_capped_newest_first(monkeypatch):
    dossier = make_dossier()
    monkeypatch.setattr(pairing, "SUB_POOL_SIZE", 2)
    envoy = dossier.geneva.speaker  # on no side of the dispute, at no place, in other words
    older, *newest = [
        make_claim(speaker=envoy, incident=dossier.incident, kind="assertion") for _ in "abc"
    ]
    found = suggested(dossier.accusation)
    # The incident's newest two push out its older claims; the denial is found by its place.
    assert set(newest) <= set(found)
    assert older not in found
    assert dossier.vow not in found
    assert dossier.denial in found


def test_a_claim_found_only_by_a_shared_place_is_suggested():
    dossier = make_dossier()
    elsewhere = make_claim(speaker=dossier.geneva.speaker, kind="assertion", summary="Ruins.")
    elsewhere.places.add(dossier.khost)
    found = next(s for s in pairing.suggest(dossier.accusation) if s.claim == elsewhere)
    assert found.reasons == ["mentions Khost", "an assertion"]


def test_a_claim_found_only_by_its_speakers_side_is_suggested():
    dossier = make_dossier()
    spokesman = make_actor(name="Army spokesman", parent=dossier.army)
    aside = make_claim(speaker=spokesman, kind="commitment", summary="Training goes on.")
    found = next(s for s in pairing.suggest(dossier.accusation) if s.claim == aside)
    assert found.reasons == ["Army spokesman is on the accused side"]


def test_an_accusation_found_only_by_whom_it_accuses_is_proposed_to_a_response():
    dossier = make_dossier()
    blame = make_claim(speaker=dossier.geneva.speaker, kind="accusation", summary="Shelling.")
    blame.accused.add(make_actor(name="Army spokesman", parent=dossier.army))
    found = next(s for s in pairing.suggest(dossier.denial) if s.claim == blame)
    assert found.reasons == ["accuses ISPR’s side", "an accusation"]


def test_a_claim_found_only_by_its_wording_is_suggested():
    dossier = make_dossier()
    echo = make_claim(
        speaker=dossier.geneva.speaker,
        source=make_source(text="Reports of airstrikes reached Geneva."),
        kind="assertion",
        summary="Reports of airstrikes reached Geneva.",
        quote="Reports of airstrikes reached Geneva.",
    )
    found = next(s for s in pairing.suggest(dossier.accusation) if s.claim == echo)
    assert found.reasons == ["an assertion"]
    assert found.score > pairing.ANSWERING_KIND["assertion"]  # the shared word counts


def test_limit_bounds_the_number_of_suggestions():
    dossier = make_dossier()
    assert len(pairing.suggest(dossier.accusation, limit=1)) == 1


@pytest.mark.parametrize("rows", [5, 50])
def test_suggest_runs_a_fixed_number_of_queries(django_assert_num_queries, monkeypatch, rows):
    # With a cap of 10, the 50-row ledger has five times more claims on the accused side,
    # in the incident and at Khost than any sub-pool takes.
    monkeypatch.setattr(pairing, "SUB_POOL_SIZE", 10)
    dossier = make_dossier()
    for _ in range(rows):
        candidate = make_claim(speaker=dossier.ispr, incident=dossier.incident, kind="denial")
        candidate.places.add(dossier.khost)
    accusation = Claim.objects.get(pk=dossier.accusation.pk)
    # the accusation's places, its accused, sides, the accused side's nearest members, the
    # pool, the pool's places, their sides
    with django_assert_num_queries(7):
        suggestions = pairing.suggest(accusation)
    assert len(suggestions) == min(rows + 3, 10)  # the new denials, ISPR's, the vow, Asif's


@pytest.mark.parametrize("rows", [5, 50])
def test_suggest_from_a_response_runs_a_fixed_number_of_queries(
    django_assert_num_queries, monkeypatch, rows
):
    monkeypatch.setattr(pairing, "SUB_POOL_SIZE", 10)
    dossier = make_dossier()
    for _ in range(rows):
        candidate = make_claim(incident=dossier.incident, kind="accusation")
        candidate.accused.add(dossier.ispr)
        candidate.places.add(dossier.khost)
    denial = Claim.objects.with_context().get(pk=dossier.denial.pk)
    # the denial's places, its accused, sides, its side's nearest members, the pool, its
    # places and accused, their sides
    with django_assert_num_queries(8):
        suggestions = pairing.suggest(denial)
    assert len(suggestions) == min(rows + 1, 10)  # the new accusations and Mujahid's


def test_the_side_sub_pool_reads_only_the_members_nearest_the_root(monkeypatch):
    dossier = make_dossier()
    # The government, then the army and Asif, then ISPR; the unit and its member are deeper.
    monkeypatch.setattr(pairing, "SIDE_MEMBERS", 4)
    deep = make_actor(name="Deep member", parent=make_actor(name="Unit", parent=dossier.ispr))
    far = make_claim(speaker=deep, kind="commitment", summary="Drills go on.")
    near = make_claim(speaker=dossier.ispr, kind="commitment", summary="Drills go on.")
    found = suggested(dossier.accusation)
    assert near in found
    assert far not in found
