"""Article intake: paste an article, its statements are found in the background, and the
editor accepts the proposals as anchored claims and links, all together or not at all.

The extractor is a colleague's and improves over time: these tests never depend on what it
finds in a text. The background run is checked for the shape of what it stores; the table
and the accept step are driven with proposals built here through the `Proposal` interface.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.intake import runs
from claims.intake.extraction import Proposal
from claims.intake.models import Intake, IntakeStatus
from claims.intake.table import SUMMARY_LENGTH
from claims.models import Actor, ActorKind, Claim, ClaimLink, ClaimStatus, Source
from claims.text import ELLIPSIS, shortened
from tests.factories import (
    make_actor,
    make_claim,
    make_incident,
    make_intake,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db

ACCUSATION = "Pakistani jets struck homes in Khost and killed ten civilians"
DENIAL = "No strikes took place inside Afghanistan"
TEXT = (
    f"Taliban spokesperson Zabihullah Mujahid said “{ACCUSATION}.” "
    f"The military’s media wing ISPR said “{DENIAL}.” Both sides spoke on Tuesday."
)


def proposal(quote: str, speaker: str, kind: str, **fields) -> Proposal:
    start = TEXT.index(quote)
    return Proposal(
        speaker=speaker,
        quote=quote,
        start=start,
        end=start + len(quote),
        kind=kind,
        why=f"test: {kind}",
        **fields,
    )


def seed_proposals() -> list[Proposal]:
    """An accusation by a speaker on record (by alias) and a denial answering it by a new one."""
    return [
        proposal(ACCUSATION, "Zabihullah Mujahid", "accusation"),
        proposal(
            DENIAL,
            "Inter-Services Public Relations",
            "denial",
            responds_to=0,
            relation="denies",
            speaker_title="military media wing",
        ),
    ]


@pytest.fixture
def mujahid(db) -> Actor:
    return make_actor(name="Zabihullah Mujahid", aliases="Mujahid\nTaliban spokesman")


@pytest.fixture
def intake(mujahid) -> Intake:
    source = make_source(text=TEXT, published_at=timezone.now())
    return make_intake(source, seed_proposals())


def accept_url(intake: Intake) -> str:
    return reverse("intake_accept", args=[intake.pk])


def rows(intake: Intake, accept=(0, 1), **edits) -> dict:
    """The posted table as the page would send it, with `edits` as `row-N-field` overrides."""
    data = {"accept": [str(index) for index in accept], "incident": ""}
    for index, found in enumerate(intake.proposals):
        target = f"p{found['responds_to']}" if found["responds_to"] is not None else ""
        data |= {
            f"row-{index}-speaker": found["speaker"],
            f"row-{index}-quote": found["quote"],
            f"row-{index}-kind": found["kind"],
            f"row-{index}-target": target,
            f"row-{index}-relation": found["relation"] or "",
            f"row-{index}-summary": f"Summary {index}",
        }
    return data | {key.replace("__", "-").replace("_", "-"): value for key, value in edits.items()}


def ledger_rows() -> tuple[int, int, int]:
    return Claim.objects.count(), ClaimLink.objects.count(), Actor.objects.count()


# Pasting an article ----------------------------------------------------------------------------


def article(**overrides) -> dict:
    return {
        "title": "Strikes in Khost",
        "outlet_name": "Dawn",
        "url": "https://example.org/khost",
        "published_on": "2025-10-15",
        "language": "en",
        "text": TEXT,
        **overrides,
    }


def test_the_intake_page_is_for_editors(client, viewer_client, editor_client):
    url = reverse("intake_new")
    assert client.get(url).status_code == 302
    assert viewer_client.get(url).status_code == 403
    assert viewer_client.post(url, article()).status_code == 403
    page = editor_client.get(url)
    assert page.status_code == 200
    assert b'name="text"' in page.content
    assert b'name="outlet_name"' in page.content
    assert not Source.objects.exists()


def test_the_desk_and_the_nav_link_to_it_for_editors_only(viewer_client, editor_client):
    url = reverse("intake_new").encode()
    assert url in editor_client.get(reverse("desk")).content
    assert url not in viewer_client.get(reverse("desk")).content


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"text": "   \n ", "url": ""}, "text"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"published_on": "15 Octember"}, "published_on"),
    ],
)
def test_a_bad_article_is_shown_again_with_its_error_and_nothing_saved(
    editor_client, overrides, field
):
    response = editor_client.post(reverse("intake_new"), article(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert b"form-errors" in response.content
    assert not Source.objects.exists()
    assert not Intake.objects.exists()


def test_pasting_saves_the_source_with_its_hash_and_queues_a_run(
    editor, editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        response = editor_client.post(
            reverse("intake_new"), article(text=TEXT.replace("\n", "\r\n"))
        )
    source = Source.objects.get()
    run = Intake.objects.get()
    assert response.status_code == 302
    assert response.url == run.get_absolute_url()
    assert source.text == TEXT
    assert len(source.text_sha256) == 64
    assert (source.outlet.name, source.outlet.kind) == ("Dawn", ActorKind.MEDIA)
    assert source.published_at.date().isoformat() == "2025-10-15"
    assert (run.source, run.created_by, run.status) == (source, editor, IntakeStatus.PENDING)
    assert len(queued) == 1  # handed to the worker once the transaction commits


def test_a_source_without_text_is_saved_with_its_link_and_opens_its_page(editor_client):
    response = editor_client.post(
        reverse("intake_new"),
        article(title="ISPR briefing on PTV", kind="broadcast", text="", published_on=""),
        follow=True,
    )

    source = Source.objects.get()
    assert (source.kind, source.text, source.url) == ("broadcast", "", "https://example.org/khost")
    assert not Intake.objects.exists()
    assert response.redirect_chain[-1][0] == source.get_absolute_url()
    assert "Source saved without text" in response.text
    record = editor_client.get(reverse("claim_create"), {"source": source.pk})
    assert record.status_code == 200


def test_a_pasted_source_keeps_the_kind_chosen(editor_client):
    editor_client.post(reverse("intake_new"), article(kind="press_release"))
    assert Source.objects.get().kind == "press_release"
    assert Intake.objects.exists()


def test_a_source_without_text_or_link_is_refused(editor_client):
    response = editor_client.post(reverse("intake_new"), article(text="", url=""))
    assert "traceable" in response.context["form"].errors["text"][0]
    assert not Source.objects.exists()


def test_an_outlet_on_record_is_matched_by_alias(editor_client):
    dawn = make_actor(name="Dawn News", kind="media", aliases="DAWN")
    editor_client.post(reverse("intake_new"), article(outlet_name="dawn"))
    assert Source.objects.get().outlet == dawn


def test_the_same_text_again_points_to_the_source_on_record(editor_client):
    existing = make_source(text=TEXT, title="First capture")
    response = editor_client.post(reverse("intake_new"), article(title="Second capture"))
    assert response.status_code == 302
    assert response.url == reverse("intake_start", args=[existing.pk])
    assert Source.objects.count() == 1
    assert not Intake.objects.exists()
    page = editor_client.get(response.url)
    assert "already on record as “First capture”" in page.content.decode()
    assert b"Run intake on this source" in page.content


def test_the_source_reader_offers_intake_to_editors(editor_client, viewer_client):
    source = make_source(text=TEXT)
    url = reverse("intake_start", args=[source.pk]).encode()
    assert url in editor_client.get(source.get_absolute_url()).content
    assert url not in viewer_client.get(source.get_absolute_url()).content


def test_htmx_gets_the_parts_of_the_intake_pages(editor_client, htmx_headers, intake):
    form = editor_client.get(reverse("intake_new"), headers=htmx_headers).content.decode()
    assert "<html" not in form
    assert 'id="article-form"' in form
    runs_part = editor_client.get(
        reverse("intake_start", args=[intake.source_id]), headers=htmx_headers
    ).content.decode()
    assert "<html" not in runs_part
    assert f"Run #{intake.pk}" in runs_part
    refused = editor_client.post(
        accept_url(intake), rows(intake, row_0__summary=""), headers=htmx_headers
    ).content.decode()
    assert "<html" not in refused
    assert "Write a one-line summary." in refused


def test_running_intake_again_on_a_source_on_record_makes_a_new_run(editor_client):
    source = make_source(text=TEXT)
    response = editor_client.post(reverse("intake_start", args=[source.pk]))
    run = Intake.objects.get()
    assert response.url == run.get_absolute_url()
    assert run.source == source


def test_csrf_is_required_on_every_post(editor, intake):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    for url in (reverse("intake_new"), reverse("intake_start", args=[intake.source_id])):
        assert client.post(url, article()).status_code == 403
    assert client.post(accept_url(intake), rows(intake)).status_code == 403
    assert (
        client.post(accept_url(intake), rows(intake), headers={"HX-Request": "true"}).status_code
        == 403
    )
    assert not Claim.objects.exists()


# The background run --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_background_run_really_runs_and_stores_anchored_proposals():
    editor = make_user("editor", groups=("editor",))
    client = Client()
    client.force_login(editor)
    text = TEXT
    response = client.post(reverse("intake_new"), article(text=text))
    runs.wait_for_queue()
    run = Intake.objects.get()
    assert response.url == run.get_absolute_url()
    assert run.status == IntakeStatus.DONE, run.error
    assert run.started_at
    assert run.finished_at
    assert run.finished_at >= run.started_at
    for found in run.proposals:
        assert text[found["start"] : found["end"]] == found["quote"]
        assert {
            "speaker",
            "kind",
            "responds_to",
            "relation",
            "why",
            "ledger_targets",
        } <= found.keys()
    page = client.get(run.get_absolute_url())
    assert b"<progress" not in page.content


@pytest.mark.django_db(transaction=True)
def test_a_run_its_server_left_pending_is_queued_again_when_polled():
    editor = make_user("editor", groups=("editor",))
    client = Client()
    client.force_login(editor)
    source = make_source(text=TEXT)
    lost = Intake.objects.create(source=source, queued_at=timezone.now() - runs.STALE_AFTER * 2)
    fresh = Intake.objects.create(source=source)
    client.get(lost.get_absolute_url())
    client.get(fresh.get_absolute_url())
    runs.wait_for_queue()
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == IntakeStatus.DONE
    assert fresh.status == IntakeStatus.PENDING  # still within its time: left to its server


def test_a_run_is_started_once_however_often_it_is_handed_over():
    run = make_intake(make_source(text=TEXT), status=IntakeStatus.PENDING)
    runs.run(run.pk)
    run.refresh_from_db()
    finished = run.finished_at
    runs.run(run.pk)
    run.refresh_from_db()
    assert run.status == IntakeStatus.DONE
    assert run.finished_at == finished


def test_a_failed_extraction_is_reported_on_the_page(editor_client, monkeypatch):
    def broken(text):
        raise RuntimeError("the extractor tripped")

    monkeypatch.setattr(runs, "extract", broken)
    run = make_intake(make_source(text=TEXT), status=IntakeStatus.PENDING)
    runs.run(run.pk)
    page = editor_client.get(run.get_absolute_url()).content.decode()
    assert "the extractor tripped" in page
    assert "Try again" in page


def test_a_pending_run_shows_progress_and_htmx_polls_it(editor_client, htmx_headers):
    run = make_intake(make_source(text=TEXT), status=IntakeStatus.PENDING)
    page = editor_client.get(run.get_absolute_url()).content.decode()
    assert "<progress" in page
    assert "<html" in page
    assert f'href="{run.get_absolute_url()}"' in page  # refresh, without JavaScript
    partial = editor_client.get(run.get_absolute_url(), headers=htmx_headers).content.decode()
    assert "<html" not in partial
    assert 'hx-trigger="load delay:1s"' in partial


def test_a_done_run_answers_the_poll_with_the_table_and_stops_polling(
    editor_client, htmx_headers, intake
):
    partial = editor_client.get(intake.get_absolute_url(), headers=htmx_headers).content.decode()
    assert "hx-trigger" not in partial.split('id="intake-run"')[1].split(">")[0]
    assert 'name="row-1-summary"' in partial
    assert "<progress" not in partial


def test_a_denial_with_no_target_in_its_article_is_offered_ledger_claims(mujahid, monkeypatch):
    earlier = make_claim(
        speaker=mujahid, kind="accusation", summary="Strikes inside Afghanistan killed civilians"
    )
    source = make_source(text=TEXT)
    run = make_intake(source, status=IntakeStatus.PENDING)
    lone = proposal(DENIAL, "ISPR", "denial")
    monkeypatch.setattr(runs, "extract", lambda text: [lone])
    runs.run(run.pk)
    run.refresh_from_db()
    assert earlier.pk in run.proposals[0]["ledger_targets"]


# The proposals table ----------------------------------------------------------------------------


def test_the_table_shows_each_proposal_in_context_with_its_speaker_matched(
    editor_client, intake, mujahid
):
    page = editor_client.get(intake.get_absolute_url()).content.decode()
    assert f"<mark>{ACCUSATION}</mark>" in page
    assert "Taliban spokesperson Zabihullah Mujahid said “" in page  # the context before
    assert f'value="Zabihullah Mujahid (#{mujahid.pk})"' in page
    assert "new actor" in page  # ISPR is not on record
    assert "test: denial" in page  # why it was proposed
    assert '<option value="p0" selected>' in page  # the denial answers the accusation
    assert page.count('type="checkbox" name="accept"') == 2


def test_the_quote_and_its_context_are_escaped(editor_client, mujahid):
    text = 'He said "<script>alert(1)</script> was never sent" and <b>left</b>.'
    quote = "<script>alert(1)</script> was never sent"
    start = text.index(quote)
    run = make_intake(
        make_source(text=text),
        [Proposal("X", quote, start, start + len(quote), "assertion")],
    )
    page = editor_client.get(run.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page
    assert "<b>left" not in page


def test_a_long_quote_is_summarised_at_a_word_boundary_with_a_visible_ellipsis():
    quote = "word " * 100
    summary = shortened(quote, SUMMARY_LENGTH)
    assert len(summary) <= 300
    assert summary.endswith(ELLIPSIS)
    assert summary[:-1].endswith("word")
    assert shortened("short and sweet", SUMMARY_LENGTH) == "short and sweet"


# Session, user, its permissions (two), the run with its source, speakers by id, speakers by
# name and alias, claims already recorded, the ledger claims suggested as targets, and the
# header's role: the same however many proposals.
TABLE_QUERIES = 10


@pytest.mark.parametrize("size", [5, 50])
def test_the_table_costs_the_same_queries_for_5_and_50_proposals(
    editor_client, mujahid, django_assert_num_queries, size
):
    text = " ".join(f"Speaker {n} said “statement number {n} was true.”" for n in range(size))
    found = []
    for n in range(size):
        quote = f"statement number {n} was true."
        start = text.index(quote)
        # Every other row names an actor on record (by alias), the rest new actors.
        speaker = f"Mujahid (#{mujahid.pk})" if n % 3 == 2 else "Mujahid" if n % 2 else f"S {n}"
        found.append(Proposal(speaker, quote, start, start + len(quote), "denial", 0, "denies"))
    ledger = make_claim(speaker=mujahid)
    run = make_intake(
        make_source(text=text),
        [{**p.as_json(), "ledger_targets": [ledger.pk]} for p in found],
    )
    make_claim(source=run.source, speaker=mujahid, quote=found[1].quote)
    editor_client.get(run.get_absolute_url())  # the session and permissions warm
    with django_assert_num_queries(TABLE_QUERIES):
        page = editor_client.get(run.get_absolute_url()).content.decode()
    assert page.count(">already recorded</a>") == 1
    assert page.count('<tr id="row-') == size


# Accepting -----------------------------------------------------------------------------------


def test_accepting_all_records_anchored_drafts_a_new_actor_and_the_link(
    editor, editor_client, intake
):
    response = editor_client.post(accept_url(intake), rows(intake))
    accusation, denial = Claim.objects.order_by("quote_start")
    assert response.status_code == 302
    assert response.url == f"{intake.source.get_absolute_url()}#quote-{accusation.pk}"
    for claim in (accusation, denial):
        assert TEXT[claim.quote_start : claim.quote_end] == claim.quote
        assert claim.status == ClaimStatus.DRAFT
        assert (claim.created_by, claim.updated_by) == (editor, editor)
        assert claim.stated_on == intake.source.published_at.date()
    assert accusation.speaker.name == "Zabihullah Mujahid"
    ispr = denial.speaker
    assert (ispr.name, ispr.kind, ispr.title) == (
        "Inter-Services Public Relations",
        ActorKind.ORGANIZATION,
        "military media wing",
    )
    link = ClaimLink.objects.get()
    assert (link.from_claim, link.relation, link.to_claim, link.created_by) == (
        denial,
        "denies",
        accusation,
        editor,
    )
    reader = editor_client.get(response.url).content.decode()
    assert "Recorded 2 claim(s) as drafts and 1 link(s)" in reader
    assert f'id="quote-{denial.pk}"' in reader


def test_accepting_some_records_only_the_ticked_rows_with_the_incident(editor_client, intake):
    incident = make_incident(title="Khost strikes")
    data = rows(intake, accept=(0,), incident=incident.title)
    assert editor_client.post(accept_url(intake), data).status_code == 302
    claim = Claim.objects.get()
    assert claim.quote == ACCUSATION
    assert claim.incident == incident
    assert not ClaimLink.objects.exists()


def test_a_response_whose_target_is_not_accepted_is_refused(editor_client, intake):
    response = editor_client.post(accept_url(intake), rows(intake, accept=(1,)))
    assert response.status_code == 200
    assert "answers #1, which is not accepted" in response.content.decode()
    assert not Claim.objects.exists()


def test_one_bad_row_writes_nothing_at_all(editor_client, intake):
    before = ledger_rows()
    data = rows(intake, row_1__quote="words that are not in the article")
    response = editor_client.post(accept_url(intake), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was recorded" in page
    assert "is not in the article’s text" in page
    assert ledger_rows() == before  # not the good row, not the new actor


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        ({"row_0__summary": ""}, "Write a one-line summary."),
        ({"row_0__summary": "x" * 301}, "keep it to 300"),
        ({"row_0__speaker": ""}, "Name the speaker"),
        ({"row_0__kind": "rumour"}, "Choose the kind"),
        ({"row_1__relation": ""}, "Choose how it answers"),
        ({"row_1__target": "p1"}, "cannot answer itself"),
        ({"row_0__quote": "said"}, "more than once"),
        ({"row_0__speaker": "Somebody (#999999)"}, "no longer on record"),
    ],
)
def test_each_bad_row_is_refused_with_its_reason(editor_client, intake, edits, message):
    response = editor_client.post(accept_url(intake), rows(intake, **edits))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Claim.objects.exists()


def test_nothing_ticked_is_said_so(editor_client, intake):
    response = editor_client.post(accept_url(intake), rows(intake, accept=()))
    assert "Tick the proposals to accept." in response.content.decode()


def test_an_edited_quote_is_anchored_at_its_new_place(editor_client, intake):
    shorter = "struck homes in Khost"
    data = rows(intake, accept=(0,), row_0__quote=shorter)
    editor_client.post(accept_url(intake), data)
    claim = Claim.objects.get()
    assert (claim.quote, claim.quote_start) == (shorter, TEXT.index(shorter))


def test_an_edited_speaker_picks_an_actor_on_record(editor_client, intake):
    other = make_actor(name="Khawaja Asif")
    data = rows(intake, accept=(0,), row_0__speaker=f"Khawaja Asif (#{other.pk})")
    editor_client.post(accept_url(intake), data)
    assert Claim.objects.get().speaker == other


def test_accepting_again_does_not_duplicate(editor_client, intake):
    editor_client.post(accept_url(intake), rows(intake))
    before = ledger_rows()
    response = editor_client.post(accept_url(intake), rows(intake))
    assert ledger_rows() == before
    assert response.status_code == 302
    page = editor_client.get(intake.get_absolute_url()).content.decode()
    assert page.count(">already recorded</a>") == 2
    assert 'name="accept"' not in page


def test_a_new_run_on_the_same_source_marks_what_is_recorded(editor_client, intake):
    editor_client.post(accept_url(intake), rows(intake, accept=(0,)))
    again = make_intake(intake.source, seed_proposals())
    page = editor_client.get(again.get_absolute_url()).content.decode()
    assert page.count(">already recorded</a>") == 1
    # The denial may now answer the recorded accusation without it being ticked.
    editor_client.post(accept_url(again), rows(again, accept=(1,)))
    link = ClaimLink.objects.get()
    assert link.to_claim.quote == ACCUSATION


def test_a_ledger_claim_can_be_the_target(editor_client, intake, mujahid):
    earlier = make_claim(speaker=mujahid)
    editor_client.post(
        accept_url(intake), rows(intake, accept=(1,), row_1__target=f"c{earlier.pk}")
    )
    assert ClaimLink.objects.get().to_claim == earlier


def test_viewers_cannot_accept(viewer_client, intake):
    assert viewer_client.post(accept_url(intake), rows(intake)).status_code == 403
    assert viewer_client.get(intake.get_absolute_url()).status_code == 403
    assert not Claim.objects.exists()


def test_an_editor_without_the_actor_permission_must_pick_speakers_on_record(intake):
    from django.contrib.auth.models import Permission

    clerk = make_user("clerk")
    clerk.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_claim", "add_source", "add_claim", "add_claimlink"]
        )
    )
    client = Client()
    client.force_login(clerk)
    response = client.post(accept_url(intake), rows(intake))
    assert "You may not add actors" in response.content.decode()
    assert not Claim.objects.exists()
