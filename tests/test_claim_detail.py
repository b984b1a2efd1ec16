import re

import pytest
from django.urls import reverse

from claims.forms import EvidenceForm
from claims.models import Claim, EvidenceLink
from claims.views.access import saved
from tests.factories import (
    make_actor,
    make_claim,
    make_evidence,
    make_figure,
    make_incident,
    make_link,
    make_place,
    make_source,
)

pytestmark = pytest.mark.django_db


def detail_url(claim: Claim) -> str:
    return reverse("claim_detail", args=[claim.pk])


def edit_url(claim: Claim) -> str:
    return reverse("claim_edit", args=[claim.pk])


def evidence_url(claim: Claim) -> str:
    return reverse("evidence_add", args=[claim.pk])


# Viewing a claim


def test_claim_detail_requires_sign_in(client):
    claim = make_claim()
    response = client.get(detail_url(claim))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_claim_detail_of_a_missing_claim_is_404(viewer_client):
    assert viewer_client.get(reverse("claim_detail", args=[999999])).status_code == 404


def test_claim_detail_shows_the_quote_marked_inside_its_source_text(viewer_client):
    claim = make_claim(quote="airstrikes in Khost")
    html = viewer_client.get(detail_url(claim)).content.decode()
    assert (
        "The spokesperson accused the army of <mark>airstrikes in Khost</mark> that killed" in html
    )
    assert "This quote is not anchored" not in html


def test_claim_detail_trims_long_context_and_says_so(viewer_client):
    text = "a" * 500 + "the quoted words" + "b" * 500
    claim = make_claim(source=make_source(text=text), quote="the quoted words")
    html = viewer_client.get(detail_url(claim)).content.decode()
    assert f"…{'a' * 240}<mark>the quoted words</mark>{'b' * 240}…" in html


def test_claim_detail_says_when_a_quote_is_not_anchored(viewer_client):
    claim = make_claim()
    Claim.objects.filter(pk=claim.pk).update(quote="words from elsewhere")
    html = viewer_client.get(detail_url(claim)).content.decode()
    assert "<mark>words from elsewhere</mark>" in html
    assert "This quote is not anchored in the source text." in html


def test_claim_detail_shows_speaker_side_affiliation_source_and_context(viewer_client):
    forces = make_actor(name="Pakistan Armed Forces", kind="military")
    ispr = make_actor(name="ISPR", parent=forces)
    director = make_actor(name="DG ISPR", parent=ispr, title="Director General")
    taliban = make_actor(name="Afghan Taliban")
    claim = make_claim(
        speaker=director,
        source=make_source(title="Geo News report", reliability="B"),
        incident=make_incident(title="Khost strikes"),
        kind="denial",
    )
    claim.accused.add(taliban)
    claim.places.add(make_place(name="Khost"))
    make_figure(claim, measure="killed", group="civilians", low=10, high=10)
    html = viewer_client.get(detail_url(claim)).content.decode()
    assert "Side: Pakistan Armed Forces" in html
    chain = "".join(
        f'<li><a href="{actor.get_absolute_url()}">{actor.name}</a></li>'
        for actor in (ispr, forces)
    )
    assert re.search(rf'<ol class="affiliation">\s*{re.escape(chain)}\s*</ol>', html)
    assert "Director General" in html
    assert "Geo News report" in html
    assert "B – usually reliable" in html
    assert "Khost strikes" in html
    assert "Khost, Afghanistan" in html
    assert "10 civilians killed" in html
    assert taliban.get_absolute_url() in html


def test_claim_detail_shows_responses_both_ways_with_relation_and_facets(viewer_client):
    accusation = make_claim(summary="Strikes killed 10 civilians")
    denial = make_claim(kind="denial", summary="No strikes took place")
    qualifier = make_claim(kind="assertion", summary="Those killed were militants")
    make_link(denial, accusation, relation="denies", facets=["occurrence"])
    make_link(qualifier, accusation, relation="disputes", facets=["civilian_status", "casualties"])
    html = viewer_client.get(detail_url(accusation)).content.decode()
    assert "denies</span> this claim · on Occurrence" in html
    assert "disputes</span> this claim · on Civilian status, Casualties" in html
    assert f'href="{detail_url(denial)}"' in html
    assert f'href="{detail_url(qualifier)}"' in html
    assert "Unanswered" not in html

    html = viewer_client.get(detail_url(denial)).content.decode()
    assert 'This claim <span class="badge">denies</span> · on Occurrence' in html
    assert f'href="{detail_url(accusation)}"' in html


