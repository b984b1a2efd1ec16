"""Concurrent editing: stale saves refused with both versions shown, racing pairings, many writers.

The tests that race run real requests in threads against a live server, each with its own
session, cookies and database connection, so the requests meet in the database as they do
in production. CONCURRENCY_SOAK_SECONDS sets how long the many-writers test runs (30 s).
"""

import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from claims.concurrency.models import EditConflict
from claims.models import Claim, ClaimLink, Figure
from loadtest.pages import Form, Page
from tests.factories import make_claim, make_figure, make_user
from tests.test_admin import admin_url, all_messages, form_errors, form_on_page
from tests.test_pairing_suggestions import make_dossier

SOAK_SECONDS = float(os.environ.get("CONCURRENCY_SOAK_SECONDS", "30"))
SOAK_WRITERS = 20
HTMX = {"HX-Request": "true"}


def edit_url(claim: Claim) -> str:
    return reverse("claim_edit", args=[claim.pk])


class Editor:
    """One signed-in editor in their own browser: their own session, cookies and connection."""

    def __init__(self, server: str, name: str) -> None:
        client = Client()
        client.force_login(make_user(name, groups=("editor",)))
        self.server = server
        self.http = requests.Session()
        session = settings.SESSION_COOKIE_NAME
        self.http.cookies.set(session, client.cookies[session].value)

    def form(self, page_url: str, action: str) -> Form:
        """Open a page and take its form that posts to `action`, as the editor sees it now."""
        response = self.http.get(self.server + page_url, timeout=60)
        assert response.status_code == 200, response.text[:500]
        return Page(response.text).forms_to(action)[0]

    def submit(self, form: Form, htmx: bool = False, **filled: str) -> requests.Response:
        return self.http.post(
            self.server + form.action,
            data=form.data(**filled),
            headers=HTMX if htmx else {},
            allow_redirects=False,
            timeout=60,
        )


