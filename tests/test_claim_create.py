import pytest
from django.urls import reverse

from claims.models import Claim
from tests.factories import make_actor, make_incident, make_place, make_source

pytestmark = pytest.mark.django_db

URL = reverse("claim_create")
QUOTE = "airstrikes in Khost that killed 10 civilians"


def claim_data(**overrides) -> dict:
    speaker = overrides.pop("speaker", None) or make_actor(name="Zabihullah Mujahid")
    source = overrides.pop("source", None) or make_source()
    return {
        "speaker": speaker.pk,
        "source": source.pk,
        "kind": "accusation",
        "summary": "Pakistani strikes killed 10 civilians in Khost",
        "quote": QUOTE,
        "stated_on": "2025-10-12",
        **overrides,
    }


def test_record_a_claim_requires_sign_in(client):
    data = claim_data()
    for response in (client.get(URL), client.post(URL, data)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not Claim.objects.exists()


def test_viewer_cannot_record_a_claim(viewer_client, htmx_headers):
    assert viewer_client.get(URL).status_code == 403
    assert viewer_client.post(URL, claim_data(), headers=htmx_headers).status_code == 403
    assert not Claim.objects.exists()


def test_record_a_claim_page_has_a_labelled_field_for_each_part(editor_client):
    make_actor()
    make_place()
    html = editor_client.get(URL).content.decode()
    for name in (
        "speaker",
        "source",
        "incident",
        "kind",
        "stated_on",
        "summary",
        "quote",
        "quote_start",
        "quote_end",
        "accused",
        "places",
    ):
        assert f'name="{name}"' in html
        assert f'for="id_{name}' in html
    assert 'name="credibility"' not in html
    assert 'name="status"' not in html
    assert "<html" in html


def test_record_a_claim_htmx_request_renders_only_the_form(editor_client, htmx_headers):
    response = editor_client.get(URL, headers=htmx_headers)
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="claim-form"')
    assert "<html" not in html
    assert response["Vary"].count("HX-Request") == 1


def test_source_reader_selection_prefills_the_form(editor_client):
    source = make_source(title="Geo News report")
    response = editor_client.get(
        URL, {"source": source.pk, "quote": QUOTE, "quote_start": 37, "quote_end": 81}
    )
    form = response.context["form"]
    assert form["source"].value() == f"Geo News report (#{source.pk})"
    assert form["quote"].value() == QUOTE
    assert (form["quote_start"].value(), form["quote_end"].value()) == ("37", "81")
    html = response.content.decode()
    assert f'value="Geo News report (#{source.pk})"' in html
    assert f">\n{QUOTE}</textarea>" in html


@pytest.mark.parametrize(
    "params",
    [
        {"source": "abc", "quote_start": "x", "quote_end": "-5"},
        {"source": "999999", "quote": "<script>alert(1)</script>"},
        {"unrelated": "value", "summary": "not taken from the address"},
    ],
)
def test_odd_prefill_values_still_show_the_form(editor_client, params):
    response = editor_client.get(URL, params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "not taken from the address" not in html


def test_editor_records_an_anchored_claim_and_lands_on_it(editor_client, editor):
    incident = make_incident()
    place = make_place(name="Khost")
    accused = make_actor(name="Pakistan Armed Forces")
    response = editor_client.post(
        URL,
        claim_data(incident=incident.pk, places=[place.pk], accused=[accused.pk]),
        follow=True,
    )
    claim = Claim.objects.get()
    assert response.redirect_chain == [(claim.get_absolute_url(), 302)]
    assert "Claim recorded." in response.content.decode()
    assert claim.created_by == editor
    assert claim.source.text[claim.quote_start : claim.quote_end] == QUOTE
    assert (claim.incident, list(claim.places.all()), list(claim.accused.all())) == (
        incident,
        [place],
        [accused],
    )


def test_new_claims_start_as_ungraded_drafts_whatever_is_posted(reviewer_client):
    reviewer_client.post(URL, claim_data(credibility="1", status="published"))
    claim = Claim.objects.get()
    assert (claim.credibility, claim.status) == (6, "draft")


def test_htmx_record_sends_the_browser_to_the_new_claim(editor_client, htmx_headers):
    response = editor_client.post(URL, claim_data(), headers=htmx_headers)
    claim = Claim.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == claim.get_absolute_url()


def test_offsets_from_a_selection_pick_one_of_several_matches(editor_client):
    source = make_source(text="No strikes. We repeat: no strikes.")
    response = editor_client.post(
        URL, claim_data(source=source, quote="no strikes", quote_start="23", kind="denial")
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.quote_start, claim.quote_end) == (23, 33)


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"quote": "words nobody said"}, "This quote does not appear in the source text."),
        ({"summary": ""}, "This field is required."),
        ({"kind": "rumour"}, "Select a valid choice."),
        ({"stated_on": "someday"}, "Enter a valid date."),
        ({"quote_start": "0"}, "not this quote"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_invalid_claims_are_refused_in_place_with_the_reason(
    editor_client, htmx_headers, overrides, error, htmx
):
    response = editor_client.post(
        URL, claim_data(**overrides), headers=htmx_headers if htmx else {}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html
    assert "The claim was not recorded" in html
    assert ("<html" in html) is not htmx
    assert not Claim.objects.exists()


def test_an_ambiguous_quote_asks_for_an_offset(editor_client):
    source = make_source(text="No strikes. We repeat: no strikes.")
    response = editor_client.post(URL, claim_data(source=source, quote="strikes"))
    assert "This quote appears 2 times in the source (at 3, 26)." in response.content.decode()
    assert not Claim.objects.exists()
