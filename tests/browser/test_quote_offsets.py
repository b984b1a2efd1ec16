"""Quote offsets from a real mouse drag in the source reader, in Unicode code points.

A browser's DOM counts UTF-16 code units; the ledger (Python's `str`, and the Web
Annotation's TextPositionSelector) counts code points. After a flag (🇵🇰, two code points
and four units) and a 𝔸 (one code point, two units) the two differ: these tests drag the
mouse over passages after them, record a claim through the page, and check the stored
anchor, the quote and the annotation against Python's own `text.index(quote)`.
"""

import json

import pytest
from playwright.sync_api import Page, expect

from claims.models import Claim, ClaimKind
from tests.factories import make_actor, make_claim, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Lahore 🇵🇰, 14 October. A statement from the 𝔸-list desk follows.\n"
    "The ministry said the convoy was never there, and that officials had checked twice.\n"
    "Witnesses disagreed with the ministry on every count, citing photographs."
)
HIGHLIGHTED = "officials had checked twice"  # already quoted by a claim: shown as a <mark>

# The client rectangle of one character of the source text, by its UTF-16 index (what the
# DOM counts): only the test's way of finding where to put the mouse.
CHARACTER_BOX = """(index) => {
  const container = document.querySelector("[data-source-text]");
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (index < seen + node.length) {
      const range = document.createRange();
      range.setStart(node, index - seen);
      range.setEnd(node, index - seen + 1);
      const box = range.getClientRects()[0];
      return { left: box.left, right: box.right, top: box.top, bottom: box.bottom };
    }
    seen += node.length;
  }
  throw new Error("index past the text");
}"""


@pytest.fixture
def reader(signed_in, live_server):
    """The source reader on TEXT, signed in as an editor, with HIGHLIGHTED already quoted."""
    source = make_source(title="Lahore statement", text=TEXT)
    make_claim(source=source, quote=HIGHLIGHTED, summary="Officials checked")
    make_actor(name="Ministry of Interior")
    page = signed_in("editor")
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    expect(page.locator("[data-source-text] mark")).to_have_count(1)
    return page, source


def drag_over(page: Page, quote: str) -> None:
    """Select `quote` in the source text by dragging the mouse from its first character to
    its last, as a reader would."""
    utf16_start = page.evaluate(
        "(quote) => document.querySelector('[data-source-text]').textContent.indexOf(quote)",
        quote,
    )
    assert utf16_start >= 0
    page.locator("[data-source-text]").scroll_into_view_if_needed()
    utf16_end = utf16_start + len(quote.encode("utf-16-le")) // 2
    first = page.evaluate(CHARACTER_BOX, utf16_start)
    last = page.evaluate(CHARACTER_BOX, utf16_end - 1)
    # Just inside the first character's left edge and the last one's right edge.
    page.mouse.move(first["left"] + 1, (first["top"] + first["bottom"]) / 2)
    page.mouse.down()
    page.mouse.move(last["right"] - 1, (last["top"] + last["bottom"]) / 2, steps=12)
    page.mouse.up()


def record(page: Page, quote: str, summary: str) -> Claim:
    """Drag over `quote`, follow "Record claim" and send the form; the claim as stored."""
    drag_over(page, quote)
    record_link = page.get_by_role("link", name="Record claim", exact=True)
    expect(record_link).to_be_visible()
    expect(page.locator("[data-record-claim-preview]")).to_contain_text(
        f"({len(quote)} characters)"
    )
    record_link.click()
    form = page.locator("#claim-form")
    form.get_by_label("Speaker").fill("Ministry of Interior")
    form.get_by_label("Kind").select_option(label="Denial")
    form.get_by_label("Summary").fill(summary)
    form.get_by_role("button", name="Record claim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(summary)
    return Claim.objects.select_related("source").get(summary=summary)


@pytest.mark.parametrize(
    "quote",
    [
        "the convoy was never there",  # after the flag and the 𝔸
        "checked twice.\nWitnesses disagreed",  # from inside the highlighted quote, over a line break
        "the convoy was never there, and that officials had",  # ending inside the highlight
        "🇵🇰, 14 October",  # beginning with the flag itself
    ],
)
def test_a_dragged_quote_is_stored_at_pythons_offsets(reader, live_server, quote):
    page, _source = reader
    claim = record(page, quote, f"Recorded {len(quote)}")

    start = TEXT.index(quote)
    assert (claim.quote, claim.quote_start, claim.quote_end) == (quote, start, start + len(quote))
    assert claim.kind == ClaimKind.DENIAL
    annotation = json.loads(
        page.request.get(f"{live_server.url}/claims/{claim.pk}/annotation.jsonld").text()
    )
    position = annotation["target"]["selector"][1]
    assert position == {"type": "TextPositionSelector", "start": start, "end": start + len(quote)}
    assert annotation["target"]["selector"][0]["exact"] == quote


def test_a_click_on_a_highlighted_quote_still_opens_its_claim(reader, live_server):
    page, _source = reader
    page.locator("[data-source-text] mark a").click()
    claim = Claim.objects.get(quote=HIGHLIGHTED)
    expect(page).to_have_url(f"{live_server.url}{claim.get_absolute_url()}")
