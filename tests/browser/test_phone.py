"""A phone-sized screen: pages fit its width, with nothing to scroll sideways."""

import pytest
from playwright.sync_api import expect

from claims.models import Incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# How far the page is wider than the screen (a pixel of rounding is tolerated).
OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"


def test_the_desk_and_a_claim_fit_a_phone_without_sideways_scrolling(
    page, signed_in, live_server, seed_claim, screenshot
):
    claim = seed_claim("Zabihullah Mujahid", "accusation")
    page.set_viewport_size(PHONE)
    signed_in("editor")
    assert page.evaluate("window.innerWidth") == PHONE["width"]
    expect(page.get_by_role("heading", name="Unanswered accusations")).to_be_visible()
    assert page.evaluate(OVERFLOW) <= 1
    screenshot("phone-desk")

    page.get_by_role("region", name="Recent claims").get_by_role("link", name=claim.summary).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(claim.summary)
    assert page.evaluate(OVERFLOW) <= 1
    screenshot("phone-claim")


def test_every_other_page_fits_a_phone_too(page, signed_in, live_server, seed_claim):
    claim = seed_claim("Zabihullah Mujahid", "accusation")
    incident = Incident.objects.get(slug="khost-kunar-paktika-airstrikes")
    page.set_viewport_size(PHONE)
    signed_in("editor")
    paths = [
        "/claims/",
        f"/claims/{claim.pk}/edit/",
        f"/claims/{claim.pk}/pair/",
        "/claims/new/",
        incident.get_absolute_url(),
        claim.source.get_absolute_url(),
        claim.speaker.get_absolute_url(),
    ]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate(OVERFLOW) <= 1, path
