"""Every change to the ledger is versioned with who and when; a claim's page shows the diffs
and can revert to an earlier version."""

import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command, get_commands
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from claims.history.diff import word_diff
from claims.history.records import LedgerHistoricalRecords, Removal, ledger_models
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
    extract_one,
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
from tests.test_admin import form_on_page, ledger
from tests.test_claimreview import THIRD_PARTY

QUOTE = "killed 10 civilians"
# Models of the app that hold no ledger data, and why they need no history.
OUTSIDE_THE_LEDGER_MODELS = {
    Intake: "an intake run is work state: the extractor's proposals waiting for review. What "
    "the editor accepts from it becomes claims, actors and links, which are versioned",
}


def history_url(claim: Claim) -> str:
    return reverse("claim_history", args=[claim.pk])


def revert_url(claim: Claim, record) -> str:
    return reverse("claim_revert", args=[claim.pk, record.history_id])


def versions(obj) -> list:
    return list(obj.history.order_by("history_id"))


# Which models are versioned ------------------------------------------------------------------


def test_every_model_of_the_app_is_versioned_or_is_history_itself():
    history_models = {model.history.model for model in ledger_models()} | set(
        LedgerHistoricalRecords.m2m_models.values()
    )
    for model in apps.get_app_config("claims").get_models():
        if model in history_models:
            continue
        # A Removal is itself a record of the history: it is written once and never edited
        # but for the stamp of its restoring.
        if model is Removal or model in OUTSIDE_THE_LEDGER_MODELS:
            continue
        assert model in ledger_models(), f"{model.__name__} has no history: make it a LedgerModel"


def test_every_many_to_many_field_is_versioned():
    for model in ledger_models():
        for field in model._meta.many_to_many:
            assert field in LedgerHistoricalRecords.m2m_models, f"{model.__name__}.{field.name}"


def test_every_ledger_model_has_a_history_admin():
    for model in ledger_models():
        assert hasattr(admin.site._registry[model], "history_view"), model.__name__


# Who and what is recorded --------------------------------------------------------------------


@pytest.mark.django_db
def test_editing_a_claim_on_its_page_records_the_editor_and_the_change(editor, editor_client):
    claim = make_claim()
    editor_client.post(
        reverse("claim_edit", args=[claim.pk]),
        {
            "summary": "A new summary",
            "kind": claim.kind,
            "credibility": 3,
            "version": claim.version,
        },
    )
    latest = versions(claim)[-1]
    assert latest.history_type == "~"
    assert latest.history_user == editor
    assert latest.summary == "A new summary"


@pytest.mark.django_db
def test_queryset_update_records_a_version_of_each_row_with_its_m2m_fields(editor):
    first, second, untouched = make_claim(), make_claim(), make_claim()
    place = make_place()
    first.places.add(place)
    Claim.objects.filter(pk__in=[first.pk, second.pk]).update(summary="Bulk summary")
    assert [v.summary for v in versions(first)][-1] == "Bulk summary"
    assert [v.summary for v in versions(second)][-1] == "Bulk summary"
    assert versions(untouched)[-1].history_type == "+"
    assert list(versions(first)[-1].places.values_list("place_id", flat=True)) == [place.pk]


@pytest.mark.django_db
def test_bulk_update_and_bulk_create_record_versions():
    claim = make_claim()
    figure = make_figure(claim, low=5, high=5)
    figure.high = 7
    Figure.objects.bulk_update([figure], ["high"])
    assert versions(figure)[-1].high == 7
    created = Figure.objects.bulk_create([Figure(claim=claim, measure="injured", low=1, high=2)])
    assert [v.history_type for v in versions(created[0])] == ["+"]


@pytest.mark.django_db
def test_bulk_create_refuses_conflict_handling_that_would_hide_rows_from_history():
    with pytest.raises(ValueError, match="without conflict handling"):
        Figure.objects.bulk_create([], ignore_conflicts=True)


@pytest.mark.django_db
def test_load_seeds_records_with_no_user_and_the_command_as_reason():
    call_command("load_seeds", verbosity=0)
    first = versions(Claim.objects.first())[0]
    assert first.history_user is None
    assert first.history_change_reason == "load_seeds"


