"""Every change to the ledger is versioned with who and when; a claim's page shows the diffs
and can revert to an earlier version."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from claims.history.diff import word_diff
from claims.history.records import LedgerHistoricalRecords, Removal, ledger_models
from claims.models import Claim, Figure, Source
from tests.test_admin import form_on_page
from tests.factories import (
    make_actor,
    make_claim,
    make_figure,
    make_place,
    make_source,
    make_user,
)

QUOTE = "killed 10 civilians"


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
        if model is Removal:
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
        {"summary": "A new summary", "kind": claim.kind, "credibility": 3, "status": "draft"},
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
    assert "They said <del>&lt;b&gt;10&lt;/b&gt;</del><ins>&lt;b&gt;12&lt;/b&gt;</ins> died." in html
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
    Claim.objects.filter(pk=claim.pk).update(status="in_review", summary="Later")
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
