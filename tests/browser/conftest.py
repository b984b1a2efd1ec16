"""Browser tests drive Debian's Chromium through pytest-playwright against a live server."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page

from claims.models import Claim
from claims.seeds import load_seed_dossier
from tests.factories import make_user

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made from the
# test itself (building data, checking rows) are safe here because the server runs elsewhere.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
# Not under test-results/: pytest-playwright empties that folder at the start of every run.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
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


class Console:
    """What went wrong in the page as the browser saw it: console errors (CSP violations
    among them) and uncaught exceptions, collected from the moment the page opened."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", self._on_message)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught exception: {error}"))

    def _on_message(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{message.text} (at {message.location.get('url', '?')})")

    def csp_violations(self) -> list[str]:
        return [
            error
            for error in self.errors
            if "Content Security Policy" in error or "Refused to" in error
        ]

    def assert_clean(self) -> None:
        assert not self.csp_violations(), f"CSP violations: {self.csp_violations()}"
        assert not self.errors, f"Console errors: {self.errors}"


@pytest.fixture
def console(page) -> Console:
    """The page's console errors and CSP violations; `console.assert_clean()` checks there are none."""
    return Console(page)


@pytest.fixture
def seed_claim(seeded) -> Callable[[str, str], Claim]:
    """A claim of the seed dossier, found by its speaker's name and its kind."""

    def find(speaker: str, kind: str) -> Claim:
        return Claim.objects.select_related("source").get(speaker__name=speaker, kind=kind)

    return find


@pytest.fixture
def mark_document(page) -> Callable[[], Callable[[], bool]]:
    """Tag the page's current document; the check it returns says whether that document is
    still the one on show, i.e. htmx swapped content in place instead of loading a page."""

    def mark() -> Callable[[], bool]:
        page.evaluate("window.counterclaimTestMark = true")
        return lambda: page.evaluate("window.counterclaimTestMark === true")

    return mark


@pytest.fixture
def screenshot(page, console):
    """Save a full-page screenshot under var/screenshots/ for review.

    The console is checked first: the screenshot must show a page that raised no CSP
    violation or error. `caret="initial"` keeps Playwright out of the page: hiding the caret
    sets `style` on every input and leaves `style=""` behind, which htmx then copies onto
    swapped-in fields with setAttribute, a CSP violation that the app never causes itself.
    """

    def take(name: str) -> Path:
        console.assert_clean()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True, caret="initial")
        return path

    return take
