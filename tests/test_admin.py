"""The admin as a data-entry tool: every page opens, entries save with their author, and each
ledger invariant comes back as a form error that saves nothing.

Admin POSTs are built the way a browser builds them: from the form on the page (see
`BrowserForm`), so inline prefixes and management fields come from the real HTML.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import models
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from claims.intake.models import Intake
from claims.models import (
    Actor,
    Claim,
    ClaimLink,
    ClaimReview,
    EvidenceLink,
    Figure,
    Incident,
    Place,
    Source,
)
from tests.factories import (
    SOURCE_TEXT,
    make_actor,
    make_claim,
    make_evidence,
    make_figure,
    make_incident,
    make_intake,
    make_link,
    make_place,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db

LEDGER_MODELS = [Actor, Source, Place, Incident, Claim, Figure, ClaimLink, EvidenceLink]


def admin_url(model: type[models.Model], view: str, *args: object) -> str:
    return reverse(f"admin:claims_{model._meta.model_name}_{view}", args=args)


class BrowserForm(HTMLParser):
    """The fields a browser would submit from the admin's main form, as a dict to edit and POST.

    Like a browser it sends textarea line breaks as CRLF, sends checkboxes only when ticked
    and picks a single select's first option when none is marked selected.
    """

    def __init__(self, html: str, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.select: tuple[str, bool] | None = None
        self.select_options: list[str] = []
        self.select_chosen: list[str] = []
        self.textarea: str | None = None
        self.textarea_text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = attr.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and "name" in attr:
            kind = attr.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attr:
                return
            if kind not in {"submit", "button", "image", "file", "reset"}:
                self.add(attr["name"], attr.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self.select = (attr.get("name", ""), "multiple" in attr)
            self.select_options, self.select_chosen = [], []
        elif tag == "option" and self.select:
            self.select_options.append(attr.get("value", ""))
            if "selected" in attr:
                self.select_chosen.append(attr.get("value", ""))
        elif tag == "textarea":
            self.textarea, self.textarea_text = attr.get("name", ""), []

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple = self.select
            chosen = self.select_chosen or ([] if multiple else self.select_options[:1])
            for value in chosen:
                self.add(name, value)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = "".join(self.textarea_text).removeprefix("\n")  # as HTML parsing drops it
            self.add(self.textarea, text.replace("\n", "\r\n"))
            self.textarea = None

    def add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)


def form_on_page(client: Client, url: str) -> dict[str, list[str] | str]:
    response = client.get(url)
    assert response.status_code == 200
    model_name = response.context["opts"].model_name
    return dict(BrowserForm(response.text, f"{model_name}_form").data)


def add_inline_row(form: dict, prefix: str, **fields: object) -> None:
    """What "Add another" does: copy the inline's empty template row and fill it in."""
    index = int(form[f"{prefix}-TOTAL_FORMS"][0])
    template = f"{prefix}-__prefix__-"
    for name, value in list(form.items()):
        if name.startswith(template):
            form[f"{prefix}-{index}-{name.removeprefix(template)}"] = value
    for name, value in fields.items():
        form[f"{prefix}-{index}-{name}"] = value
    form[f"{prefix}-TOTAL_FORMS"] = str(index + 1)


def form_errors(response: HttpResponse) -> dict[str, list[str]]:
    """Every error on an admin change form, keyed by field ("quote", "figures-0-high", ...)."""
    assert response.status_code == 200, "expected the form back with errors, not a redirect"
    errors: dict[str, list[str]] = dict(response.context["adminform"].form.errors)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        if formset.non_form_errors():
            errors[formset.prefix] = list(formset.non_form_errors())
        for form in formset.forms:
            for field, messages in form.errors.items():
                errors[f"{form.prefix}-{field}"] = list(messages)
    return errors


def all_messages(errors: dict[str, list[str]]) -> str:
    return " ".join(message for messages in errors.values() for message in messages)


