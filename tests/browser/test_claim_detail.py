"""A claim's page in the browser: editing its details in place and adding evidence in place."""

import pytest
from playwright.sync_api import expect

from claims.models import Claim, EvidenceLink

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MUJAHID = ("Zabihullah Mujahid", "accusation")
ISPR_DENIAL = ("Ahmed Sharif Chaudhry", "denial")


def test_editing_details_swaps_only_that_section_and_cancel_restores_it(
    signed_in, live_server, seed_claim, mark_document, screenshot
):
    claim = seed_claim(*MUJAHID)
    page = signed_in("editor")
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    details = page.locator("#claim-details")
    # Every other section must survive the edit as the very same DOM node.
    page.evaluate("document.querySelectorAll('main section').forEach(s => s.keptByTest = true)")
    still_here = mark_document()

    details.get_by_role("link", name="Edit details").click()
    summary = details.get_by_label("Summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_value(claim.summary)
    screenshot("claim-detail-editing")
    new_summary = "Pakistani airstrikes in Khost, Kunar and Paktika killed 10 civilians."
    summary.fill(new_summary)
    details.get_by_role("button", name="Save details").click()

    expect(details.get_by_role("definition").first).to_have_text(new_summary)
    expect(details.get_by_role("textbox")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text(new_summary)
    expect(page.locator("#messages")).to_contain_text("Claim details saved.")
    assert still_here()
    assert page.evaluate(
        "[...document.querySelectorAll('main section')].every(s => s.keptByTest === true)"
    )
    claim.refresh_from_db()
    assert claim.summary == new_summary

    details.get_by_role("link", name="Edit details").click()
    details.get_by_label("Summary").fill("A summary the editor thinks better of")
    details.get_by_role("link", name="Cancel").click()

    expect(details.get_by_role("textbox")).to_have_count(0)
    expect(details.get_by_role("definition").first).to_have_text(new_summary)
    # Back on the Edit control, so a keyboard user carries on where they were.
    expect(details.get_by_role("link", name="Edit details")).to_be_focused()
    assert still_here()
    claim.refresh_from_db()
    assert claim.summary == new_summary
    screenshot("claim-detail")


def test_a_viewer_reads_the_claim_without_any_editing_control(
    signed_in, live_server, seed_claim, screenshot
):
    claim = seed_claim(*MUJAHID)
    page = signed_in("viewer")
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")

    expect(page.get_by_role("heading", level=1)).to_have_text(claim.summary)
    expect(page.locator("#claim-details")).to_contain_text(claim.summary)
    expect(page.get_by_role("link", name="Edit details")).to_have_count(0)
    expect(page.get_by_text("Add evidence")).to_have_count(0)
    expect(page.get_by_role("link", name="Pair with a response")).to_have_count(0)
    expect(page.get_by_role("link", name="Record a claim")).to_have_count(0)
    screenshot("claim-detail-viewer")


def test_a_javascript_link_is_refused_in_place_then_a_web_link_is_added(
    signed_in, live_server, seed_claim, mark_document, screenshot
):
    claim = seed_claim(*ISPR_DENIAL)
    page = signed_in("editor")
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    evidence = page.locator("#evidence")
    expect(evidence).to_contain_text("No evidence on record yet.")
    expect(page.locator("#evidence-count")).to_have_text("0")
    still_here = mark_document()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    evidence.locator("summary", has_text="Add evidence").click()
    evidence.get_by_label("Link (URL)").fill("javascript:alert(document.cookie)")
    evidence.get_by_label("Stance").select_option(label="Refutes")
    evidence.get_by_label("Kind").select_option(label="Official record")
    evidence.get_by_role("button", name="Add evidence").click()

    refusal = evidence.get_by_role("alert")
    expect(refusal).to_contain_text("The evidence was not added")
    expect(refusal).to_be_focused()
    expect(evidence).to_contain_text("Enter a web address starting with http:// or https://.")
    # What the editor typed stays in the form, to be corrected.
    expect(evidence.get_by_label("Link (URL)")).to_have_value("javascript:alert(document.cookie)")
    expect(evidence.get_by_label("Stance")).to_have_value("refutes")
    expect(page.locator("#evidence-count")).to_have_text("0")
    assert not EvidenceLink.objects.filter(claim=claim).exists()
    assert dialogs == []
    screenshot("claim-evidence-refused")

    url = "https://www.ispr.gov.pk/press-release-detail?id=7000"
    evidence.get_by_label("Link (URL)").fill(url)
    evidence.get_by_role("button", name="Add evidence").click()

    item = evidence.get_by_role("listitem").filter(has=page.get_by_role("link", name=url))
    expect(item).to_contain_text("Refutes")
    expect(item).to_contain_text("Official record")
    expect(item).to_contain_text("Added by editor")
    expect(evidence.get_by_role("alert")).to_have_count(0)
    expect(page.locator("#evidence-count")).to_have_text("1")
    expect(page.locator("#messages")).to_contain_text("Evidence added.")
    assert still_here()
    added = EvidenceLink.objects.get(claim=claim)
    assert (added.url, added.stance, added.kind) == (url, "refutes", "official_record")
    assert added.added_by.username == "editor"
    assert Claim.objects.get(pk=claim.pk).evidence.count() == 1
    screenshot("claim-evidence-added")
