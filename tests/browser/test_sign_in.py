import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_shows_the_desk_with_the_seed_dossier(signed_in, screenshot):
    page = signed_in("editor")
    expect(page.get_by_text("Signed in as")).to_contain_text("editor")
    expect(page.locator("#unanswered")).to_contain_text("TTP")
    incidents = page.get_by_role("region", name="Incidents")
    expect(incidents.get_by_role("link", name="Alleged Pakistani airstrikes")).to_be_visible()
    screenshot("desk")


def test_wrong_password_keeps_you_on_the_sign_in_page(page, live_server, seeded, screenshot):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    screenshot("sign-in")
