"""Deleting a claim that others answer, then restoring it whole, in the browser."""

import pytest
from playwright.sync_api import expect

from claims.models import Claim, ClaimLink

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MUJAHID = ("Zabihullah Mujahid", "accusation")


def test_delete_a_claim_then_restore_it_with_its_links(
    signed_in, live_server, seed_claim, console, screenshot
):
    claim = seed_claim(*MUJAHID)
    links = set(ClaimLink.objects.filter(to_claim=claim).values_list("pk", flat=True))
    assert links, "the seed accusation is answered"
    page = signed_in("reviewer")
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")

    page.get_by_role("link", name="Delete claim").click()
    expect(page.get_by_role("heading", name="Delete this claim?")).to_be_visible()
    expect(page.locator("#confirm")).to_contain_text("respond to it")
    screenshot("claim-delete-confirm")
    page.get_by_role("button", name="Delete the claim and what depends on it").click()

    page.wait_for_url(f"{live_server.url}/removed/")
    expect(page.locator("#messages")).to_contain_text("It can be restored")
    assert not Claim.objects.filter(pk=claim.pk).exists()
    screenshot("removed-list")
    page.get_by_role("button", name="Restore").first.click()

    expect(page.locator("#messages")).to_contain_text("Restored: Deleted claim")
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert set(ClaimLink.objects.filter(to_claim=claim).values_list("pk", flat=True)) == links
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    history = page.locator("#history")
    history.scroll_into_view_if_needed()
    # Loaded in place by htmx once scrolled into view.
    expect(history.get_by_role("heading", name="Recently removed")).to_be_visible()
    expect(history).to_contain_text("Restored (removal #")
    screenshot("claim-history")
    console.assert_clean()
