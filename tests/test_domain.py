"""Derived domain facts: sides from affiliation chains, and which accusations are unanswered."""

import pytest

from claims.models import Actor, Claim, name_key
from claims.sides import SideMap, resolve_roots
from tests.factories import make_actor, make_claim, make_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def pakistan():
    government = make_actor(name="Government of Pakistan", kind="government")
    forces = make_actor(name="Pakistan Armed Forces", kind="military", parent=government)
    ispr = make_actor(name="ISPR", kind="organization", parent=forces)
    dg = make_actor(name="DG ISPR", parent=ispr)
    return government, forces, ispr, dg


def test_side_is_the_root_of_the_affiliation_chain(pakistan):
    government, _, _, dg = pakistan
    assert dg.side == government
    assert government.side == government
    assert [actor.name for actor in dg.affiliation_chain()] == [
        "DG ISPR",
        "ISPR",
        "Pakistan Armed Forces",
        "Government of Pakistan",
    ]


def test_side_map_agrees_with_the_chain_in_one_query(pakistan, django_assert_num_queries):
    government, forces, ispr, dg = pakistan
    taliban = make_actor(name="Afghan Taliban", kind="government")
    with django_assert_num_queries(1):
        sides = SideMap.for_actors([dg.pk, taliban.pk])
    assert sides.of(dg.pk).name == "Government of Pakistan"
    assert sides.of(taliban.pk).name == "Afghan Taliban"
    assert sides.of(dg.pk).css_class != sides.of(taliban.pk).css_class
    assert set(Actor.objects.on_side(government)) == {government, forces, ispr, dg}
    assert set(Actor.objects.on_side(taliban)) == {taliban}
    assert [ref.name for ref in sides.chain(dg.pk)] == [a.name for a in dg.affiliation_chain()]
    assert sides.chain(dg.pk)[1].get_absolute_url() == ispr.get_absolute_url()


def test_side_map_reads_only_the_chains_of_the_actors_asked_for(pakistan):
    government, forces, ispr, _ = pakistan
    make_actor(name="Unrelated", parent=make_actor(name="Elsewhere"))
    sides = SideMap.for_actors([ispr.pk])
    assert set(sides.names) == {ispr.pk, forces.pk, government.pk}
    assert SideMap.for_actors([]).roots == {}


def test_side_colour_is_the_sides_place_in_recording_order_whoever_is_asked_about():
    roots = [make_actor(name=f"Side {n}") for n in range(8)]
    member = make_actor(name="Member of the last", parent=roots[7])
    alone = SideMap.for_actors([member.pk])
    together = SideMap.for_actors(root.pk for root in roots)
    assert [together.of(root.pk).colour for root in roots] == [0, 1, 2, 3, 4, 5, 0, 1]
    assert alone.of(member.pk) == together.of(roots[7].pk)


def test_claims_on_a_side_include_its_members_claims(pakistan):
    government, _, _, dg = pakistan
    by_dg = make_claim(speaker=dg)
    make_claim(speaker=make_actor(name="Afghan Taliban"))
    assert list(Claim.objects.on_side(government)) == [by_dg]


def test_resolve_roots_survives_a_loop_written_behind_validation():
    assert resolve_roots({1: 2, 2: 1, 3: 1}) == {1: 1, 2: 1, 3: 1}


def test_accusation_is_unanswered_until_denied_or_disputed():
    accusation = make_claim(kind="accusation")
    assert list(Claim.objects.unanswered_accusations()) == [accusation]
    assert accusation.is_unanswered_accusation

    make_link(make_claim(kind="assertion"), accusation, relation="supports")
    assert accusation.is_unanswered_accusation

    make_link(make_claim(kind="denial"), accusation, relation="disputes")
    assert not Claim.objects.unanswered_accusations().exists()
    assert not accusation.is_unanswered_accusation


def test_only_accusations_can_be_unanswered():
    make_claim(kind="assertion")
    assert not Claim.objects.unanswered_accusations().exists()


def test_responses_read_both_ways():
    accusation = make_claim(kind="accusation")
    denial = make_claim(kind="denial")
    link = make_link(denial, accusation, relation="denies", facets=["occurrence"])
    assert list(accusation.responses()) == [link]
    assert list(denial.responds_to()) == [link]
    assert link.facet_labels() == ["Occurrence"]


def test_claims_on_a_side(pakistan):
    _, _, _, dg = pakistan
    denial = make_claim(speaker=dg, kind="denial")
    make_claim(kind="accusation")
    assert list(Claim.objects.on_side(pakistan[0])) == [denial]


def test_quote_in_context_surrounds_the_quote():
    claim = make_claim(quote="airstrikes in Khost")
    before, quote, after = claim.quote_in_context(width=10)
    assert quote == "airstrikes in Khost"
    assert before == "army of "  # cut at a word boundary, not mid-word
    assert after == " that"


def test_actors_named_matches_names_then_whole_aliases_in_one_query(django_assert_num_queries):
    ispr = make_actor(name="Inter-Services Public Relations", aliases="ISPR\nPakistan military")
    make_actor(name="ISPR Watch")
    named = make_actor(name="Pakistan Military")
    with django_assert_num_queries(1):
        found = Actor.objects.named(["ispr", "  pakistan   military ", "SPR", "Nobody", ""])
    assert found == {name_key("ispr"): ispr, name_key("pakistan military"): named}
