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


def expect_only_the_pages_own_status_as_error(console, status: int) -> None:
    """Chromium logs a page answered with an error status as a console error: that one is the
    point of the test; anything else (a CSP violation) still fails it."""
    console.errors = [error for error in console.errors if f"status of {status} " not in error]


def test_five_wrong_passwords_pause_the_username_with_a_message(
    page, live_server, seeded, console, screenshot
):
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(5):
        page.get_by_label("Username").fill("editor")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins")
    expect(page.get_by_role("alert")).to_contain_text("paused for 15 minutes")
    # Still the sign-in page, with its form, in the app's look.
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect_only_the_pages_own_status_as_error(console, 429)
    screenshot("sign-in-paused")


def test_an_unknown_address_shows_the_apps_not_found_page(signed_in, console, screenshot):
    page = signed_in("viewer")
    page.goto(page.url + "claims/999999/")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_contain_text("viewer")
    expect_only_the_pages_own_status_as_error(console, 404)
    screenshot("not-found")
    page.get_by_role("link", name="Back to the desk").click()
    expect(page.locator("#unanswered")).to_be_visible()
