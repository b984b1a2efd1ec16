"""Browser tests drive Debian's Chromium through pytest-playwright against a live server."""

import os
from pathlib import Path

import pytest

from claims.seeds import load_seed_dossier
from tests.factories import make_user

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made from the
# test itself (building data, checking rows) are safe here because the server runs elsewhere.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium). "
            "`make test` does this for you when run as root."
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        # This machine has no network beyond loopback: keep Chromium from reaching out.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def seeded(transactional_db):
    """The seed dossier, loaded afresh for each browser test."""
    load_seed_dossier()


@pytest.fixture
def signed_in(page, live_server, seeded):
    """A page signed in as an editor, on the desk."""

    def sign_in(role: str = "editor"):
        make_user(role, groups=(role,))
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(role)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return sign_in


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-results/screenshots/ for review."""

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
