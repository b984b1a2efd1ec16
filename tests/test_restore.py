"""Undoing a pairing and deleting a claim or evidence keep a restorable record; one action
puts a removal back whole."""

import pytest
from django.contrib.auth.models import Group
from django.db.models.signals import pre_delete
from django.urls import reverse

from claims import pairing
from claims.history.records import Removal
from claims.history.removal import RestoreError, restore
from claims.models import Claim, ClaimLink, EvidenceLink, Figure
from claims.roles import ensure_roles
from tests.factories import (
    make_actor,
    make_claim,
    make_evidence,
    make_figure,
    make_link,
    make_place,
    make_user,
)

pytestmark = pytest.mark.django_db


def delete_url(claim: Claim) -> str:
    return reverse("claim_delete", args=[claim.pk])


def restore_url(removal: Removal) -> str:
    return reverse("removal_restore", args=[removal.pk])


def claim_with_everything() -> dict:
    """A claim with places, accused, a figure, evidence, a response and a claim it answers."""
    claim = make_claim(summary="Strikes killed ten civilians")
    claim.places.add(make_place(name="Khost"))
    claim.accused.add(make_actor(name="Pakistan Armed Forces"))
    response = make_claim(kind="denial", summary="No strikes took place")
    earlier = make_claim(summary="An earlier claim")
    return {
        "claim": claim,
        "response": response,
        "earlier": earlier,
        "figure": make_figure(claim),
        "evidence": make_evidence(claim, url="https://example.org/satellite"),
        "incoming": make_link(response, claim),
        "outgoing": make_link(claim, earlier, relation="supports"),
    }


# Undo of a pairing ---------------------------------------------------------------------------


def test_undone_pairing_is_listed_on_both_claims_and_the_desk_and_restores(editor_client):
    target, response = make_claim(), make_claim(kind="denial")
    link = make_link(response, target, note="Both sides agree on the date")
    editor_client.post(reverse("link_undo", args=[link.pk]), {"claim": target.pk})
    assert not ClaimLink.objects.filter(pk=link.pk).exists()
    removal = Removal.objects.get()
    for claim in (target, response):
        history = editor_client.get(reverse("claim_history", args=[claim.pk]))
        assert history.context["removals"] == [removal]
    assert list(editor_client.get(reverse("removed_list")).context["page"].rows) == [removal]

    answer = editor_client.post(restore_url(removal), {"next": target.get_absolute_url()})

    assert answer.url == target.get_absolute_url()
    restored = ClaimLink.objects.get(pk=link.pk)
    assert restored.note == "Both sides agree on the date"
    assert restored.history.latest("history_id").history_change_reason == (
        f"Restored (removal #{removal.pk})"
    )
    removal.refresh_from_db()
    assert removal.restored_at is not None
    assert editor_client.get(reverse("removed_list")).context["page"].rows == []


def test_a_removal_restores_once(editor):
    link = make_link(make_claim(kind="denial"), make_claim())
    removal = pairing.undo(link, by=editor)
    restore(removal.pk, by=editor)
    with pytest.raises(RestoreError, match="restored already"):
        restore(removal.pk, by=editor)


def test_restore_redirects_only_to_this_site(editor, editor_client):
    removal = pairing.undo(make_link(make_claim(kind="denial"), make_claim()), by=editor)
    answer = editor_client.post(restore_url(removal), {"next": "https://evil.example/"})
    assert answer.url == reverse("removed_list")


@pytest.mark.parametrize("target", ["Actor 4", "desk", "removed/"])
def test_restore_ignores_a_next_that_is_not_a_path(editor, editor_client, target):
    removal = pairing.undo(make_link(make_claim(kind="denial"), make_claim()), by=editor)
    answer = editor_client.post(restore_url(removal), {"next": target})
    assert answer.url == reverse("removed_list")


# Deleting a claim ----------------------------------------------------------------------------


def test_deleting_a_claim_asks_first_and_names_what_depends_on_it(reviewer_client):
    rows = claim_with_everything()
    page = reviewer_client.get(delete_url(rows["claim"]))
    html = page.content.decode()
    assert "1 claim responds to it" in html
    assert "No strikes took place" in html
    for text in ("Figures", "Evidence links", "Claim links", "https://example.org/satellite"):
        assert text in html
    assert Claim.objects.filter(pk=rows["claim"].pk).exists()


def test_deleting_a_claim_removes_it_and_its_dependents_as_one_removal(reviewer, reviewer_client):
    rows = claim_with_everything()
    answer = reviewer_client.post(delete_url(rows["claim"]))
    assert answer.url == reverse("removed_list")
    assert not Claim.objects.filter(pk=rows["claim"].pk).exists()
    assert not ClaimLink.objects.exists()
    assert not EvidenceLink.objects.exists()
    assert not Figure.objects.exists()
    # The claims on the other ends stay.
    assert Claim.objects.filter(pk__in=[rows["response"].pk, rows["earlier"].pk]).count() == 2
    removal = Removal.objects.get()
    assert removal.removed_by == reviewer
    assert removal.subject_id == rows["claim"].pk
    tagged = [Claim, ClaimLink, ClaimLink, EvidenceLink, Figure]
    assert (
        sum(model.history.filter(removal=removal, history_type="-").count() for model in {*tagged})
        == 5
    )