def ledger() -> dict[type[models.Model], models.Model]:
    """One saved object of every ledger model, linked the way the seed dossier is."""
    side = make_actor(name="Pakistan Armed Forces", kind="military")
    outlet = make_actor(name="Dawn", kind="media")
    place = make_place(name="Khost")
    incident = make_incident(title="Khost strikes")
    incident.places.add(place)
    source = make_source(title="Strikes report", outlet=outlet, url="https://example.org/report")
    accusation = make_claim(
        speaker=make_actor(name="Zabihullah Mujahid"),
        source=source,
        incident=incident,
        summary="Pakistan struck Khost",
        quote="airstrikes in Khost that killed 10 civilians",
    )
    accusation.places.add(place)
    accusation.accused.add(side)
    denial = make_claim(
        speaker=make_actor(name="ISPR", parent=side, aliases="Inter-Services Public Relations"),
        source=source,
        incident=incident,
        kind="denial",
        summary="No strikes took place",
        quote="denied that any strikes took place",
    )
    return {
        Actor: side,
        Source: source,
        Place: place,
        Incident: incident,
        Claim: accusation,
        Figure: make_figure(accusation),
        ClaimLink: make_link(denial, accusation, facets=["occurrence"]),
        EvidenceLink: make_evidence(accusation, url="https://example.org/satellite"),
    }


# A word each model's admin search finds in the ledger's object of that model.
SEARCH_TERMS = {
    Actor: "Pakistan",
    Source: "Strikes",
    Place: "Khost",
    Incident: "Khost",
    Claim: "Mujahid",
    Figure: "Pakistan",
    ClaimLink: "ISPR",
    EvidenceLink: "satellite",
}


# Every page opens ---------------------------------------------------------------------------


@pytest.mark.parametrize("model", LEDGER_MODELS, ids=lambda model: model.__name__)
def test_admin_pages_open_for_a_superuser(admin_client, model):
    obj = ledger()[model]
    for url in [admin_url(model, "changelist"), admin_url(model, "add")]:
        assert admin_client.get(url).status_code == 200, url
    search = admin_client.get(admin_url(model, "changelist"), {"q": SEARCH_TERMS[model]})
    assert search.status_code == 200
    assert obj in search.context["cl"].result_list
    change = admin_client.get(admin_url(model, "change", obj.pk))
    assert change.status_code == 200
    assert change.context["adminform"].form.instance == obj


@pytest.mark.parametrize("model", LEDGER_MODELS, ids=lambda model: model.__name__)
def test_admin_pages_are_forbidden_to_staff_without_permissions(client, model):
    obj = ledger()[model]
    client.force_login(make_user(is_staff=True))
    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ]:
        assert client.get(url).status_code == 403, url


def test_admin_site_is_titled_counterclaim(admin_client):
    assert "Counterclaim" in admin_client.get(reverse("admin:index")).text


def test_actor_page_shows_its_side_and_affiliation_chain(admin_client):
    forces = make_actor(name="Pakistan Armed Forces", kind="military")
    ispr = make_actor(name="ISPR", kind="military", parent=forces)
    director = make_actor(name="DG ISPR", parent=ispr)
    page = admin_client.get(admin_url(Actor, "change", director.pk)).text
    assert "DG ISPR</a> → <a" in page
    assert page.index("DG ISPR</a> →") < page.index("ISPR</a> →") < page.rindex("Armed Forces</a>")


def test_actor_search_matches_aliases(admin_client):
    ispr = make_actor(name="ISPR", aliases="Inter-Services Public Relations")
    response = admin_client.get(admin_url(Actor, "changelist"), {"q": "public relations"})
    assert list(response.context["cl"].result_list) == [ispr]


def test_claim_autocomplete_finds_claims_by_speaker(admin_client):
    accusation = make_claim(speaker=make_actor(name="Zabihullah Mujahid"))
    make_claim()
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "claims",
            "model_name": "claimlink",
            "field_name": "to_claim",
            "term": "muja",
        },
    )
    assert [result["id"] for result in response.json()["results"]] == [str(accusation.pk)]


def test_source_page_links_to_recording_a_claim_from_it(admin_client):
    source = make_source()
    page = admin_client.get(admin_url(Source, "change", source.pk)).text
    add_claim = f"{admin_url(Claim, 'add')}?source={source.pk}"
    assert f'href="{add_claim}"' in page
    form = admin_client.get(add_claim).context["adminform"].form
    assert form["source"].value() == str(source.pk)


