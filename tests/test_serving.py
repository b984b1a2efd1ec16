"""`make serve`: gunicorn and whitenoise with DEBUG off, tried for real in a subprocess; and
`make loadtest`'s editors, which must get through the real pages as a browser would.

One server serves the whole module: `bin/serve` (what `make serve` runs) against a fresh SQLite
database and a temporary STATIC_ROOT, so it migrates and collects the static files itself.
"""

import http.client
import json
import os
import re
import socket
import stat
import subprocess
import time
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import ClaimLink
from claims.settings import BASE_DIR, VAR_DIR
from loadtest.pages import Page
from tests.test_pairing_suggestions import make_dossier

SERVE = BASE_DIR / "bin" / "serve"
VENV_BIN = BASE_DIR / ".venv" / "bin"
STATIC_TAG = re.compile(r"""{% static ['"]([^'"]+)['"]""")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_env(**overrides: str) -> dict[str, str]:
    """This machine's environment without the app's own settings, plus `overrides`."""
    app_settings = {"DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "WEB_CONCURRENCY"}
    return {**{k: v for k, v in os.environ.items() if k not in app_settings}, **overrides}


class Server:
    def __init__(self, port: int, static_root) -> None:
        self.port = port
        self.static_root = static_root

    def get(self, path: str, **headers: str) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        return response

    def manifest(self) -> dict[str, str]:
        """Each collected static file's name, and its name with the content hash."""
        return json.loads((self.static_root / "staticfiles.json").read_text())["paths"]

    def hashed_name(self, name: str) -> str:
        return self.manifest()[name]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("serve")
    port = free_port()
    # No SECRET_KEY: `make serve` must make one for a newcomer (or reuse the one it made).
    env = clean_env(
        DATABASE_URL=f"sqlite:///{tmp / 'ledger.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        PORT=str(port),
        WEB_CONCURRENCY="1",
    )
    log = tmp / "server.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [SERVE], cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    served = Server(port, tmp / "static")
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            try:
                if served.get("/healthz").status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        yield served
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_health_is_ok(server):
    response = server.get("/healthz")
    assert response.status == 200
    assert json.loads(response.body) == {"status": "ok"}


def test_a_secret_key_is_generated_once_and_kept_private(server):
    key_file = VAR_DIR / "secret_key"
    assert len(key_file.read_text().strip()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_pages_link_static_files_by_their_hashed_names(server):
    page = server.get("/accounts/login/").body.decode()
    assert f"/static/{server.hashed_name('css/app.css')}" in page


def test_every_static_file_a_template_names_is_collected(server):
    # With DEBUG off a name missing from the manifest is a 500 on every page that uses it.
    named = {
        name
        for template in (BASE_DIR / "templates").rglob("*.html")
        for name in STATIC_TAG.findall(template.read_text())
    }
    assert "js/app.js" in named
    assert named <= server.manifest().keys()


def test_hashed_static_files_are_cached_for_ever(server):
    response = server.get(f"/static/{server.hashed_name('css/app.css')}")
    assert response.status == 200
    assert "max-age=315360000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_static_files_are_sent_compressed_when_asked(server, encoding):
    response = server.get(
        f"/static/{server.hashed_name('css/app.css')}", **{"Accept-Encoding": encoding}
    )
    assert response.status == 200
    assert response.headers["Content-Encoding"] == encoding


def test_an_unknown_url_is_a_plain_404_not_a_debug_page(server):
    response = server.get("/no-such-page/")
    assert response.status == 404
    page = response.body.decode()
    assert "DEBUG" not in page
    assert "URLconf" not in page


def test_pages_carry_the_security_headers(server):
    response = server.get("/accounts/login/")
    assert response.status == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "'unsafe-inline'" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    # DEBUG off: the CSRF cookie travels over HTTPS only.
    assert "Secure" in response.headers["Set-Cookie"]


def gunicorn_config(**env: str) -> dict[str, str]:
    """gunicorn's resolved settings from gunicorn.conf.py, without starting a server."""
    result = subprocess.run(
        [VENV_BIN / "gunicorn", "--print-config"],
        cwd=BASE_DIR,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    pairs = (line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def test_gunicorn_runs_two_workers_per_core_plus_one_on_loopback():
    config = gunicorn_config(PORT="8123")
    assert config["workers"] == str(2 * os.cpu_count() + 1)
    assert config["bind"] == "['127.0.0.1:8123']"


def test_gunicorn_workers_and_address_come_from_the_environment():
    config = gunicorn_config(HOST="0.0.0.0", PORT="9000", WEB_CONCURRENCY="3")
    assert config["workers"] == "3"
    assert config["bind"] == "['0.0.0.0:9000']"


def test_the_load_test_defines_its_editor():
    result = subprocess.run(
        [VENV_BIN / "locust", "-f", "loadtest/locustfile.py", "--list"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Editor" in result.stdout


def csrf_checking_client(user=None) -> Client:
    """A client that, like the live server, refuses a POST without the page's CSRF token."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def test_the_load_test_pairs_and_undoes_through_the_pages_as_a_browser_would(editor, htmx_headers):
    client = csrf_checking_client(editor)
    dossier = make_dossier()
    page = Page(client.get(reverse("claim_pair", args=[dossier.accusation.pk])).content.decode())
    form = page.forms_to("/pair/link/")[0]

    paired = client.post(form.action, form.data(), headers=htmx_headers)
    link = ClaimLink.objects.get()
    undo = Page(paired.content.decode()).forms_to(reverse("link_undo", args=[link.pk]))[0]
    assert client.post(undo.action, undo.data(), headers=htmx_headers).status_code == 200
    assert not ClaimLink.objects.exists()


def test_the_load_test_signs_in_through_the_sign_in_form(editor):
    client = csrf_checking_client()
    form = Page(client.get(reverse("login")).content.decode()).forms_to(reverse("login"))[0]
    response = client.post(
        form.action, form.data(username="editor", password="correct-horse-battery")
    )
    assert response["Location"] == reverse("desk")
