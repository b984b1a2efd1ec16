"""Autocomplete: name suggestions for growing tables, and fields that work without them."""

import html
import re

import pytest
from django import forms
from django.urls import reverse

from claims.autocomplete import (
    SUGGESTIONS,
    AutocompleteChoiceField,
    AutocompleteMultipleChoiceField,
)
from claims.models import Actor, Claim, Incident
from tests.factories import (
    make_actor,
    make_claim,
    make_incident,
    make_place,
    make_source,
)

pytestmark = pytest.mark.django_db


def suggest(client, kind: str, **params) -> list[str]:
    response = client.get(reverse("autocomplete", args=[kind]), params)
    assert response.status_code == 200
    return [html.unescape(value) for value in re.findall(r'<option value="([^"]*)"', response.text)]


# The suggestions endpoint


def test_suggestions_need_sign_in(client):
    response = client.get(reverse("autocomplete", args=["actor"]), {"q": "kha"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_suggestions_match_the_start_of_a_name_in_any_case(viewer_client):
    asif = make_actor(name="Khawaja Asif")
    khalid = make_actor(name="khalid Mansour")
    make_actor(name="Asif Khan")
    assert suggest(viewer_client, "actor", q="KHA") == [
        f"khalid Mansour (#{khalid.pk})",
        f"Khawaja Asif (#{asif.pk})",
    ]


def test_suggestions_stop_at_twenty(viewer_client):
    for number in range(SUGGESTIONS + 5):
        make_actor(name=f"Spokesperson {number:02}")
    assert len(suggest(viewer_client, "actor", q="spokes")) == SUGGESTIONS


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("actor", lambda: make_actor(name="Zabihullah Mujahid")),
        ("side", lambda: make_actor(name="Zabul Province Council")),
        ("source", lambda: make_source(title="Zarb-e-Azb report")),
        ("incident", lambda: make_incident(title="Zhob border clash")),
        ("place", lambda: make_place(name="Zhob", country="Pakistan")),
    ],
)
def test_each_kind_suggests_its_rows(viewer_client, kind, make):
    row = make()
    assert suggest(viewer_client, kind, q="z") == [f"{row} (#{row.pk})"]


def test_side_suggests_only_the_top_of_each_chain(viewer_client):
    pakistan = make_actor(name="Pakistan Armed Forces")
    make_actor(name="Pakistan ISPR", parent=pakistan)
    assert suggest(viewer_client, "side", q="pakistan") == [
        f"Pakistan Armed Forces (#{pakistan.pk})"
    ]


def test_a_widget_sends_its_text_under_its_own_field_name(viewer_client):
    asif = make_actor(name="Khawaja Asif")
    assert suggest(viewer_client, "actor", field="speaker", speaker="khaw") == [
        f"Khawaja Asif (#{asif.pk})"
    ]


def test_a_picked_suggestion_suggests_itself(viewer_client):
    asif = make_actor(name="Khawaja Asif")
    make_actor(name="Khawaja Asif Junior")
    assert suggest(viewer_client, "actor", q=f"Khawaja Asif (#{asif.pk})") == [
        f"Khawaja Asif (#{asif.pk})"
    ]


def test_suggested_names_are_escaped(viewer_client):
    make_actor(name='<script>alert(1)</script>"')
    response = viewer_client.get(reverse("autocomplete", args=["actor"]), {"q": "<scr"})
    assert "<script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_unknown_kind_is_404(viewer_client):
    assert viewer_client.get(reverse("autocomplete", args=["claim"]), {"q": "a"}).status_code == 404


# A NUL byte never reaches it: every page refuses one (tests/test_hostile_requests.py).
@pytest.mark.parametrize("text", ["k" * 10_000, "", "   "])
def test_impossible_text_gets_no_suggestions_not_an_error(viewer_client, text):
    make_actor(name="Khawaja Asif")
    assert suggest(viewer_client, "actor", q=text) == []


# The fields, as a form without JavaScript posts them


class PickForm(forms.Form):
    speaker = AutocompleteChoiceField(Actor.objects.all())
    incident = AutocompleteChoiceField(Incident.objects.all(), to_field_name="slug", required=False)
    accused = AutocompleteMultipleChoiceField(Actor.objects.all(), required=False)


def picked(**data):
    form = PickForm(data)
    assert form.is_valid(), form.errors
    return form.cleaned_data


@pytest.mark.parametrize(
    "typed",
    [
        lambda actor: str(actor.pk),
        lambda actor: f"#{actor.pk}",
        lambda actor: f"Khawaja Asif (#{actor.pk})",
        lambda actor: "  khawaja ASIF ",
        lambda actor: "Khawaja A",
    ],
    ids=["id", "hash id", "suggestion", "name in any case", "start of the name"],
)
def test_field_takes_what_an_editor_can_type(typed):
    asif = make_actor(name="Khawaja Asif")
    make_actor(name="Khalid Mansour")
    assert picked(speaker=typed(asif))["speaker"] == asif


def test_an_exact_name_wins_over_longer_names_that_start_with_it():
    asif = make_actor(name="Asif")
    make_actor(name="Asif Khan")
    assert picked(speaker="asif")["speaker"] == asif


def test_an_incident_is_named_by_its_slug_as_links_do():
    incident = make_incident(title="Khost strikes", slug="khost-strikes")
    assert picked(speaker=str(make_actor().pk), incident="khost-strikes")["incident"] == incident


def test_several_names_starting_with_the_text_is_an_error_naming_them():
    actors = [make_actor(name=f"Asif {name}") for name in ("Ali", "Durrani", "Khan")]
    form = PickForm({"speaker": "Asif"})
    assert not form.is_valid()
    named = ", ".join(f"{actor.name} (#{actor.pk})" for actor in actors)
    assert form.errors["speaker"] == [f"3 actors match “Asif”: {named}; pick one."]