def test_unanswered_filter_lists_accusations_nobody_has_denied(admin_client):
    answered, unanswered = make_claim(), make_claim()
    make_link(make_claim(kind="denial"), answered)
    changelist = admin_url(Claim, "changelist")
    response = admin_client.get(changelist, {"unanswered": "1"})
    assert list(response.context["cl"].result_list) == [unanswered]
    assert 'alt="True"' in response.text  # the Unanswered column
    response = admin_client.get(changelist, {"unanswered": "0"})
    assert list(response.context["cl"].result_list) == [answered]
    assert 'alt="False"' in response.text


def test_incident_filter_offers_the_latest_incidents_not_every_one(admin_client):
    make_incident(title="Oldest incident", occurred_on="2001-01-01")
    for day in range(1, 13):
        make_incident(title=f"Recent incident {day}", occurred_on=f"2025-01-{day:02}")
    page = admin_client.get(admin_url(Claim, "changelist")).text
    assert page.count("Recent incident") == 10
    assert "Oldest incident" not in page


def test_incident_filter_still_filters_by_any_incident_and_names_it(admin_client):
    oldest = make_incident(title="Oldest incident", occurred_on="2001-01-01")
    for day in range(1, 13):
        make_incident(title=f"Recent incident {day}", occurred_on=f"2025-01-{day:02}")
    about = make_claim(incident=oldest)
    make_claim()
    response = admin_client.get(admin_url(Claim, "changelist"), {"incident__id__exact": oldest.pk})
    assert list(response.context["cl"].result_list) == [about]
    assert "Oldest incident" in response.text


# Entering a claim --------------------------------------------------------------------------


def new_claim_form(client: Client, source: Source, quote: str, **fields: object) -> dict:
    form = form_on_page(client, admin_url(Claim, "add"))
    form.update(
        speaker=str(make_actor(name="ISPR").pk),
        source=str(source.pk),
        kind="denial",
        summary="ISPR denies any strikes",
        quote=quote,
        **fields,
    )
    return form


def test_claim_is_entered_with_a_pasted_quote_a_figure_evidence_and_a_response(
    admin_client, admin_user
):
    accusation = make_claim(quote="airstrikes in Khost")
    source = make_source()
    form = new_claim_form(admin_client, source, "denied that any strikes took place")
    form.update({"figures-0-measure": "killed", "figures-0-group": "civilians"})
    form.update({"figures-0-low": "0", "figures-0-high": ""})
    add_inline_row(form, "evidence", url="https://example.org/ispr-statement", stance="supports")
    add_inline_row(
        form,
        "outgoing_links",
        relation="denies",
        to_claim=str(accusation.pk),
        facets=["civilian_status", "occurrence"],
    )

    response = admin_client.post(admin_url(Claim, "add"), form)

    assert response.status_code == 302, form_errors(response)
    claim = Claim.objects.get(summary="ISPR denies any strikes")
    start = SOURCE_TEXT.index("denied that any strikes took place")
    assert (claim.quote_start, claim.quote_end) == (start, start + 34)
    assert claim.created_by == admin_user
    figure = claim.figures.get()
    assert (figure.measure, figure.group, figure.low, figure.high) == ("killed", "civilians", 0, 0)
    evidence = claim.evidence.get()
    assert (evidence.url, evidence.stance, evidence.added_by) == (
        "https://example.org/ispr-statement",
        "supports",
        admin_user,
    )
    link = claim.outgoing_links.get()
    assert (link.relation, link.to_claim, link.created_by) == ("denies", accusation, admin_user)
    assert link.facets == ["occurrence", "civilian_status"]
    assert not accusation.is_unanswered_accusation


def test_claim_with_a_quote_absent_from_its_source_is_refused_on_the_quote_field(admin_client):
    form = new_claim_form(admin_client, make_source(), "strikes hit Kabul")
    form.update({"figures-0-measure": "killed", "figures-0-low": "3"})

    errors = form_errors(admin_client.post(admin_url(Claim, "add"), form))

    assert "does not appear in the source text" in " ".join(errors["quote"])
    assert not Claim.objects.exists()
    assert not Figure.objects.exists()


