"""The review workflow: draft → in review → published and back, four eyes, grading rights and
published claims locked, in the domain, on the claim page, in the admin and in the database."""

from __future__ import annotations

import threading

import pytest
import yaml
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.concurrency.models import EditConflict
from claims.models import Claim, ClaimReview
from claims.review import LOCKED_MESSAGE, ReviewRefused
from claims.search import search_claims
from claims.seeds import SEED_EDITOR, SEED_REVIEWER, SeedError, load_seed_dossier
from tests.factories import make_claim, make_user
from tests.test_admin import admin_url, form_errors, form_on_page
from tests.test_seeds import SEEDS, broken_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_reviewer(db):
    return make_user("second-reviewer", groups=("reviewer",))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def review_url(claim: Claim, action: str) -> str:
    return reverse("claim_review", args=[claim.pk, action])


def submitted(author, **fields) -> Claim:
    """A claim `author` recorded and sent for review."""
    claim = make_claim(created_by=author, updated_by=author, **fields)
    claim.submit(by=author)
    return claim


def published(author, reviewer, **fields) -> Claim:
    claim = submitted(author, **fields)
    claim.publish(by=reviewer)
    return claim


def edited_by(claim: Claim, user, summary: str = "Edited") -> None:
    claim.summary = summary
    claim.updated_by = user
    claim.save()


def steps(claim: Claim) -> list[tuple]:
    return list(claim.reviews.values_list("action", "from_status", "by__username"))


def seed_claims() -> list[dict]:
    return yaml.safe_load((SEEDS / "dossier.yaml").read_text(encoding="utf-8"))["claims"]


def row(claim: Claim) -> tuple:
    fresh = Claim.objects.get(pk=claim.pk)
    return fresh.status, fresh.reviewed_by_id, fresh.credibility


# The domain ---------------------------------------------------------------------------------


def test_submit_sends_a_draft_for_review_and_records_it(editor):
    claim = make_claim(created_by=editor)

    claim.submit(by=editor)

    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.reviewed_by) == ("in_review", None)
    assert fresh.submitted_at is not None
    assert steps(claim) == [("submit", "draft", "editor")]


def test_publish_by_a_second_reviewer_records_who_when_and_the_grade(editor, reviewer):
    claim = submitted(editor)

    claim.publish(by=reviewer, grade=2)

    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.reviewed_by, fresh.credibility) == ("published", reviewer, 2)
    assert fresh.reviewed_at is not None
    publication = claim.reviews.get(action="publish")
    assert (publication.by, publication.grade, publication.from_status) == (
        reviewer,
        2,
        "in_review",
    )


def test_publish_keeps_the_current_grade_when_none_is_given(editor, reviewer):
    claim = submitted(editor, credibility=3)
    claim.publish(by=reviewer)
    assert claim.reviews.get(action="publish").grade == 3
    assert row(claim) == ("published", reviewer.pk, 3)


def test_the_author_cannot_publish_their_own_claim(reviewer):
    claim = submitted(reviewer)

    with pytest.raises(ReviewRefused, match="You recorded this claim") as refused:
        claim.publish(by=reviewer)

    assert refused.value.forbidden
    assert row(claim) == ("in_review", None, 6)
    assert steps(claim) == [("submit", "draft", "reviewer")]


def test_the_last_editor_cannot_publish(editor, reviewer):
    claim = submitted(editor)
    edited_by(claim, reviewer)

    with pytest.raises(ReviewRefused, match="You made the last edit"):
        claim.publish(by=reviewer)

    assert row(claim)[0] == "in_review"


def test_an_editor_cannot_publish(editor, viewer):
    claim = submitted(make_user(groups=("editor",)))
    with pytest.raises(ReviewRefused, match="needs the reviewer role") as refused:
        claim.publish(by=editor)
    assert refused.value.forbidden
    assert row(claim)[0] == "in_review"


def test_a_viewer_cannot_submit_or_withdraw(viewer, editor):
    draft = make_claim()
    with pytest.raises(ReviewRefused, match="needs the editor role"):
        draft.submit(by=viewer)
    claim = submitted(editor)
    with pytest.raises(ReviewRefused, match="needs the editor role"):
        claim.withdraw(by=viewer, reason="No")
    assert row(draft)[0] == "draft"
    assert row(claim)[0] == "in_review"


