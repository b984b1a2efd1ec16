"""Text too long is refused with an error that says so, never cut short (issue 9)."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from claims.forms import PairingForm
from claims.models import EXCERPT_LENGTH, NOTE_LENGTH, Actor, Claim, EvidenceLink, Source
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
from tests.test_admin import LEDGER_MODELS, admin_url
from tests.test_claim_create import claim_data
from tests.test_intake import article

pytestmark = pytest.mark.django_db

# Well formed, and longer than any URL field (2,000) and Django's URL validator (2,048).
LONG_URL = "https://example.org/" + "a" * 2980


def test_no_page_form_lets_the_browser_cut_what_is_typed(editor_client):
    claim = make_claim()
    for url in (
        reverse("claim_create"),
        reverse("claim_detail", args=[claim.pk]),
        reverse("claim_edit", args=[claim.pk]),
        reverse("claim_pair", args=[claim.pk]),
        reverse("intake_new"),
        reverse("claim_list"),
        reverse("actor_create"),
        reverse("incident_create"),
        reverse("place_create"),
    ):
        html = editor_client.get(url).content.decode()
        assert not re.search(r"\bmaxlength=", html), url


@pytest.mark.parametrize("model", LEDGER_MODELS, ids=lambda model: model.__name__)
def test_no_admin_form_lets_the_browser_cut_what_is_typed(admin_client, model):
    claim = make_claim()
    make_evidence(claim)
    make_figure(claim)
    make_link(make_claim(), claim)
    make_actor(parent=claim.speaker)
    make_incident().places.add(make_place())
    pages = [admin_url(model, "add"), admin_url(model, "change", model.objects.first().pk)]
    for url in pages:
        html = admin_client.get(url).content.decode()
        assert not re.search(r"\bmaxlength=", html), url


def test_an_actor_name_over_the_limit_in_the_admin_is_an_error(admin_client):
    response = admin_client.post(admin_url(Actor, "add"), {"name": "n" * 201, "kind": "person"})
    assert "at most 200 characters (it has 201)" in response.text
    assert not Actor.objects.exists()


def test_a_summary_over_the_limit_is_refused_with_its_length(editor_client):
    response = editor_client.post(reverse("claim_create"), claim_data(summary="s" * 301))
    assert response.status_code == 200
    [error] = response.context["form"].errors["summary"]
    assert "at most 300 characters (it has 301)" in error
    assert not Claim.objects.exists()


@pytest.mark.parametrize(("field", "limit"), [("excerpt", EXCERPT_LENGTH), ("note", NOTE_LENGTH)])
def test_evidence_excerpt_and_note_have_limits_in_the_form(editor_client, field, limit):
    assert (EXCERPT_LENGTH, NOTE_LENGTH) == (5000, 2000)
    claim = make_claim()
    data = {"url": "https://example.org/report", "stance": "context", "kind": "document"}
    response = editor_client.post(
        reverse("evidence_add", args=[claim.pk]), {**data, field: "x" * (limit + 1)}
    )
    [error] = response.context["evidence_form"].errors[field]
    assert f"at most {limit} characters (it has {limit + 1})" in error
    assert not claim.evidence.exists()


def test_the_pairing_note_has_a_limit_in_the_form():
    claim = make_claim()
    form = PairingForm({"candidate": claim.pk, "note": "x" * (NOTE_LENGTH + 1)})
    assert "note" in form.errors


def test_the_database_holds_the_excerpt_and_note_limits():
    claim = make_claim()
    for make in (
        lambda: make_evidence(claim, excerpt="x" * (EXCERPT_LENGTH + 1)),
        lambda: make_evidence(claim, note="x" * (NOTE_LENGTH + 1)),
        lambda: make_link(make_claim(), claim, note="x" * (NOTE_LENGTH + 1)),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            make()
    make_evidence(claim, excerpt="x" * EXCERPT_LENGTH, note="x" * NOTE_LENGTH)


def assert_says_the_length(errors: list[str]) -> None:
    [error] = errors
    assert "3,000 characters long: the limit is 2,000" in error
    assert "http://" not in error


def test_a_long_evidence_link_is_refused_for_its_length_not_its_scheme(editor_client):
    claim = make_claim()
    response = editor_client.post(
        reverse("evidence_add", args=[claim.pk]),
        {"url": LONG_URL, "stance": "context", "kind": "document"},
    )
    assert_says_the_length(response.context["evidence_form"].errors["url"])
    assert not EvidenceLink.objects.exists()


def test_a_long_source_link_is_refused_for_its_length_not_its_scheme(editor_client):
    make_actor()
    response = editor_client.post(reverse("intake_new"), article(url=LONG_URL))
    assert_says_the_length(response.context["form"].errors["url"])
    assert not Source.objects.exists()


def test_a_source_form_in_the_admin_says_the_length_too(admin_client):
    source = make_source()
    response = admin_client.post(
        reverse("admin:claims_source_change", args=[source.pk]),
        {"title": source.title, "url": LONG_URL, "text": source.text},
    )
    assert_says_the_length(response.context["adminform"].form.errors["url"])
