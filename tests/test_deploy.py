"""Production settings pass Django's deployment check, and every page carries the headers."""

import os
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

from claims.settings import BASE_DIR
from claims.throttle import client_ip
from tests.factories import make_claim

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "desk.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://desk.example.org",
}
# Settings this machine's environment might carry that would change what is checked; the
# browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for the whole run.
APP_SETTINGS = {
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "SESSION_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "TRUSTED_PROXY_COUNT",
}


def run(code_or_args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in APP_SETTINGS | PRODUCTION.keys()}
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "claims.settings", **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_the_deployment_check():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def production_setting(name: str, **env: str) -> str:
    result = run(["-c", f"from django.conf import settings; print(settings.{name})"], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_defaults_are_strict():
    assert production_setting("SECURE_SSL_REDIRECT") == "True"
    assert production_setting("SECURE_HSTS_SECONDS") == str(365 * 24 * 3600)
    assert production_setting("SESSION_COOKIE_SECURE") == "True"
    assert production_setting("CSRF_COOKIE_SECURE") == "True"
    assert production_setting("CSRF_COOKIE_HTTPONLY") == "True"
    # The load balancer's health check may come over plain HTTP.
    assert production_setting("SECURE_REDIRECT_EXEMPT") == "['^healthz$']"


def test_a_deployment_on_plain_http_can_say_so():
    env = {"SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false"}
    assert production_setting("SECURE_SSL_REDIRECT", **env) == "False"
    assert production_setting("CSRF_COOKIE_SECURE", **env) == "False"
    assert production_setting("SECURE_HSTS_SECONDS", SECURE_HSTS_SECONDS="3600") == "3600"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT must be a whole number of 0 or more"),
        ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS must be a whole number of 0"),
        ("AXES_COOLOFF_MINUTES", "0", "AXES_COOLOFF_MINUTES must be a whole number of 1 or more"),
        ("AXES_FAILURE_LIMIT", "0", "AXES_FAILURE_LIMIT must be a whole number of 1 or more"),
    ],
)
def test_a_bad_number_stops_start_up(name, value, message):
    result = run(["manage.py", "check"], **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.django_db
def test_pages_carry_the_strict_policy_and_the_security_headers(viewer_client):
    claim = make_claim()
    response = viewer_client.get(reverse("claim_detail", args=[claim.pk]))
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_client_address_is_the_peer_unless_proxies_are_declared(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    # One proxy: the address it appended, not the one the client wrote before it.
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    # Fewer hops than declared: a request that bypassed the proxies; trust only the peer.
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.2"
