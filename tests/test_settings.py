"""Configuration comes from the environment and bad values stop start-up with a clear message."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from claims.settings import BASE_DIR, env_database


def manage_check(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_development_defaults_start():
    result = manage_check()
    assert result.returncode == 0, result.stderr


def test_production_without_secret_key_refuses_to_start():
    result = manage_check(DEBUG="false", ALLOWED_HOSTS="desk.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_with_secret_key_starts():
    result = manage_check(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="desk.example.org")
    assert result.returncode == 0, result.stderr


def test_production_answers_on_loopback_unless_told_its_host_names():
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.ALLOWED_HOSTS)"],
        cwd=BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if k != "ALLOWED_HOSTS"},
            "DJANGO_SETTINGS_MODULE": "claims.settings",
            "DEBUG": "false",
            "SECRET_KEY": "x" * 50,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "['127.0.0.1', 'localhost', '[::1]']", result.stderr


def test_postgresql_keeps_one_checked_connection_per_worker(monkeypatch):
    monkeypatch.delenv("DISABLE_SERVER_SIDE_CURSORS", raising=False)
    config = env_database("UNSET_DATABASE_URL", "postgres://desk@127.0.0.1:5432/counterclaim")
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["DISABLE_SERVER_SIDE_CURSORS"] is False


def test_postgresql_behind_a_transaction_pooler_uses_no_server_side_cursors(monkeypatch):
    monkeypatch.setenv("DISABLE_SERVER_SIDE_CURSORS", "true")
    config = env_database("UNSET_DATABASE_URL", "postgres://desk@127.0.0.1:6432/counterclaim")
    assert config["DISABLE_SERVER_SIDE_CURSORS"] is True


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        ({"DATABASE_URL": "mysql://x@localhost/db"}, "must point at SQLite or PostgreSQL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"CSRF_TRUSTED_ORIGINS": "desk.example.org"}, "need a scheme"),
        ({"DESK_URL": "desk.example.org"}, "DESK_URL needs a scheme"),
        ({"STATIC_ROOT": "var/static"}, "STATIC_ROOT must be an absolute path"),
        (
            {"DATABASE_URL": "postgres://x@127.0.0.1/db", "DISABLE_SERVER_SIDE_CURSORS": "often"},
            "DISABLE_SERVER_SIDE_CURSORS must be true or false",
        ),
    ],
)
def test_bad_values_fail_loudly(env, message):
    result = manage_check(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_content_security_policy_forbids_inline_scripts():
    policy = settings.SECURE_CSP
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