def test_restoring_a_deleted_claim_brings_back_its_relations_in_one_action(
    reviewer, reviewer_client
):
    rows = claim_with_everything()
    claim = rows["claim"]
    places, accused = set(claim.places.all()), set(claim.accused.all())
    reviewer_client.post(delete_url(claim))

    reviewer_client.post(restore_url(Removal.objects.get()))

    restored = Claim.objects.get(pk=claim.pk)
    assert restored.summary == claim.summary
    assert set(restored.places.all()) == places
    assert set(restored.accused.all()) == accused
    assert list(restored.figures.all()) == [rows["figure"]]
    assert list(restored.evidence.all()) == [rows["evidence"]]
    assert set(ClaimLink.objects.all()) == {rows["incoming"], rows["outgoing"]}
    latest = restored.history.latest("history_id")
    assert (latest.history_type, latest.history_user) == ("+", reviewer)
    assert set(latest.places.values_list("place_id", flat=True)) == {p.pk for p in places}


def test_restore_leaves_out_links_whose_other_end_is_gone_and_says_so(reviewer, reviewer_client):
    rows = claim_with_everything()
    reviewer_client.post(delete_url(rows["claim"]))
    reviewer_client.post(delete_url(rows["earlier"]))
    first = Removal.objects.get(subject_id=rows["claim"].pk)

    answer = reviewer_client.post(restore_url(first), follow=True)

    assert "Left out: claim link" in answer.content.decode()
    assert Claim.objects.filter(pk=rows["claim"].pk).exists()
    assert list(ClaimLink.objects.all()) == [rows["incoming"]]


def test_restore_of_a_claim_that_cannot_come_back_changes_nothing_and_says_why(
    reviewer, reviewer_client
):
    speaker = make_actor(name="Speaker soon gone")
    claim = make_claim(speaker=speaker)
    make_figure(claim)
    reviewer_client.post(delete_url(claim))
    speaker.delete()
    removal = Removal.objects.get(subject_type="claims.claim")

    answer = reviewer_client.post(restore_url(removal), follow=True)

    assert "Not restored: Claim" in answer.content.decode()
    assert "cannot come back" in answer.content.decode()
    assert not Claim.objects.exists()
    assert not Figure.objects.exists()
    removal.refresh_from_db()
    assert removal.restored_at is None


def test_editors_delete_the_claims_they_recorded_and_no_one_elses(editor, editor_client):
    own, others = make_claim(created_by=editor), make_claim(created_by=make_user())
    assert editor_client.get(delete_url(others)).status_code == 403
    assert editor_client.post(delete_url(others)).status_code == 403
    assert editor_client.post(delete_url(own)).status_code == 302
    assert list(Claim.objects.all()) == [others]


def test_editors_cannot_delete_their_claims_once_sent_for_review(editor, editor_client):
    claim = make_claim(created_by=editor)
    claim.submit(by=editor)
    assert editor_client.post(delete_url(claim)).status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_viewers_delete_and_restore_nothing(viewer_client, editor):
    claim = make_claim(created_by=editor)
    evidence = make_evidence(claim)
    assert viewer_client.post(delete_url(claim)).status_code == 403
    assert viewer_client.post(reverse("evidence_delete", args=[evidence.pk])).status_code == 403
    removal = pairing.undo(make_link(make_claim(kind="denial"), claim), by=editor)
    assert viewer_client.post(restore_url(removal)).status_code == 403
    assert Removal.objects.get().restored_at is None


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_changes(client, editor):
    claim = make_claim(created_by=editor)
    removal = pairing.undo(make_link(make_claim(kind="denial"), claim), by=editor)
    for answer in (
        client.get(delete_url(claim)),
        client.post(delete_url(claim)),
        client.post(restore_url(removal)),
    ):
        assert answer.status_code == 302
        assert answer.url.startswith(reverse("login"))
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert not ClaimLink.objects.exists()


def test_a_claim_paired_while_being_deleted_is_kept_and_asked_about_again(reviewer_client):
    claim = make_claim()
    figure = make_figure(claim)

    def pair_meanwhile(sender, instance, **kwargs) -> None:
        make_link(make_claim(kind="denial"), claim)

    pre_delete.connect(pair_meanwhile, sender=Figure)
    try:
        answer = reviewer_client.post(delete_url(claim))
    finally:
        pre_delete.disconnect(pair_meanwhile, sender=Figure)

    assert answer.url == delete_url(claim)
    assert Figure.objects.filter(pk=figure.pk).exists()
    assert not Removal.objects.exists()
    assert "Not deleted" in reviewer_client.get(answer.url).content.decode()