def test_grading_on_publication_needs_the_grading_permission(editor):
    # A publisher who may not grade: publishing at the current grade is theirs, regrading is not.
    publisher = make_user()
    publisher.user_permissions.add(Permission.objects.get(codename="publish_claim"))
    claim = submitted(editor)

    with pytest.raises(ReviewRefused, match="Grading credibility needs"):
        claim.publish(by=publisher, grade=1)
    assert row(claim) == ("in_review", None, 6)

    claim.publish(by=publisher)
    assert row(claim) == ("published", publisher.pk, 6)


@pytest.mark.parametrize("grade", [0, 7])
def test_a_grade_outside_the_scale_is_refused(editor, reviewer, grade):
    claim = submitted(editor)
    with pytest.raises(ReviewRefused, match="from 1 to 6"):
        claim.publish(by=reviewer, grade=grade)
    assert row(claim)[0] == "in_review"


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("in_review", "submit"),
        ("published", "submit"),
        ("draft", "publish"),
        ("published", "publish"),
        ("draft", "withdraw"),
    ],
)
def test_illegal_transitions_are_refused_as_conflicts(editor, reviewer, status, action):
    claim = make_claim(status=status)
    kwargs = {"reason": "Because"} if action == "withdraw" else {}

    with pytest.raises(ReviewRefused, match=f"this claim is (a )?{status.replace('_', ' ')}") as e:
        getattr(claim, action)(by=reviewer, **kwargs)

    assert not e.value.forbidden
    assert Claim.objects.get(pk=claim.pk).status == status
    assert not claim.reviews.exists()


def test_withdrawing_a_publication_keeps_its_record_and_reason(editor, reviewer):
    claim = published(editor, reviewer)

    claim.withdraw(by=reviewer, reason="The quote is misattributed")

    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.reviewed_by, fresh.submitted_at) == ("draft", None, None)
    assert steps(claim) == [
        ("submit", "draft", "editor"),
        ("publish", "in_review", "reviewer"),
        ("withdraw", "published", "reviewer"),
    ]
    assert claim.reviews.get(action="withdraw").reason == "The quote is misattributed"


def test_withdrawal_needs_a_reason(editor, reviewer):
    claim = published(editor, reviewer)
    with pytest.raises(ReviewRefused, match="Say why"):
        claim.withdraw(by=reviewer, reason="   ")
    assert row(claim)[0] == "published"


def test_an_editor_may_take_back_a_claim_in_review_but_not_a_publication(editor, reviewer):
    in_review = submitted(editor)
    in_review.withdraw(by=editor, reason="One more source to add")
    assert row(in_review)[0] == "draft"

    claim = published(editor, reviewer)
    with pytest.raises(ReviewRefused, match="needs the reviewer role"):
        claim.withdraw(by=editor, reason="I changed my mind")
    assert row(claim)[0] == "published"


def test_a_withdrawn_claim_goes_round_review_again(editor, reviewer, second_reviewer):
    claim = published(editor, reviewer)
    claim.withdraw(by=reviewer, reason="Summary overstates the quote")
    edited_by(claim, editor, "A fairer summary")
    claim.submit(by=editor)
    claim.publish(by=second_reviewer, grade=3)
    assert row(claim) == ("published", second_reviewer.pk, 3)
    assert [action for action, *_ in steps(claim)] == [
        "submit",
        "publish",
        "withdraw",
        "submit",
        "publish",
    ]


# Race safety --------------------------------------------------------------------------------


def test_two_reviewers_publishing_at_once_give_one_publication(editor, reviewer, second_reviewer):
    submitted(editor)
    first, second = Claim.objects.get(), Claim.objects.get()  # both read it in review

    first.publish(by=reviewer, grade=2)
    with pytest.raises(ReviewRefused, match="published") as refused:
        second.publish(by=second_reviewer, grade=5)

    assert not refused.value.forbidden
    assert row(first) == ("published", reviewer.pk, 2)
    assert ClaimReview.objects.filter(action="publish").count() == 1


def test_publishing_a_claim_just_edited_by_the_publisher_is_refused(editor, reviewer):
    claim = submitted(editor)
    stale = Claim.objects.get(pk=claim.pk)  # read before the reviewer's own edit
    edited_by(claim, reviewer)

    with pytest.raises(ReviewRefused, match="You made the last edit"):
        stale.publish(by=reviewer)
    assert row(claim)[0] == "in_review"