def together(*calls: Callable[[], requests.Response]) -> list[requests.Response]:
    """Run the calls in threads released at the same instant; their responses, in order."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], requests.Response]) -> requests.Response:
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


# The version check itself


@pytest.mark.django_db
def test_a_save_from_a_stale_copy_raises_and_writes_nothing():
    claim = make_claim(summary="Read by both")
    mine, theirs = Claim.objects.get(pk=claim.pk), Claim.objects.get(pk=claim.pk)
    theirs.summary = "Theirs"
    theirs.save()
    mine.summary = "Mine"
    with pytest.raises(EditConflict), transaction.atomic():
        mine.save()
    claim.refresh_from_db()
    assert (claim.summary, claim.version) == ("Theirs", 2)


@pytest.mark.django_db
def test_a_stale_save_of_a_deleted_row_does_not_bring_it_back():
    figure = make_figure(make_claim())
    stale = Figure.objects.get(pk=figure.pk)
    figure.delete()
    with pytest.raises(EditConflict), transaction.atomic():
        stale.save()
    assert not Figure.objects.exists()


@pytest.mark.django_db
def test_a_bulk_update_counts_as_a_save_so_a_copy_read_before_it_is_stale():
    claim = make_claim(summary="Read before")
    stale = Claim.objects.get(pk=claim.pk)
    Claim.objects.filter(pk=claim.pk).update(summary="Changed in bulk")
    stale.summary = "Mine"
    with pytest.raises(EditConflict), transaction.atomic():
        stale.save()
    claim.refresh_from_db()
    assert (claim.summary, claim.version) == ("Changed in bulk", 2)


@pytest.mark.django_db
def test_a_review_step_counts_as_a_save_and_the_moved_copy_stays_current():
    claim = make_claim()
    stale = Claim.objects.get(pk=claim.pk)
    claim.submit(by=make_user("author", groups=("editor",)))
    claim.summary = "Edited after submitting"
    claim.save()
    stale.summary = "Edited on a form opened before submitting"
    with pytest.raises(EditConflict), transaction.atomic():
        stale.save()
    assert Claim.objects.get(pk=claim.pk).summary == "Edited after submitting"


@pytest.mark.django_db
def test_each_save_raises_the_version_by_one_even_with_update_fields():
    claim = make_claim()
    claim.summary = "Once"
    claim.save()
    claim.summary = "Twice"
    claim.save(update_fields=["summary"])
    assert claim.version == 3
    claim.refresh_from_db()
    assert claim.version == 3


# The claim page's edit form, one request after the other


def conflict_post(claim: Claim, summary: str) -> dict:
    """The edit form as it was opened before someone else saved the claim."""
    return {"summary": summary, "kind": claim.kind, "version": claim.version}


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True])
def test_a_stale_edit_gets_409_with_both_values_and_overwrites_nothing(editor_client, htmx):
    claim = make_claim(summary="As opened")
    Claim.objects.filter(pk=claim.pk).update(summary="Saved meanwhile", version=2)

    response = editor_client.post(
        edit_url(claim), conflict_post(claim, "Typed here"), headers=HTMX if htmx else {}
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert ("<html" in html) is not htmx
    assert "Someone else saved this claim after you opened this form" in html
    assert '<td class="theirs">Saved meanwhile</td>' in html
    assert '<td class="yours">Typed here</td>' in html
    assert 'name="version" value="2"' in html
    claim.refresh_from_db()
    assert (claim.summary, claim.version) == ("Saved meanwhile", 2)


@pytest.mark.django_db
def test_saving_the_conflict_form_again_keeps_yours(editor_client):
    claim = make_claim(summary="As opened")
    Claim.objects.filter(pk=claim.pk).update(summary="Saved meanwhile", version=2)
    editor_client.post(edit_url(claim), conflict_post(claim, "Typed here"))

    response = editor_client.post(
        edit_url(claim), {"summary": "Typed here", "kind": claim.kind, "version": 2}
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.summary, claim.version) == ("Typed here", 3)


@pytest.mark.django_db
def test_an_edit_without_its_version_is_refused(editor_client):
    claim = make_claim(summary="Kept")
    response = editor_client.post(edit_url(claim), {"summary": "Changed", "kind": claim.kind})
    assert response.status_code == 200
    assert "did not say which version" in response.content.decode()
    claim.refresh_from_db()
    assert claim.summary == "Kept"


# The admin


@pytest.mark.django_db
def test_admin_refuses_a_stale_change_form_and_names_the_difference(admin_client):
    claim = make_claim(summary="As opened")
    form = form_on_page(admin_client, admin_url(Claim, "change", claim.pk))
    Claim.objects.filter(pk=claim.pk).update(summary="Saved meanwhile", version=2)
    form["summary"] = "Typed in the admin"

    errors = form_errors(admin_client.post(admin_url(Claim, "change", claim.pk), form))

    assert "Someone else saved this claim" in all_messages(errors)
    assert "theirs “Saved meanwhile”, yours “Typed in the admin”" in all_messages(errors)
    claim.refresh_from_db()
    assert claim.summary == "Saved meanwhile"


@pytest.mark.django_db
def test_admin_refuses_a_stale_inline_row(admin_client):
    claim = make_claim()
    figure = make_figure(claim, low=10, high=10)
    form = form_on_page(admin_client, admin_url(Claim, "change", claim.pk))
    Figure.objects.filter(pk=figure.pk).update(low=3, high=3, version=2)
    form["figures-0-low"] = form["figures-0-high"] = "12"

    errors = form_errors(admin_client.post(admin_url(Claim, "change", claim.pk), form))

    assert "Someone else saved this figure" in all_messages(errors)
    figure.refresh_from_db()
    assert (figure.low, figure.high) == (3, 3)


# Real concurrent requests against a live server


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("htmx", [False, True])
def test_two_editors_saving_the_same_claim_at_once_one_wins_the_other_sees_both(live_server, htmx):
    claim = make_claim(summary="As recorded")
    alice, bob = Editor(live_server.url, "alice"), Editor(live_server.url, "bob")
    url = edit_url(claim)
    forms = alice.form(url, url), bob.form(url, url)

    responses = together(
        lambda: alice.submit(forms[0], htmx, summary="Summary by alice"),
        lambda: bob.submit(forms[1], htmx, summary="Summary by bob"),
    )

    assert sorted(r.status_code for r in responses) == [200 if htmx else 302, 409]
    claim.refresh_from_db()
    assert claim.version == 2
    refused = next(r for r in responses if r.status_code == 409)
    assert f'<td class="theirs">{claim.summary}</td>' in refused.text
    loser = "alice" if claim.summary == "Summary by bob" else "bob"
    assert f'<td class="yours">Summary by {loser}</td>' in refused.text

    # Saving the conflict form again is a deliberate choice, and it goes through.
    editor = alice if loser == "alice" else bob
    resubmitted = editor.submit(Page(refused.text).forms_to(url)[0])
    assert resubmitted.status_code == 302
    claim.refresh_from_db()
    assert (claim.summary, claim.version) == (f"Summary by {loser}", 3)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("htmx", [False, True])
def test_editors_pairing_the_same_claims_at_once_make_one_link(live_server, htmx):
    dossier = make_dossier()
    editors = [Editor(live_server.url, f"editor{n}") for n in range(4)]
    page, action = reverse("claim_pair", args=[dossier.accusation.pk]), "/pair/link/"
    forms = [editor.form(page, action) for editor in editors]

    responses = together(
        *(
            lambda editor=editor, form=form: editor.submit(
                form, htmx, candidate=str(dossier.denial.pk), relation="denies"
            )
            for editor, form in zip(editors, forms, strict=True)
        )
    )

    assert ClaimLink.objects.count() == 1
    # htmx gets the refusal in place with 200; a plain POST is redirected, or refused with 409.
    statuses = Counter(r.status_code for r in responses)
    assert statuses == ({200: 4} if htmx else {302: 1, 409: 3}), statuses
    refused = [r for r in responses if "Not paired" in r.text]
    assert len(refused) == 3
    assert all("already" in r.text for r in refused)


@pytest.mark.django_db(transaction=True)
def test_editors_recording_the_same_response_at_once_make_one_link(live_server):
    dossier = make_dossier()
    editors = [Editor(live_server.url, f"editor{n}") for n in range(3)]
    page = reverse("claim_pair", args=[dossier.accusation.pk])
    action = reverse("response_create", args=[dossier.accusation.pk])
    forms = [editor.form(page, action) for editor in editors]
    typed = {
        "speaker": str(dossier.ispr.pk),
        "source": str(dossier.source.pk),
        "quote": "ISPR refuted these claims",
        "kind": "denial",
        "summary": "ISPR refutes the claims of airstrikes.",
        "relation": "denies",
    }

    responses = together(
        *(
            lambda editor=editor, form=form: editor.submit(form, **typed)
            for editor, form in zip(editors, forms, strict=True)
        )
    )

    assert Counter(r.status_code for r in responses) == {302: 1, 200: 2}
    assert ClaimLink.objects.filter(to_claim=dossier.accusation).count() == 1
    assert all("already recorded" in r.text for r in responses if r.status_code == 200)


@pytest.mark.django_db(transaction=True)
def test_twenty_writers_for_half_a_minute_lose_nothing_and_never_see_an_error(live_server):
    """Each writer saves its own claim (never refused) and a claim they all share (refused
    when stale): every save that was answered as saved is in the database, and nothing else."""
    shared = make_claim(summary="Everyone's")
    own = [make_claim(summary=f"Writer {n}'s") for n in range(SOAK_WRITERS)]
    editors = [Editor(live_server.url, f"writer{n}") for n in range(SOAK_WRITERS)]
    deadline = time.monotonic() + SOAK_SECONDS

    def write(n: int) -> tuple[list[str], int, list[str]]:
        saved, shared_saves, unexpected = [], 0, []
        editor, url = editors[n], edit_url(own[n])
        while time.monotonic() < deadline:
            summary = f"Writer {n}, save {len(saved) + 1}"
            response = editor.submit(editor.form(url, url), summary=summary)
            if response.status_code == 302:
                saved.append(summary)
            else:
                unexpected.append(f"own {response.status_code}: {response.text[:300]}")
            response = editor.submit(
                editor.form(edit_url(shared), edit_url(shared)), summary=summary
            )
            if response.status_code == 302:
                shared_saves += 1
            elif response.status_code != 409:
                unexpected.append(f"shared {response.status_code}: {response.text[:300]}")
        return saved, shared_saves, unexpected

    with ThreadPoolExecutor(SOAK_WRITERS) as pool:
        results = list(pool.map(write, range(SOAK_WRITERS)))

    assert [problem for _, _, unexpected in results for problem in unexpected] == []
    for claim, (saved, _, _) in zip(own, results, strict=True):
        claim.refresh_from_db()
        assert saved, "every writer saved at least once"
        assert (claim.summary, claim.version) == (saved[-1], 1 + len(saved))
    shared.refresh_from_db()
    assert shared.version == 1 + sum(shared_saves for _, shared_saves, _ in results)


# SQLite's write lock, waited out


@pytest.fixture
def hold_write_lock() -> Iterator[Callable[[], None]]:
    """Make another writer take SQLite's write lock; this test's requests wait 0.1 s for it."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL locks rows, not the database: it has no such timeout to reach")
    options = connection.settings_dict["OPTIONS"]
    timeout = options["timeout"]
    other = sqlite3.connect(connection.settings_dict["NAME"])

    def hold() -> None:
        options["timeout"] = 0.1
        connection.close()  # to reopen with the short timeout
        other.execute("BEGIN IMMEDIATE")

    yield hold
    other.rollback()
    other.close()
    options["timeout"] = timeout
    connection.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_save_that_waits_out_the_write_lock_is_told_the_ledger_is_busy(
    editor_client, hold_write_lock, htmx
):
    claim = make_claim(summary="Kept")
    hold_write_lock()

    response = editor_client.post(
        edit_url(claim), conflict_post(claim, "Changed"), headers=HTMX if htmx else {}
    )

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "The ledger is busy with other editors’ saves, so nothing was saved." in html
    assert ("<html" in html) is not htmx
    assert (response.get("HX-Retarget"), response.get("HX-Reswap")) == (
        ("#messages", "innerHTML") if htmx else (None, None)
    )
    claim.refresh_from_db()
    assert (claim.summary, claim.version) == ("Kept", 1)
