"""A published claim's page in Chromium: its ClaimReview JSON-LD is data the browser reads
but never runs, and the strict CSP sees nothing to refuse."""

import pytest

from tests.factories import make_actor, make_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script: a script that broke out of the JSON-LD would set the flag.
WATCH = """
window.__ran = false; window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""
BREAKOUT = "</script><script>window.__ran = true</script><!-- & </SCRIPT >"
JSON_LD = 'script[type="application/ld+json"]'


def test_the_embedded_claimreview_is_data_the_csp_lets_be(signed_in, live_server, console):
    claim = make_claim(
        status="published",
        summary=f"Strikes in Khost {BREAKOUT}",
        speaker=make_actor(name=f"Mujahid {BREAKOUT}"),
    )
    page = signed_in("viewer")
    page.add_init_script(WATCH)
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    page.wait_for_load_state("networkidle")

    review = page.evaluate(f"JSON.parse(document.querySelector('{JSON_LD}').textContent)")
    assert review["claimReviewed"] == claim.summary
    assert review["itemReviewed"]["author"]["name"] == claim.speaker.name
    assert review["url"] == f"{live_server.url}{claim.get_absolute_url()}"
    assert page.locator(JSON_LD).count() == 1
    assert page.evaluate("window.__ran") is False
    assert page.evaluate("window.__cspViolations") == []
    console.assert_clean()


def test_a_draft_embeds_no_claimreview(signed_in, live_server, console):
    claim = make_claim(summary="A draft the desk has not reviewed")
    page = signed_in("viewer")
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    assert page.locator(JSON_LD).count() == 0
    console.assert_clean()