def test_the_claim_page_offers_delete_to_those_who_may(editor, editor_client, reviewer_client):
    own, others = make_claim(created_by=editor), make_claim()
    assert delete_url(own) in editor_client.get(own.get_absolute_url()).content.decode()
    assert delete_url(others) not in editor_client.get(others.get_absolute_url()).content.decode()
    assert delete_url(others) in reviewer_client.get(others.get_absolute_url()).content.decode()


def test_roles_carry_the_delete_rights():
    # A transactional test run before this one flushes the groups the migrations made;
    # ensure_roles puts them back as the migrations leave them.
    ensure_roles()

    def codenames(role: str) -> set[str]:
        return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))

    assert {"delete_evidencelink", "delete_claimlink"} <= codenames("editor")
    assert "delete_claim" not in codenames("editor")
    assert {"delete_claim", "delete_evidencelink"} <= codenames("reviewer")
    assert not {"delete_claim", "delete_evidencelink"} & codenames("viewer")


# Evidence ------------------------------------------------------------------------------------


def test_evidence_is_removed_from_the_claim_page_and_restored(editor_client):
    claim = make_claim()
    evidence = make_evidence(claim, url="https://example.org/video")
    html = editor_client.get(claim.get_absolute_url()).content.decode()
    assert reverse("evidence_delete", args=[evidence.pk]) in html

    editor_client.post(reverse("evidence_delete", args=[evidence.pk]))
    assert not EvidenceLink.objects.exists()
    removal = editor_client.get(reverse("claim_history", args=[claim.pk])).context["removals"][0]
    assert "https://example.org/video" in removal.summary

    editor_client.post(restore_url(removal))
    assert EvidenceLink.objects.get().url == "https://example.org/video"


def test_restoring_evidence_added_again_since_leaves_the_duplicate_out(editor, editor_client):
    claim = make_claim()
    evidence = make_evidence(claim, url="https://example.org/video")
    editor_client.post(reverse("evidence_delete", args=[evidence.pk]))
    make_evidence(claim, url="https://example.org/video")
    answer = editor_client.post(restore_url(Removal.objects.get()), follow=True)
    assert "Not restored" in answer.content.decode()
    assert EvidenceLink.objects.count() == 1


# The admin -----------------------------------------------------------------------------------


def test_an_admin_delete_is_restorable(admin_client):
    place = make_place(name="Paktika")
    answer = admin_client.post(
        reverse("admin:claims_place_delete", args=[place.pk]), {"post": "yes"}
    )
    assert answer.status_code == 302
    removal = Removal.objects.get()
    assert removal.summary == "Deleted place “Paktika, Afghanistan” in the admin"
    admin_client.post(restore_url(removal))
    assert str(type(place).objects.get(pk=place.pk)) == "Paktika, Afghanistan"


# Query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("removals", [2, 30])
def test_removed_list_query_count_does_not_grow(
    editor, editor_client, django_assert_num_queries, removals
):
    for _ in range(removals):
        pairing.undo(make_link(make_claim(kind="denial"), make_claim()), by=editor)
    # Session, user; a page of removals with who removed them; their count; the role and
    # permissions.
    with django_assert_num_queries(7):
        assert editor_client.get(reverse("removed_list")).status_code == 200


@pytest.mark.parametrize("links", [1, 20])
def test_delete_confirmation_query_count_does_not_grow(
    reviewer_client, django_assert_num_queries, links
):
    claim = make_claim()
    for _ in range(links):
        make_link(make_claim(kind="denial"), claim)
        make_evidence(claim)
    # Session, user, permissions (user's, groups'); the claim; the links both ways, the
    # evidence and the figures; the role.
    with django_assert_num_queries(11):
        assert reviewer_client.get(delete_url(claim)).status_code == 200


def test_delete_confirmation_reads_links_as_sentences_and_answers_htmx_in_place(
    reviewer_client, htmx_headers
):
    rows = claim_with_everything()
    html = reviewer_client.get(delete_url(rows["claim"]), headers=htmx_headers).content.decode()
    assert "<html" not in html
    assert "denial denies" in html
    assert "Claim links (to claim)" in html


def test_removed_list_answers_htmx_with_its_list_and_the_desk_links_to_it(
    editor, editor_client, htmx_headers
):
    pairing.undo(make_link(make_claim(kind="denial"), make_claim()), by=editor)
    html = editor_client.get(reverse("removed_list"), headers=htmx_headers).content.decode()
    assert "<html" not in html
    assert "Undid the pairing" in html
    assert reverse("removed_list") in editor_client.get(reverse("desk")).content.decode()