def test_claim_with_an_ambiguous_quote_lists_its_offsets_and_a_chosen_start_saves_it(
    admin_client,
):
    source = make_source()
    form = new_claim_form(admin_client, source, "strikes")

    errors = form_errors(admin_client.post(admin_url(Claim, "add"), form))

    assert "appears 2 times in the source (at 40, 108)" in " ".join(errors["quote"])
    assert not Claim.objects.exists()

    form["quote_start"] = "108"
    response = admin_client.post(admin_url(Claim, "add"), form)
    assert response.status_code == 302, form_errors(response)
    claim = Claim.objects.get()
    assert (claim.quote_start, claim.quote_end) == (108, 115)


def test_editing_a_claims_quote_re_anchors_it(admin_client):
    claim = make_claim(quote="airstrikes in Khost")
    form = form_on_page(admin_client, admin_url(Claim, "change", claim.pk))
    form["quote"] = "killed 10 civilians"

    response = admin_client.post(admin_url(Claim, "change", claim.pk), form)

    assert response.status_code == 302, form_errors(response)
    claim.refresh_from_db()
    assert SOURCE_TEXT[claim.quote_start : claim.quote_end] == "killed 10 civilians"


def test_picking_one_of_several_places_for_an_edited_quote_re_anchors_it(admin_client):
    claim = make_claim(quote="airstrikes in Khost")
    form = form_on_page(admin_client, admin_url(Claim, "change", claim.pk))
    form.update(quote="strikes", quote_start="108")

    response = admin_client.post(admin_url(Claim, "change", claim.pk), form)

    assert response.status_code == 302, form_errors(response)
    claim.refresh_from_db()
    assert (claim.quote, claim.quote_start, claim.quote_end) == ("strikes", 108, 115)


def test_claim_with_a_multiline_quote_survives_a_browser_round_trip(admin_client):
    # The quote appears twice, so re-anchoring it would fail: it must keep its chosen place.
    passage = "No strikes.\nNone at all."
    source = make_source(text=f"{passage}\n\nLater, again:\n{passage}")
    claim = make_claim(source=source, quote=passage, quote_start=0, quote_end=len(passage))
    form = form_on_page(admin_client, admin_url(Claim, "change", claim.pk))
    assert form["quote"] == ["No strikes.\r\nNone at all."]

    response = admin_client.post(admin_url(Claim, "change", claim.pk), form)

    assert response.status_code == 302, form_errors(response)
    claim.refresh_from_db()
    assert (claim.quote, claim.quote_start) == (passage, 0)


def test_claim_saved_unchanged_keeps_its_author(admin_client, admin_user):
    author = make_user()
    claim = make_claim(quote="airstrikes in Khost", created_by=author)
    form = form_on_page(admin_client, admin_url(Claim, "change", claim.pk))

    response = admin_client.post(admin_url(Claim, "change", claim.pk), form)

    assert response.status_code == 302, form_errors(response)
    claim.refresh_from_db()
    assert claim.created_by == author


def test_figure_with_low_above_high_is_refused_and_nothing_is_saved(admin_client):
    claim = make_claim(quote="airstrikes in Khost")
    form = form_on_page(admin_client, admin_url(Claim, "change", claim.pk))
    form.update({"figures-0-measure": "killed", "figures-0-low": "11", "figures-0-high": "10"})
    form["summary"] = "Edited alongside the bad figure"

    errors = form_errors(admin_client.post(admin_url(Claim, "change", claim.pk), form))

    assert errors["figures-0-high"] == ["The high figure cannot be below the low one."]
    assert not Figure.objects.exists()
    claim.refresh_from_db()
    assert claim.summary != "Edited alongside the bad figure"


# Linking claims ----------------------------------------------------------------------------


def test_claim_cannot_be_linked_to_itself_inline(admin_client):
    claim = make_claim()
    form = form_on_page(admin_client, admin_url(Claim, "change", claim.pk))
    add_inline_row(form, "outgoing_links", relation="denies", to_claim=str(claim.pk))

    errors = form_errors(admin_client.post(admin_url(Claim, "change", claim.pk), form))

    assert errors["outgoing_links-0-to_claim"] == ["A claim cannot respond to itself."]
    assert "Constraint" not in all_messages(errors)
    assert not ClaimLink.objects.exists()


