"""Sign-in throttling (django-axes): five failures for a username from one address pause it."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
PAUSED = "Too many failed sign-ins"


def sign_in(client: Client, username: str, password: str, url: str | None = None):
    return client.post(url or reverse("login"), {"username": username, "password": password})


def fail(client: Client, username: str, times: int, url: str | None = None):
    for _ in range(times):
        response = sign_in(client, username, "wrong password", url)
    return response


def test_four_failures_still_let_the_right_password_in(client):
    make_user("maria")
    assert fail(client, "maria", 4).status_code == 200
    assert sign_in(client, "maria", PASSWORD).status_code == 302


def test_the_fifth_failure_pauses_the_username_with_a_clear_message(client):
    make_user("maria")
    response = fail(client, "maria", 5)
    assert response.status_code == 429
    html = response.content.decode()
    assert PAUSED in html
    assert "paused for 15 minutes" in html
    # The sign-in page itself, in the app's look, with its form.
    assert "<h1>Sign in</h1>" in html
    assert 'class="site-header"' in html


def test_a_paused_username_is_refused_even_with_the_right_password(client):
    make_user("maria")
    fail(client, "maria", 5)
    response = sign_in(client, "maria", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def without_per_request_values(html: str) -> str:
    """The page without its CSP nonce and CSRF token, which differ on every request."""
    html = re.sub(r'nonce="[^"]*"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_unknown_and_known_usernames_get_the_same_answer(client):
    make_user("maria")
    answers = []
    for username in ("maria", "nobody-by-this-name"):
        wrong = sign_in(client, username, "wrong password")
        paused = fail(client, username, 4)
        answers.append(
            (
                wrong.status_code,
                paused.status_code,
                without_per_request_values(paused.content.decode()),
            )
        )
    assert answers[0] == answers[1]
    assert answers[0][1] == 429


def test_the_pause_holds_for_one_username_from_one_address_only(client):
    make_user("maria")
    make_user("tomas")
    fail(client, "maria", 5)
    assert sign_in(client, "tomas", PASSWORD).status_code == 302
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert sign_in(elsewhere, "maria", PASSWORD).status_code == 302


def test_the_pause_ends_after_the_cool_off(client):
    make_user("maria")
    fail(client, "maria", 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert sign_in(client, "maria", PASSWORD).status_code == 302


def test_a_success_starts_the_count_again(client):
    make_user("maria")
    fail(client, "maria", 4)
    assert sign_in(client, "maria", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert fail(client, "maria", 4).status_code == 200
    assert sign_in(client, "maria", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(client):
    make_user("root", is_staff=True, is_superuser=True)
    admin_login = reverse("admin:login")
    assert fail(client, "root", 4, admin_login).status_code == 200
    response = fail(client, "root", 1, admin_login)
    assert response.status_code == 429
    assert PAUSED in response.content.decode()
    assert sign_in(client, "root", PASSWORD, admin_login).status_code == 429


def test_failures_count_across_both_sign_in_pages(client):
    make_user("root", is_staff=True, is_superuser=True)
    fail(client, "root", 3, reverse("admin:login"))
    assert fail(client, "root", 2).status_code == 429


def test_behind_a_declared_proxy_the_client_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("maria")
    proxy = "10.0.0.2"
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    fail(attacker, "maria", 5)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    # Maria, coming through the same proxy from her own address, is not paused.
    colleague = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert sign_in(colleague, "maria", PASSWORD).status_code == 302
