"""An incident's dossier in the browser: both sides side by side, and the timeline drawn."""

import pytest
from playwright.sync_api import expect

from claims.models import Incident

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