def test_claim_cannot_be_linked_to_itself_on_the_link_page(admin_client):
    claim = make_claim()
    form = form_on_page(admin_client, admin_url(ClaimLink, "add"))
    form.update(from_claim=str(claim.pk), to_claim=str(claim.pk), relation="disputes")

    errors = form_errors(admin_client.post(admin_url(ClaimLink, "add"), form))

    assert errors == {"to_claim": ["A claim cannot respond to itself."]}
    assert not ClaimLink.objects.exists()


def test_duplicate_link_is_refused_inline(admin_client):
    accusation, denial = make_claim(), make_claim(kind="denial")
    make_link(denial, accusation, relation="denies")
    form = form_on_page(admin_client, admin_url(Claim, "change", accusation.pk))
    add_inline_row(form, "incoming_links", relation="denies", from_claim=str(denial.pk))

    errors = form_errors(admin_client.post(admin_url(Claim, "change", accusation.pk), form))

    assert "These two claims are already linked this way." in all_messages(errors)
    assert ClaimLink.objects.count() == 1


def test_link_entered_on_its_own_page_records_its_author(admin_client, admin_user):
    accusation, denial = make_claim(), make_claim(kind="denial")
    form = form_on_page(admin_client, admin_url(ClaimLink, "add"))
    form.update(from_claim=str(denial.pk), to_claim=str(accusation.pk), relation="denies")
    form["facets"] = ["casualties"]

    response = admin_client.post(admin_url(ClaimLink, "add"), form)

    assert response.status_code == 302, form_errors(response)
    link = ClaimLink.objects.get()
    assert (link.created_by, link.facets) == (admin_user, ["casualties"])


def test_evidence_entered_on_its_own_page_records_who_added_it(admin_client, admin_user):
    claim = make_claim()
    form = form_on_page(admin_client, admin_url(EvidenceLink, "add"))
    form.update(claim=str(claim.pk), url="https://example.org/footage", kind="video")

    response = admin_client.post(admin_url(EvidenceLink, "add"), form)

    assert response.status_code == 302, form_errors(response)
    assert EvidenceLink.objects.get().added_by == admin_user


# Sources -----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["url", "archive_url"])
@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>"])
def test_source_with_a_non_web_url_is_refused(admin_client, field, url):
    form = form_on_page(admin_client, admin_url(Source, "add"))
    form.update({"title": "Suspicious", "text": "Body", field: url})

    errors = form_errors(admin_client.post(admin_url(Source, "add"), form))

    assert errors == {field: ["Enter a web address starting with http:// or https://."]}
    assert not Source.objects.exists()


def test_source_text_edit_that_moves_a_quote_is_refused_on_the_text_field(admin_client):
    claim = make_claim(quote="airstrikes in Khost")
    source = claim.source
    form = form_on_page(admin_client, admin_url(Source, "change", source.pk))
    form["text"] = "Prefix. " + SOURCE_TEXT

    errors = form_errors(admin_client.post(admin_url(Source, "change", source.pk), form))

    assert list(errors) == ["text"]
    assert "would move 1 anchored quote(s)" in errors["text"][0]
    assert f"claim #{claim.pk}" in errors["text"][0]
    source.refresh_from_db()
    assert source.text == SOURCE_TEXT


def test_source_saved_from_a_browser_keeps_its_text_and_quotes(admin_client):
    text = "First paragraph.\n\nThe army denied that any strikes took place.\n"
    source = make_source(text=text)
    make_claim(source=source, quote="denied that any strikes took place")
    form = form_on_page(admin_client, admin_url(Source, "change", source.pk))
    assert "\r\n" in form["text"][0]  # what a browser sends back
    form["title"] = "Renamed"

    response = admin_client.post(admin_url(Source, "change", source.pk), form)

    assert response.status_code == 302, form_errors(response)
    source.refresh_from_db()
    assert (source.title, source.text) == ("Renamed", text)


def test_source_text_edit_that_keeps_quotes_in_place_is_saved(admin_client):
    claim = make_claim(quote="airstrikes in Khost")
    form = form_on_page(admin_client, admin_url(Source, "change", claim.source.pk))
    form["text"] = SOURCE_TEXT + "\r\nA later update."

    response = admin_client.post(admin_url(Source, "change", claim.source.pk), form)

    assert response.status_code == 302, form_errors(response)
    claim.source.refresh_from_db()
    assert claim.source.text == SOURCE_TEXT + "\nA later update."


