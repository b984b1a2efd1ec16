"""The source reader in the browser: select a passage of the captured text, record a claim on it."""

import re

import pytest
from playwright.sync_api import Locator, expect

from claims.models import Claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A sentence of the seed article that no seed claim quotes; highlighted quotes come before it,
# so its offsets are counted through several text nodes.
SENTENCE = (
    "A ceasefire was brokered in Doha with the help of friendly nations, including Turkey, "
    "China, and Qatar, but long-term agreements failed as Kabul did not provide written "
    "commitments to act against militants wanted by Islamabad."
)

# Selects `sentence` inside the source text the way a drag would: one DOM Range from the text
# node where it starts to the one where it ends.
SELECT_SENTENCE = """(sentence) => {
  const container = document.querySelector("[data-source-text]");
  const start = container.textContent.indexOf(sentence);
  if (start < 0) throw new Error("sentence not in the source text");
  const end = start + sentence.length;
  const range = document.createRange();
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (start >= seen && start < seen + node.length) range.setStart(node, start - seen);
    if (end > seen && end <= seen + node.length) range.setEnd(node, end - seen);
    seen += node.length;
  }
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


def pick_suggestion(form: Locator, label: str, typed: str, name: str) -> None:
    """Type into an autocomplete key by key, wait for the suggestion, and take it."""
    box = form.get_by_label(label)
    box.press_sequentially(typed, delay=50)
    suggestion = form.locator(f"#{box.get_attribute('id')}-suggestions option")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_have_attribute("value", re.compile(rf"^{re.escape(name)} \(#\d+\)$"))
    # What choosing it from the browser's dropdown does: the box takes the option's value.
    box.fill(suggestion.get_attribute("value"))


def test_recording_a_claim_from_a_passage_selected_in_the_source(
    signed_in, live_server, seed_claim, screenshot
):
    source = seed_claim("Zabihullah Mujahid", "accusation").source
    start = source.text.index(SENTENCE)
    page = signed_in("editor")
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(source.title)
    # The highlighted seed quotes are links to their claims.
    expect(page.locator("[data-source-text] mark")).not_to_have_count(0)
    record = page.get_by_role("link", name="Record claim", exact=True)
    expect(record).to_be_hidden()

    page.evaluate(SELECT_SENTENCE, SENTENCE)

    expect(record).to_be_visible()
    expect(page.locator("[data-record-claim-preview]")).to_contain_text(
        f"({len(SENTENCE)} characters)"
    )
    screenshot("source")
    record.click()

    expect(page).to_have_url(re.compile(r"/claims/new/\?"))
    form = page.locator("#claim-form")
    expect(form.get_by_label(re.compile(r"^Quote:?$"))).to_have_value(SENTENCE)
    expect(form.get_by_label("Quote start")).to_have_value(str(start))
    expect(form.get_by_label("Quote end")).to_have_value(str(start + len(SENTENCE)))
    expect(form.get_by_label("Source")).to_have_value(f"{source.title} (#{source.pk})")
    pick_suggestion(form, "Speaker", "geo n", "Geo News")
    form.get_by_label("Kind").select_option(label="Assertion")
    # Typed in full, a name needs no suggestion: it is resolved when the form is sent.
    form.get_by_label("Incident").fill("October 2025 Afghanistan–Pakistan border clashes")
    pick_suggestion(form, "Accused", "afgh", "Afghan Taliban")
    expect(form.get_by_role("checkbox", name="Afghan Taliban")).to_be_checked()
    expect(form.get_by_label("Accused")).to_have_value("")
    summary = (
        "A Doha ceasefire held, but Kabul gave no written commitment to act against militants."
    )
    form.get_by_label("Summary").fill(summary)
    screenshot("claim-form")
    form.get_by_role("button", name="Record claim").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(summary)
    expect(page.locator("#messages")).to_contain_text("Claim recorded.")
    claim = Claim.objects.select_related("source", "speaker").get(summary=summary)
    expect(page).to_have_url(f"{live_server.url}{claim.get_absolute_url()}")
    assert (claim.quote_start, claim.quote_end) == (start, start + len(SENTENCE))
    assert claim.quote == SENTENCE == claim.source.text[claim.quote_start : claim.quote_end]
    assert (claim.speaker.name, claim.kind, claim.status) == ("Geo News", "assertion", "draft")
    assert claim.incident.title == "October 2025 Afghanistan–Pakistan border clashes"
    assert [actor.name for actor in claim.accused.all()] == ["Afghan Taliban"]
    assert claim.created_by.username == "editor"
    expect(page.locator(".quote-in-context mark")).to_have_text(SENTENCE)
    screenshot("claim-recorded")
