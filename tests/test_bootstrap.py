"""`manage.py bootstrap`, the set-up step of `make run`."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from claims.models import Claim

pytestmark = pytest.mark.django_db


def signs_in(username: str, password: str):
    """The user the sign-in page would let in (the sign-in throttle needs the request)."""
    request = RequestFactory().post(reverse("login"))
    return authenticate(request, username=username, password=password)


def bootstrap() -> str:
    out = StringIO()
    call_command("bootstrap", stdout=out)
    return out.getvalue()


def test_first_run_loads_the_seed_and_creates_a_sign_in_shown_once(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    output = bootstrap()
    assert Claim.objects.exists()
    password = re.search(r"password: (\S+)", output).group(1)
    assert signs_in("admin", password) is not None

    again = bootstrap()
    assert password not in again
    assert "Sign in as 'admin'" in again
    users = get_user_model().objects
    assert list(users.filter(is_superuser=True).values_list("username", flat=True)) == ["admin"]
    # The seed claims' author cannot sign in: it only keeps four eyes on the seeds.
    assert not any(user.has_usable_password() for user in users.exclude(username="admin"))


def test_superuser_from_environment_is_honoured(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "desk-chief")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-chosen-passphrase")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "chief@example.org")
    output = bootstrap()
    assert "Sign in as 'desk-chief'" in output
    assert signs_in("desk-chief", "a-long-chosen-passphrase").is_superuser
    assert not get_user_model().objects.filter(username="admin").exists()
