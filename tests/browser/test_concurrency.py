"""A stale edit in the browser: the conflict swaps in place, both versions side by side."""

import pytest
from playwright.sync_api import Locator, Page, expect

from claims.models import Claim
from tests.browser.conftest import SCREENSHOTS


def editing(signed_in, live_server, claim: Claim) -> tuple[Page, Locator]:
    """An editor's page on `claim`, with the details form open and a summary typed in."""
    page = signed_in("editor")
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    details = page.locator("#claim-details")
    details.get_by_role("link", name="Edit details").click()
    details.get_by_label("Summary").fill("My summary")
    return page, details


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_stale_save_shows_theirs_beside_yours_in_place_and_saving_again_keeps_yours(
    signed_in, live_server, seed_claim, mark_document, console
):
    claim = seed_claim("Zabihullah Mujahid", "accusation")
    read = claim.version
    page, details = editing(signed_in, live_server, claim)
    # Another editor saves while this form is open.
    theirs = Claim.objects.get(pk=claim.pk)
    theirs.summary = "Their summary"
    theirs.save()
    still_here = mark_document()

    details.get_by_role("button", name="Save details").click()

    conflict = details.get_by_role("table", name="Saved meanwhile, against your edit")
    expect(conflict).to_be_visible()
    expect(conflict.locator("td.theirs")).to_have_text("Their summary")
    expect(conflict.locator("td.yours")).to_have_text("My summary")
    expect(details.get_by_label("Summary")).to_have_value("My summary")
    assert still_here(), "htmx swapped the 409 answer in place"
    claim.refresh_from_db()
    assert claim.summary == "Their summary"
    # Chromium logs every 4xx answer as a failed load; that 409 is the one error expected.
    assert not console.csp_violations()
    assert [error for error in console.errors if "status of 409" not in error] == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "claim-detail-edit-conflict.png"), full_page=True)

    details.get_by_role("button", name="Save mine over theirs").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My summary")
    claim.refresh_from_db()
    assert (claim.summary, claim.version) == ("My summary", read + 2)


def test_take_theirs_opens_the_form_afresh_with_their_values(signed_in, live_server, seed_claim):
    claim = seed_claim("Zabihullah Mujahid", "accusation")
    read = claim.version
    page, details = editing(signed_in, live_server, claim)
    Claim.objects.filter(pk=claim.pk).update(summary="Their summary")
    details.get_by_role("button", name="Save details").click()
    expect(details.get_by_role("table")).to_be_visible()

    details.get_by_role("link", name="Take theirs").click()

    expect(details.get_by_role("table")).to_have_count(0)
    expect(details.get_by_label("Summary")).to_have_value("Their summary")
    details.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Their summary")
    claim.refresh_from_db()
    assert claim.version == read + 2