def test_claim_detail_flags_an_unanswered_accusation(viewer_client):
    accusation = make_claim(kind="accusation")
    make_link(make_claim(kind="assertion"), accusation, relation="supports")
    html = viewer_client.get(detail_url(accusation)).content.decode()
    assert "Unanswered: no claim denies or disputes this accusation yet." in html


def test_claim_detail_lists_evidence(viewer_client):
    claim = make_claim()
    cited = make_source(title="UNAMA report")
    make_evidence(
        claim,
        url="https://example.org/photo",
        stance="supports",
        kind="imagery",
        excerpt="Craters near the market",
        note="Geolocated",
    )
    make_evidence(claim, url="", source=cited, stance="refutes")
    html = viewer_client.get(detail_url(claim)).content.decode()
    assert 'href="https://example.org/photo"' in html
    assert "Imagery" in html
    assert "Craters near the market" in html
    assert "Geolocated" in html
    assert "UNAMA report" in html
    assert "Refutes" in html
    assert '<span id="evidence-count" class="badge">2</span>' in html


def test_claim_detail_shows_who_recorded_it(viewer_client, editor):
    claim = make_claim(created_by=editor)
    html = viewer_client.get(detail_url(claim)).content.decode()
    assert "by editor" in html
    assert "Last changed" in html


def test_claim_detail_offers_pairing_and_editing_only_to_editors(viewer_client, editor_client):
    claim = make_claim()
    pair = reverse("claim_pair", args=[claim.pk])
    viewer_html = viewer_client.get(detail_url(claim)).content.decode()
    editor_html = editor_client.get(detail_url(claim)).content.decode()
    assert pair not in viewer_html
    assert pair in editor_html
    assert edit_url(claim) not in viewer_html
    assert edit_url(claim) in editor_html
    assert evidence_url(claim) not in viewer_html
    assert evidence_url(claim) in editor_html


