"""Password reset by mail: offered only when the deployment has set up mail, and throttled.

Without mail the reset pages are a 404 and the sign-in page says to ask an administrator
(a reset that sends nothing would fail silently). With mail, the tests use Django's
in-memory backend as the default mailer; the deployment's environment decides whether there is
one (claims/settings.py).
"""

import os
import re
import subprocess
import sys

import pytest
from django.core import mail
from django.urls import reverse

from claims.password_reset.models import ResetRequest
from claims.settings import BASE_DIR
from tests.factories import make_user

pytestmark = pytest.mark.django_db

RESET_PAGES = [
    ("password_reset", {}),
    ("password_reset_done", {}),
    ("password_reset_confirm", {"uidb64": "MQ", "token": "set-password"}),
    ("password_reset_complete", {}),
]
NEW_PASSWORD = "a-brand-new-passphrase-42"


@pytest.fixture
def mail_set_up(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.PASSWORD_RESET_LIMIT = 3


def ask_for_reset(client, email: str, address: str = "192.0.2.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.mark.parametrize(("name", "kwargs"), RESET_PAGES)
def test_without_mail_the_reset_pages_are_not_there(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "maria@example.org"}).status_code == 404
    assert mail.outbox == []


def test_without_mail_sign_in_says_to_ask_an_administrator(client):
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") not in page
    assert "Forgot your password? Ask an administrator" in page


def test_with_mail_sign_in_links_to_the_reset(client, mail_set_up):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in page
    assert "Ask an administrator" not in page


def test_a_reset_mail_carries_a_link_that_sets_a_new_password(client, mail_set_up):
    make_user("maria", email="maria@example.org")
    page = client.get(reverse("password_reset")).content.decode()
    assert 'class="card narrow"' in page  # the app's look, not the admin's
    response = ask_for_reset(client, "maria@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert "Check your mail" in client.get(response["Location"]).content.decode()

    [message] = mail.outbox
    assert message.to == ["maria@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    set_password = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your password is set" in set_password.content.decode()
    signed_in = client.post(reverse("login"), {"username": "maria", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("desk")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, mail_set_up):
    make_user("maria", email="maria@example.org")
    known = ask_for_reset(client, "maria@example.org")
    unknown = ask_for_reset(client, "nobody@example.org", address="192.0.2.2")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [message.to for message in mail.outbox] == [["maria@example.org"]]


def test_too_many_requests_from_one_address_are_refused_without_mail(client, mail_set_up):
    make_user("maria", email="maria@example.org")
    for n in range(3):
        ask_for_reset(client, f"someone{n}@example.org")
    response = ask_for_reset(client, "maria@example.org")
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert mail.outbox == []
    # Another address may still ask.
    assert ask_for_reset(client, "maria@example.org", address="192.0.2.9").status_code == 302
    assert len(mail.outbox) == 1


def test_too_many_requests_for_one_email_are_refused_from_any_address(client, mail_set_up):
    make_user("maria", email="maria@example.org")
    for n in range(3):
        ask_for_reset(client, "Maria@Example.org", address=f"192.0.2.{n + 10}")
    assert len(mail.outbox) == 3
    response = ask_for_reset(client, "maria@example.org", address="198.51.100.7")
    assert response.status_code == 429
    assert len(mail.outbox) == 3


def test_an_unknown_email_is_throttled_like_a_known_one(client, mail_set_up):
    for n in range(3):
        ask_for_reset(client, "nobody@example.org", address=f"192.0.2.{n + 10}")
    response = ask_for_reset(client, "nobody@example.org", address="198.51.100.7")
    assert response.status_code == 429


@pytest.mark.parametrize("earlier", [0, 40])
def test_a_reset_request_costs_the_same_queries_however_many_came_before(
    client, mail_set_up, django_assert_num_queries, earlier
):
    for n in range(earlier):
        ResetRequest.record(f"198.51.100.{n}", f"someone{n}@example.org")
    make_user("maria", email="maria@example.org")
    # The two counts, the clearing of old requests, the new one, and Django's user lookup.
    with django_assert_num_queries(5):
        assert ask_for_reset(client, "maria@example.org").status_code == 302


def default_mailer_in(env: dict[str, str]) -> str:
    """The default mailer claims.settings makes from this environment, or the error."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings; from django.core.mail import mailers\n"
        "if hasattr(settings, 'MAILERS'):\n"
        "    m = mailers.default; print(type(m).__module__, getattr(m, 'host', ''))\n"
        "else: print('no mail')"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", script],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "claims.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.strip() or result.stderr


@pytest.mark.parametrize(
    ("env", "mailer"),
    [
        ({}, "no mail"),
        ({"EMAIL_HOST": "smtp.example.org"}, "django.core.mail.backends.smtp smtp.example.org"),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "django.core.mail.backends.console",
        ),
    ],
)
def test_mail_is_set_up_when_the_environment_names_a_host_or_a_backend(env, mailer):
    assert default_mailer_in(env) == mailer


def test_tls_and_ssl_together_stop_start_up():
    env = {"EMAIL_HOST": "smtp.example.org", "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL" in default_mailer_in(env)