@pytest.mark.django_db
def test_the_admin_records_who_changed_a_row(client):
    staff = make_user(is_staff=True, is_superuser=True)
    client.force_login(staff)
    actor = make_actor(name="ISPR")
    url = reverse("admin:claims_actor_change", args=[actor.pk])
    form = form_on_page(client, url)
    form["name"] = "ISPR (military)"
    assert client.post(url, form).status_code == 302
    assert versions(actor)[-1].history_user == staff
    history = client.get(reverse("admin:claims_actor_history", args=[actor.pk]))
    assert history.status_code == 200


# The History section -------------------------------------------------------------------------


@pytest.mark.django_db
def test_history_shows_author_and_each_field_old_to_new(editor, editor_client):
    claim = make_claim(summary="First summary", credibility=6)
    with_user(claim, editor, summary="Second summary", credibility=2)
    response = editor_client.get(history_url(claim))
    html = response.content.decode()
    assert "editor" in html
    assert "<del>First</del><ins>Second</ins> summary" in html
    assert "<del>6 – truth cannot be judged</del> → <ins>2 – probably true</ins>" in html


@pytest.mark.django_db
def test_history_shows_a_quote_change_word_by_word_and_escaped(editor_client):
    source = make_source(text="They said <b>10</b> died. They said <b>12</b> died.")
    claim = make_claim(source=source, quote="They said <b>10</b> died.")
    claim.quote, claim.quote_start, claim.quote_end = "They said <b>12</b> died.", None, None
    claim.anchor_quote()
    claim.save()
    html = editor_client.get(history_url(claim)).content.decode()
    assert (
        "They said <del>&lt;b&gt;10&lt;/b&gt;</del><ins>&lt;b&gt;12&lt;/b&gt;</ins> died." in html
    )
    assert "<b>" not in html


def test_word_diff_marks_removed_and_added_words():
    assert str(word_diff("no strikes took place", "strikes took place today")) == (
        "<del>no </del>strikes took place<ins> today</ins>"
    )


@pytest.mark.django_db
def test_history_is_a_partial_for_htmx_and_names_m2m_changes(editor_client, htmx_headers):
    claim = make_claim()
    claim.places.add(make_place(name="Khost"))
    response = editor_client.get(history_url(claim), headers=htmx_headers)
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="history-title"' in html
    assert "<del>—</del> → <ins>Khost, Afghanistan</ins>" in html


@pytest.mark.django_db
def test_history_shows_twenty_versions_and_links_to_older_ones(editor_client):
    claim = make_claim()
    for number in range(25):
        Claim.objects.filter(pk=claim.pk).update(summary=f"Summary {number}")
    response = editor_client.get(history_url(claim))
    history = response.context["history"]
    assert len(history.versions) == 20
    older = editor_client.get(history_url(claim), {"before": history.older_than})
    assert len(older.context["history"].versions) == 6
    assert older.context["history"].older_than is None


@pytest.mark.django_db
@pytest.mark.parametrize("before", ["0" * 5000, "²", "99999999999999999999", "-1"])
def test_a_before_that_is_no_id_shows_the_newest_versions(editor_client, before):
    claim = make_claim()
    response = editor_client.get(history_url(claim), {"before": before})
    assert response.status_code == 200
    assert len(response.context["history"].versions) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("edits", [3, 30])
def test_history_query_count_does_not_grow_with_versions(
    editor_client, htmx_headers, django_assert_num_queries, edits
):
    claim = make_claim(speaker=make_actor(), incident=None)
    for number in range(edits):
        claim.places.add(make_place())
        claim.accused.add(make_actor())
        Claim.objects.filter(pk=claim.pk).update(
            summary=f"Summary {number}", speaker=make_actor(), source=make_source()
        )
    # Session, user; the claim; the versions, their accused and places; the names of the
    # actors, sources and places they mention; the removals touching the claim; the role
    # and permissions (groups, user's, groups').
    with django_assert_num_queries(13):
        response = editor_client.get(history_url(claim), headers=htmx_headers)
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_claim_page_loads_its_history_lazily_with_a_link_without_javascript(editor_client):
    claim = make_claim()
    html = editor_client.get(claim.get_absolute_url()).content.decode()
    assert f'hx-get="{history_url(claim)}" hx-trigger="revealed"' in html
    assert f'<a href="{history_url(claim)}">' in html


# Reverting -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_revert_is_one_post_recorded_as_one_new_version(editor, editor_client):
    claim = make_claim(summary="Original", credibility=6)
    claim.places.add(make_place())
    original = versions(claim)[-1]
    claim.places.clear()
    with_user(claim, editor, summary="Changed", credibility=2)
    before = claim.history.count()

    response = editor_client.post(revert_url(claim, original))

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.summary, claim.credibility) == ("Original", 6)
    assert claim.places.count() == 1
    assert claim.history.count() == before + 1
    latest = versions(claim)[-1]
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Reverted to the version of")


