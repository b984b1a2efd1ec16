"""The pairing workspace: pairing in one action, undo, recording a response, and who may."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims import pairing
from claims.models import Claim, ClaimLink
from tests.factories import make_claim, make_link, make_user
from tests.test_pairing_suggestions import make_dossier

pytestmark = pytest.mark.django_db

ASIF_QUOTE = "Khawaja Asif said the Taliban had failed to honour their responsibilities."


def pair_url(claim: Claim) -> str:
    return reverse("claim_pair", args=[claim.pk])


def link_url(claim: Claim) -> str:
    return reverse("link_create", args=[claim.pk])


def respond_url(claim: Claim) -> str:
    return reverse("response_create", args=[claim.pk])


def undo_url(link: ClaimLink) -> str:
    return reverse("link_undo", args=[link.pk])


def pairing_post(candidate, relation: str = "denies", **extra) -> dict:
    """What a pair form under a suggestion sends; `candidate` may be a claim or a raw value."""
    candidate = getattr(candidate, "pk", candidate)
    return {"candidate": candidate, "relation": relation, "facets": ["occurrence"], **extra}


def response_post(dossier, **overrides) -> dict:
    return {
        "speaker": dossier.ispr.pk,
        "source": dossier.source.pk,
        "quote": "ISPR refuted these claims",
        "kind": "denial",
        "summary": "ISPR refutes the claims of airstrikes.",
        "stated_on": "2025-11-26",
        "relation": "denies",
        "facets": ["occurrence", "civilian_status"],
        "note": "The same statement, its opening words.",
        **overrides,
    }


def response_fields(dossier) -> dict:
    """ISPR's opening words, as a claim's fields for `pairing.record_response`."""
    return {
        "speaker": dossier.ispr,
        "source": dossier.source,
        "quote": "ISPR refuted these claims",
        "kind": "denial",
        "summary": "ISPR refutes it.",
    }


# The service


def test_pair_records_the_response_as_from_claim_with_facets_in_order():
    dossier = make_dossier()
    editor = make_user()
    link = pairing.pair(
        dossier.denial, dossier.accusation, "denies", ["civilian_status", "occurrence"], by=editor
    )
    link.refresh_from_db()
    assert (link.from_claim, link.relation, link.to_claim) == (
        dossier.denial,
        "denies",
        dossier.accusation,
    )
    assert link.facets == ["occurrence", "civilian_status"]
    assert link.created_by == editor


def test_pair_refuses_a_self_link_with_a_clear_message():
    dossier = make_dossier()
    with pytest.raises(ValidationError) as refused:
        pairing.pair(dossier.accusation, dossier.accusation, "denies", [])
    assert refused.value.messages == ["A claim cannot respond to itself."]
    assert ClaimLink.objects.count() == 0


def test_pair_refuses_a_duplicate_with_a_clear_message():
    dossier = make_dossier()
    make_link(dossier.denial, dossier.accusation, relation="denies")
    with pytest.raises(ValidationError) as refused:
        pairing.pair(dossier.denial, dossier.accusation, "denies", ["occurrence"])
    assert refused.value.messages == ["These two claims are already linked this way."]
    assert ClaimLink.objects.count() == 1


def test_pair_turns_a_lost_race_into_the_duplicate_message(monkeypatch):
    dossier = make_dossier()
    make_link(dossier.denial, dossier.accusation, relation="denies")
    # The other editor's pairing lands after our check and before our insert.
    monkeypatch.setattr(ClaimLink, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(ValidationError) as refused:
        pairing.pair(dossier.denial, dossier.accusation, "denies", [])
    assert refused.value.messages == ["These two claims are already linked this way."]
    assert ClaimLink.objects.count() == 1


def test_undo_deletes_only_that_link():
    dossier = make_dossier()
    link = make_link(dossier.denial, dossier.accusation)
    kept = make_link(dossier.vow, dossier.accusation, relation="supports")
    pairing.undo(link, by=make_user())
    assert list(ClaimLink.objects.all()) == [kept]


def test_record_response_creates_an_anchored_claim_and_pairs_it():
    dossier = make_dossier()
    editor = make_user()
    link = pairing.record_response(
        dossier.accusation, response_fields(dossier), "denies", ["occurrence"], by=editor
    )
    response = link.from_claim
    assert dossier.source.text[response.quote_start : response.quote_end] == response.quote
    assert (response.incident, response.created_by) == (dossier.incident, editor)
    assert (link.to_claim, link.relation, link.created_by) == (dossier.accusation, "denies", editor)


def test_record_response_refuses_the_same_response_recorded_twice():
    dossier = make_dossier()
    pairing.record_response(dossier.accusation, response_fields(dossier), "denies", ["occurrence"])
    with pytest.raises(ValidationError, match="already recorded"):
        pairing.record_response(
            dossier.accusation, response_fields(dossier), "disputes", ["occurrence"]
        )
    assert ClaimLink.objects.filter(to_claim=dossier.accusation).count() == 1


def test_record_response_writes_nothing_when_the_link_is_refused():
    dossier = make_dossier()
    claims = Claim.objects.count()
    with pytest.raises(ValidationError):
        pairing.record_response(
            dossier.accusation, response_fields(dossier), "rebuts", ["occurrence"]
        )
    assert Claim.objects.count() == claims
    assert ClaimLink.objects.count() == 0


# The page


def test_pair_page_requires_sign_in(client):
    dossier = make_dossier()
    response = client.get(pair_url(dossier.accusation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_pair_page_shows_the_claim_ranked_suggestions_reasons_and_links(editor_client):
    dossier = make_dossier()
    make_link(
        dossier.vow, dossier.accusation, relation="supports", note="Takes the strikes as given."
    )
    response = editor_client.get(pair_url(dossier.accusation))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "Find the response" in html
    assert dossier.accusation.quote in html
    suggestions = response.context["suggestions"]
    assert suggestions[0].claim == dossier.denial
    assert "same incident · mentions Khost · ISPR is on the accused side · a denial" in html
    assert f'name="candidate" value="{dossier.denial.pk}"' in html
    assert 'name="q"' in html
    assert "Takes the strikes as given." in html
    assert f'action="{undo_url(ClaimLink.objects.get())}"' in html
    assert f'action="{respond_url(dossier.accusation)}"' in html


def test_the_page_has_one_pairing_form_and_a_pair_button_per_suggestion(editor_client):
    dossier = make_dossier()
    for _ in range(8):
        make_claim(speaker=dossier.ispr, incident=dossier.incident, kind="denial")
    response = editor_client.get(pair_url(dossier.accusation))
    html = response.content.decode()
    suggestions = response.context["suggestions"]
    assert len(suggestions) == 10
    assert html.count('<form id="pair-form"') == 1
    assert html.count(f'action="{link_url(dossier.accusation)}"') == 1
    assert html.count('name="relation"') == 2  # the pairing form's and the response form's
    for suggestion in suggestions:
        button = f'form="pair-form" name="candidate" value="{suggestion.claim.pk}"'
        assert html.count(button) == 1


def test_the_pairing_form_leaves_the_relation_to_each_candidates_kind(editor_client):
    dossier = make_dossier()
    response = editor_client.get(pair_url(dossier.accusation))
    form = response.context["pair_form"]
    assert form["relation"].value() == ""
    assert form["facets"].value() == ["occurrence"]
    relations = {s.claim: s.relation for s in response.context["suggestions"]}
    assert (relations[dossier.denial], relations[dossier.vow]) == ("denies", "supports")
    html = response.content.decode()
    assert 'id="pair-relation"' in html
    assert "by default it denies this claim" in html


def test_pair_page_from_a_denial_proposes_the_accusation_and_the_denial_relation(editor_client):
    dossier = make_dossier()
    response = editor_client.get(pair_url(dossier.denial))
    [suggestion] = response.context["suggestions"]
    assert suggestion.claim == dossier.accusation
    assert response.context["pair_form"]["relation"].value() == "denies"
    assert "Find what this answers" in response.content.decode()


def test_viewer_sees_the_suggestions_but_no_write_forms(viewer_client):
    dossier = make_dossier()
    make_link(dossier.vow, dossier.accusation, relation="supports")
    html = viewer_client.get(pair_url(dossier.accusation)).content.decode()
    assert dossier.denial.summary in html
    assert link_url(dossier.accusation) not in html
    assert respond_url(dossier.accusation) not in html
    assert "/undo/" not in html


def test_search_as_htmx_returns_only_the_suggestions(editor_client, htmx_headers):
    dossier = make_dossier()
    response = editor_client.get(
        pair_url(dossier.accusation), {"q": "geneva"}, headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith('<div id="suggestions"')
    assert dossier.geneva.summary in html
    assert dossier.denial.summary not in html
    assert response["Vary"].count("HX-Request") == 1


def test_search_as_a_full_page_keeps_the_query(editor_client):
    dossier = make_dossier()
    response = editor_client.get(pair_url(dossier.accusation), {"q": "geneva"})
    html = response.content.decode()
    assert "<html" in html
    assert 'value="geneva"' in html
    assert [s.claim for s in response.context["suggestions"]] == [dossier.geneva]


@pytest.mark.parametrize("query", ["²", "#²", "#٣", "#99999999999999999999999999", "#"])
def test_a_search_that_names_no_claim_finds_nothing_and_never_fails(editor_client, query):
    dossier = make_dossier()
    response = editor_client.get(pair_url(dossier.accusation), {"q": query})
    assert response.status_code == 200
    assert response.context["suggestions"] == []


def test_an_undo_from_an_unreadable_page_claim_is_404(editor_client):
    dossier = make_dossier()
    link = make_link(dossier.denial, dossier.accusation)
    response = editor_client.post(undo_url(ClaimLink(pk=link.pk + 1)), {"claim": "²"})
    assert response.status_code == 404


def test_pair_page_of_an_unknown_claim_is_404(editor_client):
    assert editor_client.get(reverse("claim_pair", args=[999999])).status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
def test_pair_page_query_count_does_not_grow_with_candidates(
    editor_client, django_assert_num_queries, rows
):
    dossier = make_dossier()
    for index in range(rows):
        candidate = make_claim(speaker=dossier.ispr, incident=dossier.incident, kind="denial")
        candidate.places.add(dossier.khost)
        if index % 2:
            make_link(candidate, dossier.accusation)
    # session, user, claim, its places, its accused, sides, the accused side's nearest
    # members, pool, pool places, responses, responds-to, role groups, two permission
    # lookups (the form's speaker and source are typed, not listed)
    with django_assert_num_queries(16):
        response = editor_client.get(pair_url(dossier.accusation))
    unpaired = rows - rows // 2
    assert len(response.context["suggestions"]) == min(unpaired + 3, 10)


@pytest.mark.parametrize("rows", [5, 50])
def test_htmx_pairing_query_count_does_not_grow_with_candidates(
    editor_client, htmx_headers, django_assert_num_queries, rows
):
    dossier = make_dossier()
    for _ in range(rows):
        candidate = make_claim(speaker=dossier.ispr, incident=dossier.incident, kind="denial")
        candidate.places.add(dossier.khost)
    # Session, user and permissions; the claim and candidate; the validated insert and its
    # version (each check constraint, the note's length among them, one checked SELECT); then
    # the links, suggestions and flash sections it sends back (one side map, one role lookup).
    with django_assert_num_queries(36):
        response = editor_client.post(
            link_url(dossier.accusation), pairing_post(dossier.denial), headers=htmx_headers
        )
    assert response.status_code == 200


# Pairing


def test_editor_pairs_a_candidate_with_a_plain_post(editor_client, editor):
    dossier = make_dossier()
    response = editor_client.post(link_url(dossier.accusation), pairing_post(dossier.denial))
    assert response.status_code == 302
    assert response["Location"] == pair_url(dossier.accusation)
    link = ClaimLink.objects.get()
    assert (link.from_claim, link.relation, link.to_claim) == (
        dossier.denial,
        "denies",
        dossier.accusation,
    )
    assert (link.facets, link.created_by) == (["occurrence"], editor)
    page = editor_client.get(response["Location"]).content.decode()
    assert "Paired: ISPR’s denial denies Zabihullah Mujahid’s accusation." in page


def test_plain_post_keeps_the_search_when_it_goes_back(editor_client):
    dossier = make_dossier()
    response = editor_client.post(
        link_url(dossier.accusation), pairing_post(dossier.geneva, relation="qualifies", q="geneva")
    )
    assert response["Location"] == f"{pair_url(dossier.accusation)}?q=geneva"


@pytest.mark.parametrize("query", ["0:" * 40_000, "word " * 20_000])
def test_a_search_of_thousands_of_words_reads_its_start(editor_client, query):
    dossier = make_dossier()
    assert editor_client.get(pair_url(dossier.accusation), {"q": query}).status_code == 200


def test_a_search_too_long_to_redirect_with_is_dropped_not_a_400_after_the_write(editor_client):
    dossier = make_dossier()
    link = make_link(dossier.denial, dossier.accusation)
    response = editor_client.post(undo_url(link), {"claim": dossier.accusation.pk, "q": "€" * 3000})
    assert response.status_code == 302
    assert response["Location"] == pair_url(dossier.accusation)
    assert not ClaimLink.objects.filter(pk=link.pk).exists()


def test_editor_pairs_with_htmx_and_gets_links_undo_suggestions_and_flash(
    editor_client, htmx_headers
):
    dossier = make_dossier()
    response = editor_client.post(
        link_url(dossier.accusation), pairing_post(dossier.denial), headers=htmx_headers
    )
    html = response.content.decode()
    link = ClaimLink.objects.get()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith('<section class="card" id="links"')
    assert "Paired: ISPR’s denial denies Zabihullah Mujahid’s accusation." in html
    assert f'action="{undo_url(link)}"' in html
    assert "autofocus>Undo" in html  # htmx focuses it after the swap
    assert '<div id="suggestions" class="suggestions" hx-swap-oob="true">' in html
    assert '<div id="messages" class="messages" aria-live="polite" hx-swap-oob="true">' in html
    assert 'id="record-response"' not in html  # what the editor may be typing there stays
    assert re.search(r'<form id="pair-form"[^>]* hx-swap-oob="true">', html)  # a fresh form
    suggestion_ids = [s.claim.pk for s in response.context["suggestions"]]
    assert dossier.denial.pk not in suggestion_ids


@pytest.mark.parametrize("htmx", [True, False])
def test_one_click_with_the_defaults_pairs_by_the_responses_kind(editor_client, htmx_headers, htmx):
    dossier = make_dossier()
    # What a suggestion's Pair button sends when the editor touched nothing else.
    defaults = {"candidate": dossier.vow.pk, "relation": "", "facets": ["occurrence"], "note": ""}
    response = editor_client.post(
        link_url(dossier.accusation), defaults, headers=htmx_headers if htmx else {}
    )
    assert response.status_code == (200 if htmx else 302)
    link = ClaimLink.objects.get()
    assert (link.from_claim, link.relation, link.facets) == (
        dossier.vow,
        "supports",
        ["occurrence"],
    )


def test_a_chosen_relation_overrides_the_kinds(editor_client):
    dossier = make_dossier()
    editor_client.post(
        link_url(dossier.accusation), pairing_post(dossier.vow, relation="qualifies")
    )
    assert ClaimLink.objects.get().relation == "qualifies"


def test_pairing_from_the_response_makes_it_the_from_claim(editor_client, htmx_headers):
    dossier = make_dossier()
    editor_client.post(
        link_url(dossier.denial), pairing_post(dossier.accusation), headers=htmx_headers
    )
    link = ClaimLink.objects.get()
    assert (link.from_claim, link.to_claim) == (dossier.denial, dossier.accusation)


def test_viewer_cannot_pair(viewer_client):
    dossier = make_dossier()
    response = viewer_client.post(link_url(dossier.accusation), pairing_post(dossier.denial))
    assert response.status_code == 403
    assert ClaimLink.objects.count() == 0


def test_anonymous_pairing_is_sent_to_sign_in(client):
    dossier = make_dossier()
    response = client.post(link_url(dossier.accusation), pairing_post(dossier.denial))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert ClaimLink.objects.count() == 0


def test_pairing_get_is_not_allowed(editor_client):
    dossier = make_dossier()
    assert editor_client.get(link_url(dossier.accusation)).status_code == 405


def test_self_link_with_htmx_says_so_in_place_and_writes_nothing(editor_client, htmx_headers):
    dossier = make_dossier()
    response = editor_client.post(
        link_url(dossier.accusation), pairing_post(dossier.accusation), headers=htmx_headers
    )
    assert response.status_code == 200
    assert "Not paired: A claim cannot respond to itself." in response.content.decode()
    assert ClaimLink.objects.count() == 0


def test_self_link_with_a_plain_post_is_a_409_with_the_message(editor_client):
    dossier = make_dossier()
    response = editor_client.post(link_url(dossier.accusation), pairing_post(dossier.accusation))
    assert response.status_code == 409
    assert "Not paired: A claim cannot respond to itself." in response.content.decode()
    assert ClaimLink.objects.count() == 0


def test_duplicate_with_htmx_says_so_in_place_and_writes_nothing(editor_client, htmx_headers):
    dossier = make_dossier()
    make_link(dossier.denial, dossier.accusation)
    response = editor_client.post(
        link_url(dossier.accusation), pairing_post(dossier.denial), headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not paired: These two claims are already linked this way." in html
    assert 'hx-swap-oob="true"' in html
    assert ClaimLink.objects.count() == 1


def test_duplicate_with_a_plain_post_is_a_409_with_the_message(editor_client):
    dossier = make_dossier()
    make_link(dossier.denial, dossier.accusation)
    response = editor_client.post(link_url(dossier.accusation), pairing_post(dossier.denial))
    assert response.status_code == 409
    assert "<html" in response.content.decode()
    assert "already linked this way" in response.content.decode()
    assert ClaimLink.objects.count() == 1


@pytest.mark.parametrize("htmx", [True, False])
def test_bad_relation_is_a_form_error_in_place(editor_client, htmx_headers, htmx):
    dossier = make_dossier()
    response = editor_client.post(
        link_url(dossier.accusation),
        pairing_post(dossier.denial, relation="rebuts"),
        headers=htmx_headers if htmx else {},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "“rebuts” is not a relation" in html
    # The submitted form comes back with the editor's choices and the error next to them.
    form = response.context["pair_form"]
    assert form.errors["relation"]
    assert form["relation"].value() == "rebuts"
    assert ClaimLink.objects.count() == 0


@pytest.mark.parametrize("candidate", ["999999", "abc", ""])
def test_unknown_candidate_is_a_clear_message(editor_client, htmx_headers, candidate):
    dossier = make_dossier()
    response = editor_client.post(
        link_url(dossier.accusation), pairing_post(candidate), headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not paired:" in html
    assert "search for it again" in html or "Say which claim" in html
    assert ClaimLink.objects.count() == 0


# Undo


def test_editor_undoes_a_pairing_with_htmx(editor_client, htmx_headers):
    dossier = make_dossier()
    link = make_link(dossier.denial, dossier.accusation)
    response = editor_client.post(
        undo_url(link), {"claim": dossier.accusation.pk}, headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith('<section class="card" id="links"')
    assert (
        "Undone: “ISPR’s denial denies Zabihullah Mujahid’s accusation” is off the record." in html
    )
    assert ClaimLink.objects.count() == 0
    # The denial is a candidate again.
    assert response.context["suggestions"][0].claim == dossier.denial
    assert 'id="pair-form"' not in html  # a note being typed there stays


def test_editor_undoes_a_pairing_with_a_plain_post(editor_client):
    dossier = make_dossier()
    link = make_link(dossier.denial, dossier.accusation)
    response = editor_client.post(undo_url(link), {"claim": dossier.accusation.pk})
    assert response.status_code == 302
    assert response["Location"] == pair_url(dossier.accusation)
    assert ClaimLink.objects.count() == 0


def test_undo_from_the_responses_page_goes_back_there(editor_client):
    dossier = make_dossier()
    link = make_link(dossier.denial, dossier.accusation)
    response = editor_client.post(undo_url(link), {"claim": dossier.denial.pk})
    assert response["Location"] == pair_url(dossier.denial)


def test_undoing_twice_says_it_is_already_undone(editor_client, htmx_headers):
    dossier = make_dossier()
    link = make_link(dossier.denial, dossier.accusation)
    editor_client.post(undo_url(link), {"claim": dossier.accusation.pk}, headers=htmx_headers)
    again = editor_client.post(
        undo_url(link), {"claim": dossier.accusation.pk}, headers=htmx_headers
    )
    assert again.status_code == 200
    assert "That pairing was already undone." in again.content.decode()


def test_viewer_cannot_undo(viewer_client):
    dossier = make_dossier()
    link = make_link(dossier.denial, dossier.accusation)
    response = viewer_client.post(undo_url(link), {"claim": dossier.accusation.pk})
    assert response.status_code == 403
    assert ClaimLink.objects.filter(pk=link.pk).exists()


def test_anonymous_undo_is_sent_to_sign_in(client):
    dossier = make_dossier()
    link = make_link(dossier.denial, dossier.accusation)
    response = client.post(undo_url(link), {"claim": dossier.accusation.pk})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert ClaimLink.objects.filter(pk=link.pk).exists()


# Recording the response


def test_editor_records_the_response_with_a_plain_post(editor_client, editor):
    dossier = make_dossier()
    response = editor_client.post(respond_url(dossier.accusation), response_post(dossier))
    assert response.status_code == 302
    assert response["Location"] == pair_url(dossier.accusation)
    link = ClaimLink.objects.get()
    recorded = link.from_claim
    assert (recorded.speaker, recorded.kind, recorded.created_by) == (
        dossier.ispr,
        "denial",
        editor,
    )
    assert (
        dossier.source.text[recorded.quote_start : recorded.quote_end]
        == "ISPR refuted these claims"
    )
    assert (link.to_claim, link.relation, link.facets) == (
        dossier.accusation,
        "denies",
        ["occurrence", "civilian_status"],
    )
    assert link.note == "The same statement, its opening words."


def test_editor_records_the_response_with_htmx(editor_client, htmx_headers):
    dossier = make_dossier()
    response = editor_client.post(
        respond_url(dossier.accusation), response_post(dossier), headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<section class="card" id="record-response"')
    assert (
        '<section class="card" id="links" aria-labelledby="links-title" hx-swap-oob="true">' in html
    )
    assert "ISPR refutes the claims of airstrikes." in html
    assert "Recorded and paired: ISPR’s denial denies Zabihullah Mujahid’s accusation." in html
    assert ClaimLink.objects.count() == 1


@pytest.mark.parametrize("htmx", [True, False])
def test_a_quote_not_in_the_source_is_an_error_in_place(editor_client, htmx_headers, htmx):
    dossier = make_dossier()
    claims = Claim.objects.count()
    response = editor_client.post(
        respond_url(dossier.accusation),
        response_post(dossier, quote="words nobody said"),
        headers=htmx_headers if htmx else {},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This quote does not appear in the source text." in html
    assert ("<html" in html) is not htmx
    assert Claim.objects.count() == claims
    assert ClaimLink.objects.count() == 0


def test_a_response_needs_a_quote(editor_client, htmx_headers):
    dossier = make_dossier()
    response = editor_client.post(
        respond_url(dossier.accusation), response_post(dossier, quote=""), headers=htmx_headers
    )
    assert response.context["response_form"].errors["quote"]
    assert ClaimLink.objects.count() == 0


def test_viewer_cannot_record_a_response(viewer_client):
    dossier = make_dossier()
    claims = Claim.objects.count()
    response = viewer_client.post(respond_url(dossier.accusation), response_post(dossier))
    assert response.status_code == 403
    assert (Claim.objects.count(), ClaimLink.objects.count()) == (claims, 0)


def test_anonymous_recording_is_sent_to_sign_in(client):
    dossier = make_dossier()
    claims = Claim.objects.count()
    response = client.post(respond_url(dossier.accusation), response_post(dossier))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert (Claim.objects.count(), ClaimLink.objects.count()) == (claims, 0)
