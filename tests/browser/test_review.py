"""Four eyes in the browser: an editor submits a claim in place (htmx), and a second person,
a reviewer in a browser without JavaScript, finds it on the desk and publishes it."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from claims.models import Claim
from tests.browser.conftest import PASSWORD, SCREENSHOTS
from tests.factories import make_claim, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_submits_and_a_second_user_publishes(
    signed_in, live_server, browser, mark_document, screenshot, console
):
    page = signed_in("editor")
    editor = User.objects.get(username="editor")
    claim = make_claim(
        created_by=editor, updated_by=editor, summary="Strikes in Khost killed ten civilians"
    )
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    review = page.locator("#review")
    still_here = mark_document()

    review.get_by_role("button", name="Submit for review").click()

    expect(review).to_contain_text("In review since")
    expect(page.locator("#claim-status")).to_have_text("In review")
    expect(page.locator("#messages")).to_contain_text("Submitted for review.")
    expect(review.get_by_role("button", name="Publish")).to_have_count(0)
    assert still_here()
    screenshot("claim-review-submitted")

    make_user("reviewer", groups=("reviewer",))
    plain = browser.new_context(java_script_enabled=False)
    reviewer_page = plain.new_page()
    reviewer_page.goto(f"{live_server.url}/accounts/login/")
    reviewer_page.get_by_label("Username").fill("reviewer")
    reviewer_page.get_by_label("Password").fill(PASSWORD)
    reviewer_page.get_by_role("button", name="Sign in").click()
    # The seed claims were submitted before it, so it waits behind them, in the full queue.
    queue = reviewer_page.locator("#awaiting-review")
    queue.get_by_role("link", name="All 13 claims in review").click()
    reviewer_page.get_by_role("link", name=claim.summary).click()

    reviewer_review = reviewer_page.locator("#review")
    reviewer_review.get_by_label("Credibility").select_option(label="2 – probably true")
    reviewer_review.get_by_role("button", name="Publish").click()

    expect(reviewer_page.locator("#messages")).to_contain_text("Published.")
    expect(reviewer_review).to_contain_text("Published by reviewer")
    expect(reviewer_review).to_contain_text("graded 2 – probably true")
    expect(reviewer_review.locator(".review-record li")).to_have_count(2)
    reviewer_page.screenshot(path=str(SCREENSHOTS / "claim-review-published.png"), full_page=True)
    plain.close()

    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.reviewed_by.username, fresh.credibility) == (
        "published",
        "reviewer",
        2,
    )
    console.assert_clean()