@pytest.mark.django_db
def test_revert_leaves_the_workflow_status_alone(editor_client):
    claim = make_claim(status="draft")
    original = versions(claim)[-1]
    claim.summary = "Later"
    claim.save()
    claim.submit(by=make_user("author", groups=("editor",)))
    editor_client.post(revert_url(claim, original))
    claim.refresh_from_db()
    assert (claim.summary, claim.status) == (original.summary, "in_review")


@pytest.mark.django_db
def test_revert_refuses_a_quote_no_longer_in_the_source_and_changes_nothing(editor_client):
    source = make_source(text="Strikes killed 10 civilians. The army denied any strikes.")
    claim = make_claim(source=source, quote="killed 10 civilians")
    first = versions(claim)[-1]
    claim.quote, claim.quote_start, claim.quote_end = "denied any strikes", None, None
    claim.anchor_quote()
    claim.save()
    # With the old quote no longer anchored, the source may now change where it stood.
    source.text = source.text.replace("10", "12")
    source.save()
    count = claim.history.count()

    response = editor_client.post(revert_url(claim, first), follow=True)

    assert "Not reverted: The source text at" in response.content.decode()
    claim.refresh_from_db()
    assert claim.quote == "denied any strikes"
    assert claim.history.count() == count


@pytest.mark.django_db
def test_revert_needs_the_change_permission(viewer_client):
    claim = make_claim(summary="Original")
    original = versions(claim)[-1]
    Claim.objects.filter(pk=claim.pk).update(summary="Later")
    assert viewer_client.post(revert_url(claim, original)).status_code == 403
    claim.refresh_from_db()
    assert claim.summary == "Later"


@pytest.mark.django_db
def test_revert_answers_only_post(editor_client):
    claim = make_claim()
    assert editor_client.get(revert_url(claim, versions(claim)[-1])).status_code == 405


def with_user(claim: Claim, user, **changes) -> None:
    """Save `changes` to `claim` as `user` would through a page."""
    for name, value in changes.items():
        setattr(claim, name, value)
    claim._history_user = user
    claim.save()
    del claim._history_user


def test_sources_are_versioned_with_their_text():
    assert "text" in {field.name for field in Source.history.model._meta.fields}


# No write path escapes -----------------------------------------------------------------------

# Pages that only read; every other page of the app must have a write driver below.
READ_ONLY_PAGES = {
    "desk",
    "claim_list",
    "claim_detail",
    "claim_claimreview",
    "claim_pair",
    "claim_history",
    "removed_list",
    "incident_detail",
    "source_detail",
    "actor_detail",
    "autocomplete",
    "healthz",
    "claim_export",
    "dossier_csv",
    "dossier_json",
    "incident_feed",
    "published_feed",
    "claim_annotation",
    "source_annotations",
    "intake_detail",  # polling may queue a lost run again: work state, not the ledger
}
# Pages that write only work state outside the ledger (OUTSIDE_THE_LEDGER_MODELS), and what.
WORK_STATE_PAGES = {"intake_start": "queues a new intake run over a source on record"}
# Commands that write no ledger rows of this database, and why.
OUTSIDE_THE_LEDGER = {
    "extract_claims": "reads an article file and prints proposals; it touches no database",
    "benchmark": "builds a synthetic ledger in a database of its own",
    "export_ledger": "reads the ledger into a file and writes no row",
    "import_ledger": "restores into an empty database only: tests/test_backup.py checks that "
    "every restored row has its history",
    "score_extraction": "reads labelled articles from files and writes no row",
}
# What the commands that need arguments are given here, from a folder of the test's own.
COMMAND_ARGUMENTS: dict[str, Callable[[Path], list[str]]] = {
    "import_claimreview": lambda folder: [write_json(folder / "claimreview.json", THIRD_PARTY)],
}
NEW_QUOTE = "The spokesperson accused the army"


def write_json(path: Path, document: object) -> str:
    path.write_text(json.dumps(document))
    return str(path)


def app_url_names() -> set[str]:
    """Every named URL the app's own views answer (the admin and sign-in are Django's)."""
    names = set()

    def walk(patterns) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif pattern.callback.__module__.startswith("claims.views"):
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