# Changelists cost the same few queries however many rows they show ------------------------

# The same count for 5 rows and for 50: session, user, incident filter choices, two counts
# (filtered and total), the rows, and two for the date drill-down.
CLAIM_CHANGELIST_QUERIES = 8
CLAIMLINK_CHANGELIST_QUERIES = 7


@pytest.mark.parametrize("rows", [5, 50])
def test_claim_changelist_query_count_does_not_grow_with_rows(
    admin_client, django_assert_num_queries, rows
):
    incident = make_incident()
    for _ in range(rows):
        make_claim(incident=incident)
    admin_client.get(admin_url(Claim, "changelist"))  # warm the session and content types

    with django_assert_num_queries(CLAIM_CHANGELIST_QUERIES):
        response = admin_client.get(admin_url(Claim, "changelist"))

    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_claimlink_changelist_query_count_does_not_grow_with_rows(
    admin_client, django_assert_num_queries, rows
):
    accusation = make_claim()
    for _ in range(rows):
        make_link(make_claim(kind="denial"), accusation, created_by=make_user())
    admin_client.get(admin_url(ClaimLink, "changelist"))

    with django_assert_num_queries(CLAIMLINK_CHANGELIST_QUERIES):
        response = admin_client.get(admin_url(ClaimLink, "changelist"))

    assert len(response.context["cl"].result_list) == rows


def test_every_ledger_model_is_registered():
    registered = {model for model in admin.site._registry if model._meta.app_label == "claims"}
    # The review steps are shown too, to read: the workflow alone writes them; and so are
    # intake runs, work state outside the ledger that the intake worker alone writes.
    assert registered == {*LEDGER_MODELS, ClaimReview, Intake}


def test_intake_runs_are_read_only_in_the_admin(admin_client):
    run = make_intake(proposals=[])
    assert admin_client.get(admin_url(Intake, "changelist")).status_code == 200
    page = admin_client.get(admin_url(Intake, "change", run.pk))
    assert page.status_code == 200
    assert b'name="status"' not in page.content
    assert admin_client.get(admin_url(Intake, "add")).status_code == 403


def test_review_steps_are_read_only_in_the_admin(admin_client):
    claim = make_claim()
    claim.submit(by=make_user("author", groups=("editor",)))
    step = ClaimReview.objects.get()
    assert admin_client.get(admin_url(ClaimReview, "changelist")).status_code == 200
    assert admin_client.get(admin_url(ClaimReview, "add")).status_code == 403
    assert (
        admin_client.post(admin_url(ClaimReview, "delete", step.pk), {"post": "yes"}).status_code
        == 403
    )
    assert ClaimReview.objects.filter(pk=step.pk).exists()


def test_editor_with_claim_permissions_opens_a_claim_but_not_sources(client):
    editor = make_user(is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_claim", "change_claim"])
    )
    client.force_login(editor)
    claim = make_claim()
    assert client.get(admin_url(Claim, "change", claim.pk)).status_code == 200
    assert client.get(admin_url(Source, "changelist")).status_code == 403


@pytest.mark.parametrize(
    "params", [{"status": "draft\x00"}, {"kind__exact": "\x00"}, {"q": "a\x00b"}]
)
def test_a_nul_byte_in_a_changelist_filter_is_refused_not_a_500(admin_client, params):
    make_claim()
    assert admin_client.get(admin_url(Claim, "changelist"), params).status_code == 400


@pytest.mark.parametrize("value", [str(10**30), str(2**63), "-1", "Khost"])
def test_admin_claim_add_refuses_places_that_cannot_be_ids(admin_client, value):
    response = admin_client.post(admin_url(Claim, "add"), {"places": [value]})
    assert response.status_code == 200
    assert "places" in response.context["adminform"].form.errors
    assert not Claim.objects.exists()


@pytest.mark.parametrize("url_name", ["admin:index", "admin:login"])
def test_admin_pages_carry_the_apps_name_and_icon(client, admin_user, url_name):
    if url_name == "admin:index":
        client.force_login(admin_user)
    html = client.get(reverse(url_name)).text
    assert "<title>" in html
    assert "Counterclaim admin" in html
    assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg"', html)
