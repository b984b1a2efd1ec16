"""The pairing workspace in the browser: pair a denial with the accusation it answers, then undo."""

import pytest
from playwright.sync_api import expect

from claims.models import ClaimLink

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pairing_the_ispr_denial_with_mujahids_accusation_then_undoing_it(
    signed_in, live_server, seed_claim, mark_document, screenshot
):
    accusation = seed_claim("Zabihullah Mujahid", "accusation")
    denial = seed_claim("Ahmed Sharif Chaudhry", "denial")
    ClaimLink.objects.filter(from_claim=denial, to_claim=accusation).delete()
    answers = ClaimLink.objects.filter(to_claim=accusation).count()
    page = signed_in("editor")

    page.goto(f"{live_server.url}{accusation.get_absolute_url()}")
    page.get_by_role("link", name="Pair with a response").click()
    expect(page).to_have_url(f"{live_server.url}/claims/{accusation.pk}/pair/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find the response")
    links = page.locator("#links")
    responses = links.get_by_role("list").first
    answer_count = links.get_by_role("heading", name="Responses to this claim").locator(".badge")
    expect(answer_count).to_have_text(str(answers))
    expect(responses).to_contain_text("Khawaja Asif")
    expect(responses).not_to_contain_text(denial.summary)
    still_here = mark_document()

    candidate = page.locator("#suggestions").get_by_role("listitem").filter(has_text=denial.summary)
    expect(candidate).to_contain_text("same incident")
    expect(candidate).to_contain_text("by default it denies this claim")
    expect(page.locator("form.pair-form")).to_have_count(1)
    expect(page.get_by_label("How it answers")).to_have_value("")
    candidate.get_by_role("button", name=f"Pair with claim #{denial.pk}").click()

    just_paired = links.get_by_role("status")
    expect(just_paired).to_contain_text("Paired:")
    expect(just_paired.get_by_role("button", name="Undo")).to_be_focused()
    response = responses.get_by_role("listitem").filter(has_text=denial.summary)
    expect(response).to_contain_text("Ahmed Sharif Chaudhry")
    expect(response).to_contain_text("denies this claim")
    expect(answer_count).to_have_text(str(answers + 1))
    expect(page.locator("#messages")).to_contain_text("Paired:")
    assert still_here()
    link = ClaimLink.objects.get(from_claim=denial, to_claim=accusation)
    assert link.relation == "denies"
    assert link.created_by.username == "editor"
    screenshot("pairing")

    just_paired.get_by_role("button", name="Undo").click()

    expect(page.locator("#messages")).to_contain_text("Undone:")
    expect(links.get_by_role("status")).to_have_count(0)
    expect(responses).not_to_contain_text(denial.summary)
    expect(responses).to_contain_text("Khawaja Asif")
    expect(answer_count).to_have_text(str(answers))
    assert still_here()
    assert not ClaimLink.objects.filter(from_claim=denial, to_claim=accusation).exists()
    assert ClaimLink.objects.filter(to_claim=accusation, relation="denies").count() == 1
    screenshot("pairing-undone")


def test_searching_then_pairing_with_a_chosen_relation_keeps_the_search(
    signed_in, live_server, seed_claim
):
    accusation = seed_claim("Zabihullah Mujahid", "accusation")
    denial = seed_claim("Ahmed Sharif Chaudhry", "denial")
    ClaimLink.objects.filter(from_claim=denial, to_claim=accusation).delete()
    page = signed_in("editor")
    page.goto(f"{live_server.url}/claims/{accusation.pk}/pair/")

    page.get_by_label("How it answers").select_option("disputes")
    page.get_by_role("searchbox").fill(f"#{denial.pk}")
    suggestions = page.locator("#suggestions")
    expect(suggestions).to_contain_text(f"Claims matching “#{denial.pk}”")
    suggestions.get_by_role("button", name=f"Pair with claim #{denial.pk}").click()

    expect(page.locator("#messages")).to_contain_text("Paired:")
    expect(page.locator("#links")).to_contain_text(denial.summary)
    # The suggestions came back for the same search, and the form to its defaults.
    expect(suggestions).to_contain_text(f"No claim matches “#{denial.pk}”")
    expect(page.get_by_label("How it answers")).to_have_value("")
    link = ClaimLink.objects.get(from_claim=denial, to_claim=accusation)
    assert link.relation == "disputes"