def app_commands() -> set[str]:
    return {name for name, app in get_commands().items() if app == "claims"}


def total_versions() -> int:
    return sum(model.history.count() for model in ledger_models())


def page_writes(objects: dict) -> dict[str, Callable[[Client], HttpResponse]]:
    """A valid POST to each page that writes, as an editor would send it."""
    claim = objects[Claim]
    response_to = make_claim(summary="Another accusation", source=claim.source)
    # Rows of their own to remove, so the admin still finds the ledger's ones.
    link, evidence = make_link(make_claim(kind="denial"), claim), make_evidence(claim)
    removable = make_claim()
    make_figure(removable)
    intake = make_intake(claim.source, [extract_one(claim.source.text, "that killed 10 civilians")])

    def restore_last(client: Client) -> HttpResponse:
        return client.post(reverse("removal_restore", args=[Removal.objects.first().pk]))

    return {
        "claim_create": lambda client: client.post(
            reverse("claim_create"),
            {
                "speaker": claim.speaker_id,
                "source": claim.source_id,
                "kind": "assertion",
                "summary": "Recorded on the page",
                "quote": NEW_QUOTE,
            },
        ),
        "claim_edit": lambda client: client.post(
            reverse("claim_edit", args=[claim.pk]),
            {
                "summary": "Edited on the page",
                "kind": claim.kind,
                "credibility": 2,
                "version": Claim.objects.get(pk=claim.pk).version,
            },
        ),
        "evidence_add": lambda client: client.post(
            reverse("evidence_add", args=[claim.pk]),
            {"url": "https://example.org/new", "stance": "supports", "kind": "document"},
        ),
        "link_create": lambda client: client.post(
            reverse("link_create", args=[response_to.pk]),
            {"candidate": claim.pk, "relation": "qualifies", "facets": ["timing"]},
        ),
        "response_create": lambda client: client.post(
            reverse("response_create", args=[response_to.pk]),
            {
                "speaker": claim.speaker_id,
                "source": claim.source_id,
                "quote": "The army denied",
                "kind": "denial",
                "summary": "A response recorded on the page",
                "relation": "denies",
                "facets": ["occurrence"],
            },
        ),
        "claim_revert": lambda client: client.post(
            revert_url(claim, claim.history.order_by("history_id").first())
        ),
        "link_undo": lambda client: client.post(
            reverse("link_undo", args=[link.pk]), {"claim": link.to_claim_id}
        ),
        "evidence_delete": lambda client: client.post(
            reverse("evidence_delete", args=[evidence.pk])
        ),
        "claim_review": lambda client: client.post(
            reverse("claim_review", args=[claim.pk, "submit"])
        ),
        "claim_delete": lambda client: client.post(reverse("claim_delete", args=[removable.pk])),
        "removal_restore": restore_last,
        "intake_new": lambda client: client.post(
            reverse("intake_new"),
            {"title": "Pasted", "outlet_name": "A new outlet", "text": "A pasted article."},
        ),
        "actor_create": lambda client: client.post(
            reverse("actor_create"), {"name": "A new actor", "kind": "person"}
        ),
        "incident_create": lambda client: client.post(
            reverse("incident_create"), {"title": "A new incident", "places": [objects[Place].pk]}
        ),
        "place_create": lambda client: client.post(reverse("place_create"), {"name": "A town"}),
        "intake_accept": lambda client: client.post(
            reverse("intake_accept", args=[intake.pk]),
            {"accept": "0", "row-0-speaker": "A new speaker", "row-0-summary": "Accepted"},
        ),
    }