def test_claim_detail_htmx_request_renders_only_the_details(viewer_client, htmx_headers):
    claim = make_claim(summary="Strikes in Khost")
    response = viewer_client.get(detail_url(claim), headers=htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<h2 id="details-title">')
    assert 'id="claim-details"' not in html  # the section stays; only its inside is swapped
    assert "Strikes in Khost" in html
    assert "<form" not in html
    assert response["Vary"].count("HX-Request") == 1


def test_claim_detail_escapes_user_text(viewer_client):
    source = make_source(text="Before <b>bold</b> then <script>alert(2)</script> after.")
    claim = make_claim(
        source=source, quote="<script>alert(2)</script>", summary="<script>alert(1)</script>"
    )
    make_evidence(claim, excerpt="<img src=x onerror=alert(3)>")
    html = viewer_client.get(detail_url(claim)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<script>alert(2)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>&lt;script&gt;alert(2)&lt;/script&gt;</mark>" in html
    assert "<b>bold</b>" not in html
    assert "<img src=x" not in html


@pytest.mark.parametrize("rows", [5, 50])
# A published claim's page also embeds its ClaimReview, from rows the page reads anyway.
@pytest.mark.parametrize("status", ["draft", "published"])
def test_claim_detail_query_count_does_not_grow_with_links_evidence_or_figures(
    editor_client, django_assert_num_queries, rows, status
):
    side = make_actor()
    claim = make_claim(
        speaker=make_actor(parent=make_actor(parent=side)),
        incident=make_incident(),
        status=status,
    )
    for _ in range(rows):
        make_link(make_claim(speaker=make_actor(parent=side), incident=make_incident()), claim)
        make_link(claim, make_claim(kind="denial"), relation="disputes")
        make_evidence(claim, source=make_source())
        make_figure(claim, low=rows, high=rows)
        claim.accused.add(make_actor())
        claim.places.add(make_place())
    # session, user, role groups, two permission lookups, claim with speaker chain, source,
    # incident and author; places, accused, figures; sides (actors); responses; responds to;
    # evidence (the evidence form's source is typed, not listed); review record
    with django_assert_num_queries(14):
        response = editor_client.get(detail_url(claim))
    assert len(response.context["responses"]) == rows
    assert len(response.context["evidence"]) == rows


# Editing the details in place


def test_edit_form_arrives_in_place_for_htmx(editor_client, htmx_headers):
    claim = make_claim(summary="Strikes in Khost")
    response = editor_client.get(edit_url(claim), headers=htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<h2 id="details-title">')
    assert "<html" not in html
    assert 'value="Strikes in Khost"' in html
    assert f'hx-get="{detail_url(claim)}"' in html  # Cancel brings the details back


def test_edit_page_without_javascript_is_the_full_page_in_edit_mode(editor_client):
    claim = make_claim()
    html = editor_client.get(edit_url(claim)).content.decode()
    assert "<html" in html
    assert f'action="{edit_url(claim)}"' in html
    assert "Save details" in html
    assert "Quote in context" in html


def test_editor_saves_details_and_is_sent_back_to_the_claim(editor_client):
    claim = make_claim(summary="Old summary", kind="accusation")
    response = editor_client.post(
        edit_url(claim),
        {"summary": "New summary", "kind": "assertion", "version": claim.version},
        follow=True,
    )
    assert response.redirect_chain == [(detail_url(claim), 302)]
    assert "Claim details saved." in response.content.decode()
    claim.refresh_from_db()
    assert (claim.summary, claim.kind) == ("New summary", "assertion")


def test_editor_cannot_grade_or_publish_even_by_posting_the_fields(editor_client):
    claim = make_claim()
    html = editor_client.get(edit_url(claim)).content.decode()
    assert html.count("disabled") == 1
    assert 'name="status"' not in html
    editor_client.post(
        edit_url(claim),
        {
            "summary": "Changed",
            "kind": "accusation",
            "credibility": "1",
            "status": "published",
            "version": claim.version,
        },
    )
    claim.refresh_from_db()
    assert claim.summary == "Changed"
    assert (claim.credibility, claim.status) == (6, "draft")


def test_reviewer_grades_but_publishes_only_through_review(reviewer_client):
    claim = make_claim()
    reviewer_client.post(
        edit_url(claim),
        {
            "summary": claim.summary,
            "kind": "accusation",
            "credibility": "2",
            "status": "published",
            "version": claim.version,
        },
    )
    claim.refresh_from_db()
    assert (claim.credibility, claim.status) == (2, "draft")


def test_htmx_save_returns_the_details_with_title_and_flash_out_of_band(
    editor_client, htmx_headers
):
    claim = make_claim(summary="Old summary")
    response = editor_client.post(
        edit_url(claim),
        {"summary": "New summary", "kind": "denial", "version": claim.version},
        headers=htmx_headers,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<h2 id="details-title">')
    assert "<form" not in html
    assert '<h1 id="claim-title" hx-swap-oob="true">New summary</h1>' in html
    assert '<div id="messages" hx-swap-oob="innerHTML">' in html
    assert "Claim details saved." in html
    assert "Quote in context" not in html


@pytest.mark.parametrize("htmx", [False, True])
def test_invalid_details_are_shown_with_errors_and_nothing_changes(
    editor_client, htmx_headers, htmx
):
    claim = make_claim(summary="Kept", kind="accusation")
    response = editor_client.post(
        edit_url(claim),
        {"summary": "", "kind": "rumour"},
        headers=htmx_headers if htmx else {},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html
    assert "Select a valid choice." in html
    assert ("<html" in html) is not htmx
    claim.refresh_from_db()
    assert (claim.summary, claim.kind) == ("Kept", "accusation")


def test_viewer_cannot_edit(viewer_client, htmx_headers):
    claim = make_claim(summary="Kept")
    assert viewer_client.get(edit_url(claim), headers=htmx_headers).status_code == 403
    response = viewer_client.post(edit_url(claim), {"summary": "Changed", "kind": "denial"})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.summary == "Kept"


def test_anonymous_edit_is_sent_to_sign_in(client):
    claim = make_claim(summary="Kept")
    response = client.post(edit_url(claim), {"summary": "Changed", "kind": "denial"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    claim.refresh_from_db()
    assert claim.summary == "Kept"


# Adding evidence in place


def test_editor_adds_evidence_and_is_sent_back_to_the_evidence(editor_client, editor):
    claim = make_claim()
    response = editor_client.post(
        evidence_url(claim),
        {
            "url": "https://example.org/report",
            "stance": "supports",
            "kind": "document",
            "excerpt": "Ten civilians",
            "note": "",
        },
        follow=True,
    )
    assert response.redirect_chain == [(f"{detail_url(claim)}#evidence", 302)]
    assert "Evidence added." in response.content.decode()
    evidence = claim.evidence.get()
    assert (evidence.url, evidence.stance, evidence.added_by) == (
        "https://example.org/report",
        "supports",
        editor,
    )


def test_evidence_can_cite_a_source_instead_of_a_link(editor_client):
    claim = make_claim()
    source = make_source(title="UNAMA report")
    editor_client.post(
        evidence_url(claim),
        {"url": "", "source": source.pk, "stance": "refutes", "kind": "document"},
    )
    assert claim.evidence.get().source == source


def test_htmx_evidence_returns_the_section_with_count_and_flash_out_of_band(
    editor_client, htmx_headers
):
    claim = make_claim()
    make_evidence(claim, url="https://example.org/first")
    response = editor_client.post(
        evidence_url(claim),
        {"url": "https://example.org/second", "stance": "context", "kind": "video"},
        headers=htmx_headers,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<h2 id="evidence-title">')
    assert "https://example.org/first" in html
    assert "https://example.org/second" in html
    assert 'name="url"' in html
    assert 'value="https://example.org/second"' not in html
    assert '<span id="evidence-count" class="badge" hx-swap-oob="true">2</span>' in html
    assert '<div id="messages" hx-swap-oob="innerHTML">' in html
    assert "Evidence added." in html
    assert "Quote in context" not in html


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("javascript:alert(1)", "Enter a web address starting with http:// or https://."),
        ("data:text/html,hi", "Enter a web address starting with http:// or https://."),
        ("https://example.org/already", "This link is already evidence on this claim."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_invalid_evidence_is_refused_with_the_reason(editor_client, htmx_headers, url, error, htmx):
    claim = make_claim()
    make_evidence(claim, url="https://example.org/already")
    response = editor_client.post(
        evidence_url(claim),
        {"url": url, "stance": "supports", "kind": "document"},
        headers=htmx_headers if htmx else {},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html
    assert ("<html" in html) is not htmx
    assert claim.evidence.count() == 1


def test_evidence_without_link_or_source_gets_one_readable_error(editor_client, htmx_headers):
    claim = make_claim()
    response = editor_client.post(
        evidence_url(claim),
        {"url": "", "stance": "supports", "kind": "document"},
        headers=htmx_headers,
    )
    html = response.content.decode()
    assert "Give a URL or pick a source for this evidence." in html
    assert "Constraint" not in html
    assert not EvidenceLink.objects.exists()


def test_viewer_cannot_add_evidence(viewer_client, htmx_headers):
    claim = make_claim()
    response = viewer_client.post(
        evidence_url(claim),
        {"url": "https://example.org/x", "stance": "supports", "kind": "document"},
        headers=htmx_headers,
    )
    assert response.status_code == 403
    assert not EvidenceLink.objects.exists()


def test_anonymous_evidence_is_sent_to_sign_in(client):
    claim = make_claim()
    response = client.post(
        evidence_url(claim),
        {"url": "https://example.org/x", "stance": "supports", "kind": "document"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not EvidenceLink.objects.exists()


def test_evidence_is_only_ever_posted(editor_client):
    assert editor_client.get(evidence_url(make_claim())).status_code == 405


def test_evidence_added_concurrently_is_refused_with_a_message_not_a_500(editor):
    claim = make_claim()
    form = EvidenceForm(
        {"url": "https://example.org/race", "stance": "supports", "kind": "document"}, claim=claim
    )
    form.instance.added_by = editor
    assert form.is_valid()
    make_evidence(claim, url="https://example.org/race")  # another editor gets in first

    assert not saved(form)
    assert "at the same moment" in str(form.non_field_errors())
    assert claim.evidence.count() == 1
