"""/healthz: the load balancer's check that an app server and its database answer."""

import json
import os
import socket
import subprocess
import sys

import pytest
from django.urls import reverse

from claims.settings import BASE_DIR


@pytest.mark.django_db
def test_health_answers_ok_without_sign_in(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_answers_htmx_the_same(client, htmx_headers):
    response = client.get(reverse("healthz"), headers=htmx_headers)
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_health_takes_no_writes(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_health_reports_an_unreachable_database_as_503():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/healthz')\n"
        "print(response.status_code, response.content.decode())\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "claims.settings",
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"postgres://nobody@127.0.0.1:{closed_port}/counterclaim",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "unavailable", "reason": "database unreachable"}
    # The details are for the log, not for whoever asks.
    assert str(closed_port) not in body
    assert str(closed_port) in result.stderr