def admin_writes(client: Client, objects: dict) -> None:
    """Change every ledger object in the admin, delete a fresh one of each model on its own
    page and another with the list's delete action, and drop an inline row."""
    makers = {
        Actor: make_actor,
        Place: make_place,
        Incident: make_incident,
        Source: make_source,
        Claim: make_claim,
        Figure: lambda: make_figure(make_claim()),
        ClaimLink: lambda: make_link(make_claim(kind="denial"), make_claim()),
        EvidenceLink: lambda: make_evidence(make_claim()),
    }
    # Review steps are written by the workflow alone (its page is driven above): the admin
    # only shows them.
    read_only = {ClaimReview}
    assert set(makers) | read_only == set(ledger_models()), "a ledger model with no maker here"
    for model in [model for model in ledger_models() if model not in read_only]:
        url = reverse(f"admin:claims_{model._meta.model_name}_change", args=[objects[model].pk])
        assert client.post(url, form_on_page(client, url)).status_code == 302, model.__name__
        single, listed = makers[model](), makers[model]()
        delete = reverse(f"admin:claims_{model._meta.model_name}_delete", args=[single.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 302
        changelist = reverse(f"admin:claims_{model._meta.model_name}_changelist")
        action = {"action": "delete_selected", "_selected_action": [listed.pk], "post": "yes"}
        assert client.post(changelist, action).status_code == 302
        assert not model.objects.filter(pk__in=[single.pk, listed.pk]).exists()
    # A place that claims and incidents list: its m2m rows go with it, without a signal.
    place = make_place()
    objects[Claim].places.add(place)
    objects[Incident].places.add(place)
    delete = reverse("admin:claims_place_delete", args=[place.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    figure = make_figure(make_claim())
    url = reverse("admin:claims_claim_change", args=[figure.claim_id])
    form = form_on_page(client, url) | {"figures-0-DELETE": "on"}
    assert client.post(url, form).status_code == 302
    assert not Figure.objects.filter(pk=figure.pk).exists()


def assert_history_matches_ledger() -> None:
    """Each row's latest version reads as the row does, m2m fields included, and each row
    gone has a deletion as its latest version: no write reached the ledger unrecorded."""
    for model in ledger_models():
        m2m = model._meta.many_to_many
        rows = {row.pk: row for row in model._base_manager.prefetch_related(*(f.name for f in m2m))}
        latest = {}
        for record in model.history.order_by("history_id"):
            latest[record.id] = record
        for pk, row in rows.items():
            record = latest.get(pk)
            where = f"{model.__name__} #{pk}"
            assert record is not None, f"{where} has no version"
            assert record.history_type != "-", f"{where} is on record as deleted"
            for field in model._meta.concrete_fields:
                now, recorded = getattr(row, field.attname), getattr(record, field.attname)
                assert now == recorded, f"{where}.{field.name}: {now!r}, recorded {recorded!r}"
            for field in m2m:
                now = {member.pk for member in getattr(row, field.name).all()}
                recorded = set(
                    getattr(record, field.name).values_list(
                        f"{field.m2m_reverse_field_name()}_id", flat=True
                    )
                )
                assert now == recorded, f"{where}.{field.name}: {now}, recorded {recorded}"
        for pk, record in latest.items():
            if pk not in rows:
                assert record.history_type == "-", f"{model.__name__} #{pk} vanished unrecorded"


@pytest.mark.django_db
def test_no_write_path_of_the_app_escapes_history(admin_client, tmp_path):
    objects = ledger()
    for name in app_commands() - set(OUTSIDE_THE_LEDGER):
        arguments = COMMAND_ARGUMENTS.get(name, lambda folder: [])(tmp_path)
        call_command(name, *arguments, verbosity=0, stdout=StringIO())
    writes = page_writes(objects)
    unknown = app_url_names() - READ_ONLY_PAGES - set(WORK_STATE_PAGES) - set(writes)
    assert not unknown, f"pages with no write driver here, nor listed as read-only: {unknown}"
    assert_history_matches_ledger()

    for name, write in writes.items():
        before = total_versions()
        response = write(admin_client)
        assert response.status_code in (200, 302), f"{name}: {response.status_code}"
        assert total_versions() > before, f"{name} wrote nothing"
    admin_writes(admin_client, objects)
    Claim.objects.filter(pk=objects[Claim].pk).update(summary="Updated in bulk")

    assert_history_matches_ledger()


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_every_row_already_there_a_first_version():
    call_command("migrate", "claims", "0010", verbosity=0)
    try:
        executor = MigrationExecutor(connection)
        old = executor.loader.project_state(("claims", "0010_pairing_incident_index")).apps
        actor = old.get_model("claims", "Actor").objects.create(name="Before history")
        place = old.get_model("claims", "Place").objects.create(name="Khost")
        incident = old.get_model("claims", "Incident").objects.create(title="Strikes", slug="s")
        incident.places.add(place)
    finally:
        call_command("migrate", "claims", verbosity=0)
    first = Actor.history.get(id=actor.pk)
    assert (first.name, first.history_change_reason) == ("Before history", "History began")
    version = Incident.history.get(id=incident.pk)
    assert list(version.places.values_list("place_id", flat=True)) == [place.pk]
    assert_history_matches_ledger()
