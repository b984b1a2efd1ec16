"""An actor's page in the browser: the side a speaker belongs to, and the denials issued."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dg_isprs_page_shows_his_side_and_his_denial(
    signed_in, live_server, seed_claim, screenshot
):
    denial = seed_claim("Ahmed Sharif Chaudhry", "denial")
    accusation = seed_claim("Zabihullah Mujahid", "accusation")
    page = signed_in("editor")
    page.goto(f"{live_server.url}{denial.get_absolute_url()}")
    page.get_by_role("region", name="Speaker").get_by_role(
        "link", name="Ahmed Sharif Chaudhry"
    ).click()

    expect(page).to_have_url(f"{live_server.url}/actors/{denial.speaker_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ahmed Sharif Chaudhry")
    expect(page.locator(".page-head")).to_contain_text("Director General, ISPR")
    expect(page.locator(".page-head .side")).to_have_text("Government of Pakistan")
    chain = page.get_by_role("list", name="From this actor up to its side")
    expect(chain.get_by_role("listitem")).to_have_text(
        [
            "Ahmed Sharif Chaudhry",
            "→ Inter-Services Public Relations",
            "→ Pakistan Armed Forces",
            "→ Government of Pakistan",
        ]
    )
    expect(page.get_by_role("region", name="Affiliation")).to_contain_text("DG ISPR")

    denials = page.get_by_role("region", name="Denials issued")
    expect(denials.get_by_role("heading", level=2)).to_contain_text("1")
    expect(denials).to_contain_text(denial.summary)
    answered = denials.get_by_role("link", name=f"Zabihullah Mujahid: {accusation.summary}")
    expect(answered).to_be_visible()
    expect(denials).to_contain_text("denies (occurrence, civilian status)")
    statements = page.get_by_role("region", name="Statements made")
    expect(statements.get_by_role("article")).to_have_count(2)
    screenshot("actor")

    answered.click()
    expect(page).to_have_url(f"{live_server.url}{accusation.get_absolute_url()}")
