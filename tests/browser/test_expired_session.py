"""The session runs out while an editor edits a claim in place: saving sends them to sign in,
and what they typed is there again when they reopen the form after signing in."""

import pytest
from playwright.sync_api import Page, expect

from claims.models import Claim
from tests.browser.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = "Typed while the session ran out"
NOTICE = "Your unsaved text was restored — check it and save."


def save_after_the_session_expired(page: Page, live_server, claim: Claim) -> None:
    """Open the claim's inline edit, type, lose the session, save: land on sign-in."""
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    details = page.locator("#claim-details")
    details.get_by_role("link", name="Edit details").click()
    details.get_by_label("Summary").fill(TYPED)
    session = [c for c in page.context.cookies() if c["name"] != "sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies(session)

    details.get_by_role("button", name="Save details").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/claims/{claim.pk}/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    # The card never held the sign-in page: the whole page went there.
    expect(page.locator("#claim-details")).to_have_count(0)
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}{claim.get_absolute_url()}")


def test_the_text_typed_before_the_session_expired_comes_back_after_signing_in(
    signed_in, live_server, seed_claim, screenshot
):
    claim = seed_claim("Zabihullah Mujahid", "accusation")
    page = signed_in("editor")
    save_after_the_session_expired(page, live_server, claim)
    claim.refresh_from_db()
    assert claim.summary != TYPED

    details = page.locator("#claim-details")
    details.get_by_role("link", name="Edit details").click()
    expect(details.get_by_label("Summary")).to_have_value(TYPED)
    expect(details.get_by_role("status")).to_have_text(NOTICE)
    screenshot("claim-detail-unsaved-text-restored")
    details.get_by_role("button", name="Save details").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TYPED)
    claim.refresh_from_db()
    assert claim.summary == TYPED
    # Restored once: the next edit starts from the saved claim, with no notice.
    details.get_by_role("link", name="Edit details").click()
    expect(details.get_by_label("Summary")).to_have_value(TYPED)
    expect(details.get_by_role("status")).to_have_count(0)


def test_restored_text_still_meets_an_edit_saved_meanwhile_as_a_conflict(
    signed_in, live_server, seed_claim, console
):
    claim = seed_claim("Zabihullah Mujahid", "accusation")
    page = signed_in("editor")
    save_after_the_session_expired(page, live_server, claim)
    # Another editor saves while this one signs in again.
    theirs = Claim.objects.get(pk=claim.pk)
    theirs.summary = "Their summary"
    theirs.save()

    details = page.locator("#claim-details")
    details.get_by_role("link", name="Edit details").click()
    expect(details.get_by_label("Summary")).to_have_value(TYPED)
    details.get_by_role("button", name="Save details").click()

    # The version the edit started from came back with the text, so theirs is not overwritten.
    conflict = details.get_by_role("table", name="Saved meanwhile, against your edit")
    expect(conflict.locator("td.theirs")).to_have_text("Their summary")
    expect(conflict.locator("td.yours")).to_have_text(TYPED)
    claim.refresh_from_db()
    assert claim.summary == "Their summary"
    assert not console.csp_violations()
    assert [error for error in console.errors if "status of 409" not in error] == []