def test_a_stale_edit_after_a_review_step_is_a_conflict_and_writes_nothing(editor, reviewer):
    claim = submitted(editor)
    stale = Claim.objects.get(pk=claim.pk)
    claim.publish(by=reviewer)

    stale.kind = "assertion"
    stale.updated_by = editor
    with pytest.raises(EditConflict), transaction.atomic():
        stale.save()

    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.kind, fresh.reviewed_by) == ("published", claim.kind, reviewer)


def test_an_edit_that_does_not_know_of_the_publication_never_writes_the_old_status_back(
    editor, reviewer
):
    claim = submitted(editor)
    stale = Claim.objects.get(pk=claim.pk)
    claim.publish(by=reviewer)
    # As if its version had been read after the publication but its status before.
    stale.version = Claim.objects.get(pk=claim.pk).version

    stale.kind = "assertion"  # not a locked field: the edit may go through
    stale.updated_by = editor
    stale.save()

    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.kind, fresh.reviewed_by) == ("published", "assertion", reviewer)


def test_a_stale_edit_of_a_locked_field_is_refused_by_the_database(editor, reviewer):
    claim = submitted(editor)
    stale = Claim.objects.get(pk=claim.pk)
    claim.publish(by=reviewer)
    # Past the version check, to reach the database's own guard.
    stale.version = Claim.objects.get(pk=claim.pk).version

    stale.summary = "Rewritten after publication"
    with pytest.raises(IntegrityError), transaction.atomic():
        stale.save()
    assert Claim.objects.get(pk=claim.pk).summary == claim.summary


# Published claims are locked ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("summary", "Changed"), ("credibility", 1), ("quote", "airstrikes in Khost")],
)
def test_a_published_claims_words_and_grade_are_locked(editor, reviewer, field, value):
    claim = published(editor, reviewer, quote="accused the army")
    claim = Claim.objects.get(pk=claim.pk)
    setattr(claim, field, value)

    with pytest.raises(ValidationError) as error:
        claim.full_clean()
    assert error.value.message_dict[field] == [LOCKED_MESSAGE]
    with pytest.raises(ValidationError):
        claim.save()


def test_a_published_claim_keeps_its_other_fields_editable_even_by_its_reviewer(editor, reviewer):
    claim = Claim.objects.get(pk=published(editor, reviewer).pk)
    claim.kind = "assertion"
    claim.updated_by = reviewer  # four eyes are checked when publishing, not after
    claim.full_clean()
    claim.save()
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.kind, fresh.status, fresh.updated_by) == ("assertion", "published", reviewer)


def test_status_changes_only_through_review(editor):
    claim = Claim.objects.get(pk=make_claim().pk)
    claim.status = "published"
    with pytest.raises(ReviewRefused, match="only by submitting, publishing or withdrawing"):
        claim.save()
    assert row(claim)[0] == "draft"


# The database holds the rules against writes that go around the domain ----------------------


def bypass(claim: Claim, **changes) -> None:
    with transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(**changes)


def test_database_refuses_a_publication_by_the_author(editor):
    claim = submitted(editor)
    with pytest.raises(IntegrityError):
        bypass(claim, status="published", reviewed_by=editor, reviewed_at=timezone.now())
    assert row(claim)[0] == "in_review"


def test_database_refuses_a_publication_by_the_last_editor(editor, reviewer):
    claim = submitted(editor)
    bypass(claim, updated_by=reviewer)
    with pytest.raises(IntegrityError):
        bypass(claim, status="published", reviewed_by=reviewer, reviewed_at=timezone.now())
    assert row(claim)[0] == "in_review"


def test_database_refuses_a_publication_naming_no_reviewer(editor):
    claim = submitted(editor)
    with pytest.raises(IntegrityError):
        bypass(claim, status="published")


def test_database_refuses_publishing_a_draft_that_skipped_review(editor, reviewer):
    claim = make_claim(created_by=editor)
    now = timezone.now()
    with pytest.raises(IntegrityError):
        bypass(claim, status="published", submitted_at=now, reviewed_by=reviewer, reviewed_at=now)
    assert row(claim)[0] == "draft"


def test_database_refuses_a_claim_in_review_without_a_submission_time(editor):
    with pytest.raises(IntegrityError):
        bypass(make_claim(), status="in_review")