def test_many_rows_of_one_name_are_named_a_few_at_a_time():
    for _ in range(8):
        make_source(title="Statement")

    class SourceForm(forms.Form):
        source = AutocompleteChoiceField(make_source().__class__.objects.all())

    form = SourceForm({"source": "statement"})
    assert not form.is_valid()
    assert form.errors["source"][0].startswith(
        "More than 5 sources match “statement”: Statement (#"
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "Nobody",
            "No actor is called “Nobody”: type a few letters and pick one of the suggestions.",
        ),
        ("Gone (#999999)", "There is no actor #999999 (any more): type its name again."),
        (
            "kha\x00",
            "No actor is called “kha\x00”: type a few letters and pick one of the suggestions.",
        ),
    ],
)
def test_a_name_that_fits_no_row_is_an_error(typed, message):
    make_actor(name="Khawaja Asif")
    form = PickForm({"speaker": typed})
    assert not form.is_valid()
    assert form.errors["speaker"] == [message]


def test_ten_thousand_characters_is_an_error_not_a_query():
    form = PickForm({"speaker": "k" * 10_000})
    assert not form.is_valid()
    assert "No actor is called" in form.errors["speaker"][0]


def test_several_rows_come_from_ticks_and_the_typed_name():
    ispr, army, taliban = (make_actor(name=n) for n in ("ISPR", "Pakistan Army", "Afghan Taliban"))
    data = picked(speaker=str(taliban.pk), accused=[str(ispr.pk), "pakistan army"])
    assert data["accused"] == [ispr, army]


def test_each_unresolved_row_of_several_is_reported():
    form = PickForm({"speaker": str(make_actor().pk), "accused": ["Nobody", "Gone (#999999)"]})
    assert not form.is_valid()
    assert len(form.errors["accused"]) == 2


def test_the_box_shows_the_chosen_row_by_name():
    asif = make_actor(name="Khawaja Asif")
    rendered = str(PickForm(initial={"speaker": asif.pk})["speaker"])
    assert f'value="Khawaja Asif (#{asif.pk})"' in rendered
    assert 'list="id_speaker-suggestions"' in rendered
    assert f'hx-get="{reverse("autocomplete", args=["actor"])}?field=speaker"' in rendered


def test_several_chosen_rows_show_as_ticked_boxes_and_text_that_named_none_stays():
    ispr = make_actor(name="ISPR")
    form = PickForm({"speaker": "x", "accused": [str(ispr.pk), "Nobody"]})
    rendered = str(form["accused"])
    assert f'<input type="checkbox" name="accused" value="{ispr.pk}" checked> ISPR' in rendered
    assert 'value="Nobody"' in rendered


# No page ships a list of every row


@pytest.fixture
def crowd():
    """Thirty of each growing kind, with names no page should show unasked."""
    for number in range(30):
        make_actor(name=f"Crowd actor {number}")
        make_source(title=f"Crowd source {number}")
        make_incident(title=f"Crowd incident {number}")
        make_place(name=f"Crowd place {number}")


def test_claim_create_page_lists_no_rows(editor_client, crowd):
    page = editor_client.get(reverse("claim_create")).text
    assert "Crowd" not in page
    assert "<option" not in page.split('name="kind"')[0]


def test_claim_list_names_only_the_chosen_speaker(viewer_client, crowd):
    chosen = Actor.objects.get(name="Crowd actor 7")
    page = viewer_client.get(reverse("claim_list"), {"speaker": chosen.pk}).text
    assert f'value="Crowd actor 7 (#{chosen.pk})"' in page
    assert page.count("Crowd") == 1


def test_claim_page_evidence_form_lists_no_sources(editor_client, crowd):
    claim = make_claim()
    page = editor_client.get(claim.get_absolute_url()).text
    assert "Crowd" not in page


def test_claim_recorded_with_names_typed_without_javascript(editor_client):
    speaker = make_actor(name="Khawaja Asif")
    accused = make_actor(name="Afghan Taliban")
    source = make_source(title="Geo News report")
    place = make_place(name="Khost")
    incident = make_incident(title="Khost strikes")
    response = editor_client.post(
        reverse("claim_create"),
        {
            "speaker": "khawaja asif",
            "source": f"Geo News report (#{source.pk})",
            "incident": "Khost strikes",
            "kind": "denial",
            "summary": "Calls the allegations baseless",
            "accused": ["afghan taliban"],
            "places": [str(place.pk)],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    claim = Claim.objects.get(summary="Calls the allegations baseless")
    assert (claim.speaker, claim.source, claim.incident) == (speaker, source, incident)
    assert list(claim.accused.all()) == [accused]
    assert list(claim.places.all()) == [place]


def test_an_ambiguous_source_title_is_a_form_error_and_nothing_is_recorded(editor_client):
    for _ in range(2):
        make_source(title="Press statement")
    response = editor_client.post(
        reverse("claim_create"),
        {
            "speaker": str(make_actor().pk),
            "source": "Press statement",
            "kind": "denial",
            "summary": "Never recorded",
        },
    )
    assert response.status_code == 200
    assert "2 sources match “Press statement”" in html.unescape(response.text)
    assert not Claim.objects.filter(summary="Never recorded").exists()


def test_evidence_source_picked_by_title(editor_client):
    claim = make_claim()
    source = make_source(title="UN OCHA situation report")
    response = editor_client.post(
        reverse("evidence_add", args=[claim.pk]),
        {"source": "un ocha", "stance": "refutes", "kind": "document"},
    )
    assert response.status_code == 302
    assert claim.evidence.get().source == source
