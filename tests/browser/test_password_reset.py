"""Password reset in the browser, with mail set up: from the sign-in page to the mail sent."""

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_forgot_password_leads_to_a_reset_in_the_apps_look(
    page, live_server, seeded, settings, screenshot
):
    # The live server runs in this process, so it sees the mailer set here.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    screenshot("password-reset")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your mail")).to_be_visible()
    assert mail.outbox == []
    screenshot("password-reset-sent")


def test_without_mail_sign_in_sends_you_to_an_administrator(page, live_server, seeded):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_text("Forgot your password? Ask an administrator")).to_be_visible()
    expect(page.get_by_role("link", name="Forgot your password?")).to_have_count(0)