@pytest.mark.parametrize(
    ("field", "value"),
    [("summary", "Rewritten"), ("credibility", 1), ("quote", ""), ("quote_start", None)],
)
def test_database_refuses_editing_a_published_claims_locked_fields(editor, reviewer, field, value):
    claim = published(editor, reviewer)
    if field.startswith("quote"):
        claim = published(editor, reviewer, quote="accused the army")
        changes = {"quote": "", "quote_start": None, "quote_end": None}
    else:
        changes = {field: value}
    with pytest.raises(IntegrityError):
        bypass(claim, **changes)
    assert row(claim)[0] == "published"


def test_database_lets_a_publication_be_withdrawn_and_then_edited(editor, reviewer):
    claim = published(editor, reviewer)
    bypass(claim, status="draft", submitted_at=None, reviewed_by=None, reviewed_at=None)
    bypass(claim, summary="Now editable")
    assert Claim.objects.get(pk=claim.pk).summary == "Now editable"


def test_database_keeps_review_records_complete(editor):
    claim = make_claim()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimReview.objects.create(
            claim=claim, action="withdraw", from_status="published", by=editor, at=timezone.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimReview.objects.create(
            claim=claim, action="publish", from_status="in_review", by=editor, at=timezone.now()
        )


# The claim page -----------------------------------------------------------------------------


def test_submit_from_the_page_redirects_with_a_message(editor, editor_client):
    claim = make_claim(created_by=editor)

    response = editor_client.post(review_url(claim, "submit"), follow=True)

    assert response.redirect_chain == [(f"{claim.get_absolute_url()}#review", 302)]
    assert "Submitted for review." in response.text
    assert row(claim)[0] == "in_review"


def test_htmx_submit_swaps_the_review_section_with_status_and_flash(
    editor, editor_client, htmx_headers
):
    claim = make_claim(created_by=editor)

    response = editor_client.post(review_url(claim, "submit"), headers=htmx_headers)

    html = response.text
    assert response.status_code == 200
    assert html.lstrip().startswith('<h2 id="review-title">')
    assert '<span id="claim-status" class="badge status-in_review" hx-swap-oob="true">' in html
    assert "Submitted for review." in html
    assert "<html" not in html


def test_second_reviewer_publishes_from_the_page_and_the_page_says_so(editor, second_reviewer):
    claim = submitted(editor)
    client = client_for(second_reviewer)

    response = client.post(review_url(claim, "publish"), {"grade": "2"}, follow=True)

    assert row(claim) == ("published", second_reviewer.pk, 2)
    html = response.text
    assert "Published by <strong>second-reviewer</strong>" in html
    assert "graded <strong>2 – probably true</strong>" in html
    assert "graded 2 – probably true" in html  # in the review record


@pytest.mark.parametrize("htmx", [False, True])
def test_the_author_publishing_gets_the_four_eyes_message(reviewer, htmx, htmx_headers):
    claim = submitted(reviewer)
    client = client_for(reviewer)

    response = client.post(
        review_url(claim, "publish"), {"grade": "1"}, headers=htmx_headers if htmx else {}
    )

    assert response.status_code == (200 if htmx else 403)
    assert "another reviewer must publish it" in response.text
    assert ("<html" in response.text) is not htmx
    assert row(claim) == ("in_review", None, 6)


def test_publishing_what_another_reviewer_just_published_answers_409(
    editor, reviewer, second_reviewer
):
    claim = submitted(editor)
    claim.publish(by=reviewer)

    response = client_for(second_reviewer).post(review_url(claim, "publish"), {"grade": "5"})

    assert response.status_code == 409
    assert "Only a claim in review can be published" in response.text
    assert row(claim) == ("published", reviewer.pk, 6)


@pytest.mark.parametrize("htmx", [False, True])
def test_withdrawal_without_a_reason_is_a_form_error(editor, reviewer, htmx, htmx_headers):
    claim = published(editor, reviewer)

    response = client_for(reviewer).post(
        review_url(claim, "withdraw"), {"reason": ""}, headers=htmx_headers if htmx else {}
    )

    assert response.status_code == 200
    assert "Say why: the reason stays on the claim&#x27;s record." in response.text
    assert row(claim)[0] == "published"


def test_withdrawal_from_the_page_shows_the_reason_in_the_record(editor, reviewer):
    claim = published(editor, reviewer)

    response = client_for(reviewer).post(
        review_url(claim, "withdraw"), {"reason": "Misattributed <quote>"}, follow=True
    )

    assert row(claim)[0] == "draft"
    assert "Reason: Misattributed &lt;quote&gt;" in response.text
    assert "publication withdrawn" in response.text


def test_review_posts_need_sign_in_a_role_and_post(client, viewer_client, editor_client):
    claim = make_claim()
    response = client.post(review_url(claim, "submit"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert viewer_client.post(review_url(claim, "submit")).status_code == 403
    assert editor_client.get(review_url(claim, "submit")).status_code == 405
    assert editor_client.post(review_url(claim, "approve")).status_code == 404
    assert editor_client.post(reverse("claim_review", args=[999999, "submit"])).status_code == 404
    assert row(claim)[0] == "draft"


def buttons(client: Client, claim: Claim) -> set[str]:
    html = client.get(claim.get_absolute_url()).text
    return {
        action for action in ("submit", "publish", "withdraw") if review_url(claim, action) in html
    }


def test_the_page_offers_each_user_the_steps_they_may_take(
    editor, editor_client, reviewer, second_reviewer, viewer_client
):
    draft = make_claim(created_by=editor)
    assert buttons(editor_client, draft) == {"submit"}
    assert buttons(viewer_client, draft) == set()

    claim = submitted(editor)
    assert buttons(editor_client, claim) == {"withdraw"}
    assert buttons(client_for(reviewer), claim) == {"publish", "withdraw"}

    claim.publish(by=reviewer)
    assert buttons(editor_client, claim) == set()
    assert buttons(client_for(second_reviewer), claim) == {"withdraw"}


def test_the_author_reviewer_is_told_why_there_is_no_publish_button(reviewer):
    claim = submitted(reviewer)
    html = client_for(reviewer).get(claim.get_absolute_url()).text
    assert review_url(claim, "publish") not in html
    assert "You recorded this claim, so another reviewer must publish it" in html


def test_the_edit_form_refuses_changing_a_published_summary(editor, reviewer, editor_client):
    claim = published(editor, reviewer, summary="As published")

    response = editor_client.post(
        reverse("claim_edit", args=[claim.pk]),
        {"summary": "Quietly changed", "kind": "accusation", "version": claim.version},
    )

    assert response.status_code == 200
    assert "This claim is published: its quote, summary and grade change only through review" in (
        response.text.replace("&#x27;", "'")
    )
    assert Claim.objects.get(pk=claim.pk).summary == "As published"


def test_editing_on_the_page_records_the_last_editor(editor, editor_client, reviewer):
    claim = submitted(make_user(groups=("editor",)))
    reviewer_client = client_for(reviewer)
    reviewer_client.post(
        reverse("claim_edit", args=[claim.pk]),
        {
            "summary": "Reviewer's wording",
            "kind": "accusation",
            "credibility": "6",
            "version": claim.version,
        },
    )
    assert Claim.objects.get(pk=claim.pk).updated_by == reviewer
    assert buttons(reviewer_client, claim) == {"withdraw"}


def test_claim_page_query_count_does_not_grow_with_review_steps(
    editor, reviewer, django_assert_num_queries
):
    claim = submitted(editor)
    client = client_for(reviewer)
    client.get(claim.get_absolute_url())  # warms the session and permission caches alike
    counts = []
    for _ in range(2):
        for _ in range(5):
            claim.withdraw(by=editor, reason="Again")
            claim.submit(by=editor)
        with django_assert_num_queries(14) as captured:
            client.get(claim.get_absolute_url())
        counts.append(len(captured))
    assert counts[0] == counts[1]


# The desk -----------------------------------------------------------------------------------


def test_desk_lists_claims_awaiting_review_oldest_submitted_first(editor, reviewer):
    first = submitted(editor, summary="Submitted first")
    second = submitted(make_user(groups=("editor",)), summary="Submitted second")
    make_claim(summary="Still a draft")
    # Recorded earlier but submitted last: the queue goes by submission.
    later = make_claim(created_by=editor, summary="Submitted last")
    Claim.objects.filter(pk=later.pk).update(created_at=timezone.now().replace(year=2020))
    later.submit(by=editor)

    response = client_for(reviewer).get(reverse("desk"))

    queue = [claim.pk for claim in response.context["awaiting_review"]]
    assert queue == [first.pk, second.pk, later.pk]
    assert str(response.context["awaiting_review_total"]) == "3"
    assert f'href="{first.get_absolute_url()}#review"' in response.text


def test_desk_lists_my_claims_in_review(editor, editor_client):
    mine = submitted(editor, summary="Mine in review")
    submitted(make_user(groups=("editor",)), summary="Someone else's")
    make_claim(created_by=editor, summary="My draft")

    response = editor_client.get(reverse("desk"))

    assert [claim.pk for claim in response.context["mine_in_review"]] == [mine.pk]


@pytest.mark.parametrize("rows", [3, 30])
def test_desk_review_queues_keep_their_query_count(editor, django_assert_num_queries, rows):
    for _ in range(rows):
        submitted(editor)
    client = client_for(editor)
    # session, user, role groups, two permission lookups, sides, unanswered and its total,
    # awaiting review and its total, mine in review, recent, incidents
    with django_assert_num_queries(13):
        response = client.get(reverse("desk"))
    assert len(response.context["awaiting_review"]) == min(rows, 10)
    assert len(response.context["mine_in_review"]) == min(rows, 10)


# The admin ----------------------------------------------------------------------------------


def staff_editor() -> Client:
    user = make_user(is_staff=True, groups=("editor",))
    return client_for(user)


def test_admin_claim_form_has_no_status_and_grades_only_for_graders(admin_client):
    claim = make_claim()
    form = form_on_page(admin_client, admin_url(Claim, "change", claim.pk))
    assert "status" not in form
    assert "credibility" in form

    editor_form = form_on_page(staff_editor(), admin_url(Claim, "change", claim.pk))
    assert "status" not in editor_form
    assert "credibility" not in editor_form


def test_staff_editor_cannot_grade_or_publish_through_the_admin(editor):
    claim = make_claim(quote="accused the army")
    client = staff_editor()
    form = form_on_page(client, admin_url(Claim, "change", claim.pk))
    form.update(credibility="1", status="published", summary="Edited in the admin")

    response = client.post(admin_url(Claim, "change", claim.pk), form)

    assert response.status_code == 302
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.summary, fresh.credibility, fresh.status) == ("Edited in the admin", 6, "draft")
    assert fresh.updated_by.is_staff


def test_admin_shows_a_published_claims_locked_fields_read_only(admin_client, editor, reviewer):
    claim = published(editor, reviewer, quote="accused the army")
    form = form_on_page(admin_client, admin_url(Claim, "change", claim.pk))
    assert not {"summary", "quote", "credibility", "source"} & set(form)
    form["kind"] = "assertion"

    response = admin_client.post(admin_url(Claim, "change", claim.pk), form)

    assert response.status_code == 302, form_errors(response)
    assert (row(claim)[0], Claim.objects.get(pk=claim.pk).kind) == ("published", "assertion")


def test_admin_actions_go_through_review_with_four_eyes(admin_client, admin_user, editor):
    own = make_claim(created_by=admin_user)
    own.submit(by=admin_user)
    other = submitted(editor)
    changelist = admin_url(Claim, "changelist")

    response = admin_client.post(
        changelist,
        {"action": "publish_claims", "_selected_action": [own.pk, other.pk]},
        follow=True,
    )

    assert row(other) == ("published", admin_user.pk, 6)
    assert row(own)[0] == "in_review"
    text = response.text.replace("&#x27;", "'")
    assert "1 claim(s) published." in text
    assert f"#{own.pk}: You recorded this claim" in text


def test_admin_action_submits_drafts(admin_client, editor):
    draft = make_claim(created_by=editor)
    admin_client.post(
        admin_url(Claim, "changelist"),
        {"action": "submit_claims", "_selected_action": [draft.pk]},
    )
    assert row(draft)[0] == "in_review"
    assert steps(draft) == [("submit", "draft", "admin")]


# Seeds ----------------------------------------------------------------------------------------


def test_seed_claims_wait_in_review_recorded_by_an_account_that_cannot_sign_in():
    load_seed_dossier()

    claims = Claim.objects.select_related("created_by")
    assert {(claim.status, claim.created_by.username) for claim in claims} == {
        ("in_review", SEED_EDITOR)
    }
    assert not claims[0].created_by.has_usable_password()
    assert set(ClaimReview.objects.values_list("action", "by__username")) == {
        ("submit", SEED_EDITOR)
    }


def test_a_published_seed_claim_is_published_by_a_seed_reviewer_not_its_author(tmp_path):
    def publish_first(dossier: dict) -> None:
        dossier["claims"][0]["status"] = "published"
        dossier["claims"][1]["status"] = "draft"

    load_seed_dossier(broken_dossier(tmp_path, publish_first))

    first, second = (Claim.objects.get(quote=entry["quote"]) for entry in seed_claims()[:2])
    assert (first.status, first.reviewed_by.username) == ("published", SEED_REVIEWER)
    assert first.created_by.username == SEED_EDITOR
    assert (second.status, second.submitted_at) == ("draft", None)
    assert load_seed_dossier(broken_dossier(tmp_path, publish_first)).new == 0


def test_a_seed_claim_with_an_unknown_status_is_refused(tmp_path):
    def break_it(dossier: dict) -> None:
        dossier["claims"][0]["status"] = "approved"

    with pytest.raises(SeedError, match="status must be one of draft, in_review, published"):
        load_seed_dossier(broken_dossier(tmp_path, break_it))
    assert not Claim.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_racing_on_their_own_connections_give_one_publication():
    if connection.vendor == "sqlite":
        # The in-memory test database shares one cache between threads, whose table locks
        # ignore the busy timeout; the stale-instance test above covers SQLite's single writer.
        pytest.skip("real concurrent writers need PostgreSQL or a file database")
    claim = submitted(make_user(groups=("editor",)))
    reviewers = [make_user(groups=("reviewer",)) for _ in range(2)]
    ready = threading.Barrier(len(reviewers))
    outcomes: list[str] = []

    def publish(reviewer) -> None:
        try:
            mine = Claim.objects.get(pk=claim.pk)
            ready.wait()
            mine.publish(by=reviewer)
            outcomes.append("published")
        except ReviewRefused as refusal:
            outcomes.append(refusal.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(reviewer,)) for reviewer in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [
        "Only a claim in review can be published; this claim is published.",
        "published",
    ]
    assert ClaimReview.objects.filter(claim=claim, action="publish").count() == 1


# The migration ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_migration_sends_unreviewed_publications_back_to_review_and_keeps_the_triggers():
    executor = MigrationExecutor(connection)
    before, latest = [("claims", "0010_pairing_incident_index")], executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    speaker = old.get_model("claims", "Actor").objects.create(name="ISPR")
    source = old.get_model("claims", "Source").objects.create(
        title="Statement", text="No strikes took place.", text_sha256="0" * 64
    )
    Old = old.get_model("claims", "Claim")
    fields = {"speaker": speaker, "source": source, "kind": "denial", "summary": "Denies strikes"}
    Old.objects.create(**fields, status="published")
    Old.objects.create(**{**fields, "summary": "A draft"}, status="draft")

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    rows = {claim.summary: claim for claim in Claim.objects.all()}
    assert rows["Denies strikes"].status == "in_review"
    assert rows["Denies strikes"].submitted_at == rows["Denies strikes"].updated_at
    assert (rows["A draft"].status, rows["A draft"].submitted_at) == ("draft", None)
    # The search index and the quote anchors, whose triggers SQLite had to set aside.
    Claim.objects.filter(summary="A draft").update(summary="A draft on strikes")
    assert search_claims(QueryDict("q=strikes"))[0].count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(status="draft").update(
            quote="Not in the text", quote_start=0, quote_end=15
        )


def test_admin_withdraw_action_asks_for_the_reason_then_withdraws(admin_client, editor, reviewer):
    claim = published(editor, reviewer)
    changelist = admin_url(Claim, "changelist")
    chosen = {"action": "withdraw_claims", "_selected_action": [claim.pk]}

    asked = admin_client.post(changelist, chosen)
    assert asked.status_code == 200
    assert 'name="reason"' in asked.text
    assert row(claim)[0] == "published"
    refused = admin_client.post(changelist, {**chosen, "apply": "1", "reason": ""})
    assert "Say why" in refused.text.replace("&#x27;", "'")

    admin_client.post(changelist, {**chosen, "apply": "1", "reason": "Source retracted"})

    assert row(claim)[0] == "draft"
    assert claim.reviews.get(action="withdraw").reason == "Source retracted"
