"""An incident's dossier in the browser: both sides side by side, the timeline drawn, and
more accusations loaded in place."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from claims.models import Actor, Incident
from tests.test_dossier import bulk_claims

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_airstrikes_dossier_shows_both_sides_and_draws_the_timeline(
    signed_in, live_server, seeded, screenshot
):
    incident = Incident.objects.get(slug="khost-kunar-paktika-airstrikes")
    page = signed_in("editor")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Desk")
    screenshot("desk")
    page.get_by_role("region", name="Incidents").get_by_role("link", name=incident.title).click()
    expect(page).to_have_url(f"{live_server.url}/incidents/{incident.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(incident.title)

    taliban = page.get_by_role("region", name="Afghan Taliban", exact=True)
    pakistan = page.get_by_role("region", name="Government of Pakistan", exact=True)
    expect(taliban).to_contain_text("10 civilians killed")
    expect(taliban).to_contain_text("per Zabihullah Mujahid")
    expect(pakistan).to_contain_text("denies occurrence, civilian status")
    expect(pakistan).to_contain_text("per Ahmed Sharif Chaudhry")
    expect(pakistan).to_contain_text("per Khawaja Asif")

    exchange = (
        page.get_by_role("region", name="Accusations by Afghan Taliban")
        .get_by_role("listitem")
        .filter(has_text="killed 10 civilians")
    )
    responses = exchange.get_by_label("Responses")
    expect(responses.get_by_role("article")).to_have_count(3)
    for speaker in ("Ahmed Sharif Chaudhry", "Khawaja Asif"):
        response = responses.get_by_role("article").filter(has_text=speaker)
        expect(response).to_contain_text("Government of Pakistan")
        expect(response).to_contain_text("denies")
    expect(exchange).not_to_contain_text("unanswered")

    chart = page.locator("svg.timeline-chart")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 50
    expect(chart.locator(".lane-label")).to_have_text(["Afghan Taliban", "Government of Pakistan"])
    listed = page.locator(".timeline-list li")
    expect(chart.locator("circle")).to_have_count(listed.count())
    assert listed.count() >= 6
    assert chart.locator("circle").first.bounding_box()["width"] > 0
    expect(chart.locator(".timeline-connector")).not_to_have_count(0)
    screenshot("dossier")


def test_more_accusations_load_in_place_under_the_ones_shown(
    signed_in, live_server, seeded, console, mark_document, screenshot
):
    incident = Incident.objects.get(slug="khost-kunar-paktika-airstrikes")
    mujahid = Actor.objects.get(name="Zabihullah Mujahid")
    # 44 older accusations, so the Taliban's 45 run to three pages of 20.
    bulk_claims(incident, [mujahid], 44, first=date(2025, 10, 1))
    page = signed_in("viewer")
    page.goto(f"{live_server.url}{incident.get_absolute_url()}")
    group = page.get_by_role("region", name="Accusations by Afghan Taliban")
    exchanges = group.locator("li.exchange")
    expect(exchanges).to_have_count(20)
    expect(exchanges.first).to_contain_text("killed 10 civilians")  # the newest first
    still_here = mark_document()

    group.get_by_role("link", name="All 45 accusations by Afghan Taliban").click()
    expect(page).to_have_url(re.compile(rf"/incidents/{incident.slug}/\?side=\d+$"))
    more = page.get_by_role("link", name="More accusations by Afghan Taliban")
    more.click()
    expect(exchanges).to_have_count(40)
    expect(group).to_contain_text("40 of 45 shown")
    expect(exchanges.nth(20)).to_contain_text("accusation 24")  # the page after the first 20
    more.click()
    expect(exchanges).to_have_count(45)
    expect(exchanges.last).to_contain_text("accusation 0")
    expect(more).to_have_count(0)
    assert still_here(), "the accusations were appended in place, not loaded as a new page"
    screenshot("dossier-more-accusations")
