"""One long unbroken word (a pasted hash, a URL, a keyboard mash) wraps instead of making the
page thousands of pixels wide (issue 9)."""

import pytest

from tests.factories import make_actor, make_claim, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORD = "x" * 5000
# How far the page is wider than the window (a pixel of rounding is tolerated).
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_a_long_word_wraps_on_the_desk_list_claim_and_source_pages(page, signed_in, live_server):
    # Each field as long as it may be: the summary and title are limited, the quote is not.
    source = make_source(title="t" * 300, text=f"Before {WORD} after.")
    claim = make_claim(
        speaker=make_actor(name="n" * 200), source=source, summary="s" * 300, quote=WORD
    )
    signed_in("editor")
    for path in ("/", "/claims/", f"/claims/{claim.pk}/", f"/sources/{source.pk}/"):
        page.goto(f"{live_server.url}{path}")
        assert page.get_by_text("s" * 300).count() or page.get_by_text("t" * 300).count(), path
        assert page.evaluate(OVERFLOW) <= 1, path
