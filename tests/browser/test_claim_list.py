"""The claim list in the browser: search as you type, filter, and Back to where you were."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_searching_narrows_the_list_in_place_filters_apply_and_back_restores(
    signed_in, live_server, seed_claim, mark_document, screenshot
):
    denial = seed_claim("Ahmed Sharif Chaudhry", "denial")
    follow_up = seed_claim("Ahmed Sharif Chaudhry", "assertion")
    total = Claim.objects.count()
    page = signed_in("editor")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Claims").click()
    expect(page).to_have_url(f"{live_server.url}/claims/")
    count = page.locator("#result-count")
    results = page.locator("#results").get_by_role("listitem")
    expect(count).to_have_text(f"{total} claims")
    filters = page.get_by_role("search", name="Search and filter claims")
    search = filters.get_by_label("Search")
    still_here = mark_document()

    # "ISPR" is an alias of the DG's, and his denial quotes it too.
    search.press_sequentially("ISPR", delay=50)

    expect(count).to_have_text("2 claims")
    expect(results).to_have_count(2)
    expect(results.filter(has_text=denial.summary)).to_have_count(1)
    expect(results.filter(has_text=follow_up.summary)).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/claims/\?(.*&)?q=ISPR(&|$)"))
    expect(search).to_be_focused()
    assert still_here()
    screenshot("claim-list")

    filters.get_by_label("Kind").select_option(label="Denial")
    filters.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"kind=denial"))
    expect(count).to_have_text("1 claim")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text(denial.summary)
    expect(search).to_have_value("ISPR")
    expect(filters.get_by_label("Kind")).to_have_value("denial")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/claims/\?(.*&)?q=ISPR(&|$)"))
    expect(page).not_to_have_url(re.compile(r"kind=denial"))
    expect(count).to_have_text("2 claims")

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/claims/")
    expect(count).to_have_text(f"{total} claims")
    expect(results).to_have_count(total)
    expect(search).to_have_value("")
    screenshot("claim-list-back")


def test_filtering_by_a_speaker_typed_into_its_autocomplete(
    signed_in, live_server, seed_claim, console
):
    denial = seed_claim("Ahmed Sharif Chaudhry", "denial")
    said = Claim.objects.filter(speaker=denial.speaker).count()
    page = signed_in("viewer")
    page.goto(f"{live_server.url}/claims/")
    filters = page.get_by_role("search", name="Search and filter claims")
    speaker = filters.get_by_label("Speaker")

    speaker.press_sequentially("ahmed", delay=50)

    suggestion = filters.locator("#id_speaker-suggestions option")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_have_attribute("value", f"Ahmed Sharif Chaudhry (#{denial.speaker_id})")
    speaker.fill(suggestion.get_attribute("value"))
    filters.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"speaker=Ahmed"))
    expect(page.locator("#result-count")).to_have_text(f"{said} claim{'s' if said != 1 else ''}")
    expect(filters.get_by_label("Speaker")).to_have_value(
        f"Ahmed Sharif Chaudhry (#{denial.speaker_id})"
    )
    console.assert_clean()
