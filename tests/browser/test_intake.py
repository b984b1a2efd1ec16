"""Article intake in the browser: paste an article, watch its statements being found, edit
one, accept some, and read them anchored in the source — the desk's "under a minute" path.

The proposals are the extractor's: the test asserts on the shape of the table and drives
only the rows it picks, so a better extractor does not break it.
"""

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from claims.intake import runs
from claims.models import Claim, ClaimLink, Source
from tests.browser.conftest import PASSWORD
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = Path(__file__).resolve().parents[2] / "seeds"


def seed_article() -> str:
    (path,) = ARTICLE.glob("*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def editor_page(page, live_server, transactional_db):
    """An editor signed in on an empty ledger, so the seed article is new to it."""
    make_user("editor", groups=("editor",))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    yield page
    runs.wait_for_queue()


def test_pasting_an_article_and_accepting_some_statements(editor_page, live_server, screenshot):
    page = editor_page
    text = seed_article()
    started = time.perf_counter()
    page.get_by_role("link", name="Add a source").first.click()
    page.get_by_label("Title").fill("Pakistan has no expectations from the Taliban")
    page.get_by_label("Outlet").fill("The Express Tribune")
    page.get_by_label("Date").fill("2025-10-28")
    page.get_by_label("Text").fill(text)
    page.get_by_role("button", name="Save source").click()

    # The run is found in the background; htmx swaps the table in when it is ready.
    table = page.locator("table.proposals")
    expect(table).to_be_visible(timeout=15_000)
    rows = table.locator("tbody tr.proposal")
    assert rows.count() >= 2
    for checkbox in table.locator('input[name="accept"]').all():
        checkbox.uncheck()
    first, second = rows.nth(0), rows.nth(1)
    for row, speaker in ((first, "Khawaja Asif"), (second, "Zabihullah Mujahid")):
        row.locator('input[name$="-speaker"]').fill(speaker)
        row.locator('input[name="accept"]').check()
    # Edit one in place: its summary, its kind, and what it answers.
    first.locator('textarea[name$="-summary"]').fill("Asif calls the Taliban untrustworthy")
    first.locator('select[name$="-kind"]').select_option("accusation")
    second.locator('select[name$="-kind"]').select_option("denial")
    second.locator('select[name$="-target"]').select_option("p0")
    second.locator('select[name$="-relation"]').select_option("disputes")
    screenshot("intake-proposals")
    page.get_by_role("button", name="Accept the ticked statements").click()

    source = Source.objects.get()
    page.wait_for_url(f"{live_server.url}{source.get_absolute_url()}#quote-*")
    expect(page.locator(".message")).to_contain_text("Recorded 2 claim(s) as drafts and 1 link(s)")
    elapsed = time.perf_counter() - started
    print(f"\nintake: pasted to accepted and anchored in {elapsed:.1f} s")

    claims = list(Claim.objects.order_by("quote_start"))
    assert len(claims) == 2
    for claim in claims:
        assert text[claim.quote_start : claim.quote_end] == claim.quote
        marks = page.locator(f'mark.quote-mark[data-claims~="{claim.pk}"]')
        expect(marks.first).to_be_visible()
    assert claims[0].summary == "Asif calls the Taliban untrustworthy"
    link = ClaimLink.objects.get()
    assert (link.relation, link.to_claim) == ("disputes", claims[0])
    screenshot("intake-accepted")
