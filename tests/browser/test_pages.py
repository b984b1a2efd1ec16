"""Every page under the strict Content Security Policy: served with it, and nothing violates it."""

import pytest
from playwright.sync_api import expect

from claims.models import Incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Inline styles or scripts anywhere in the document: the policy would block them.
INLINE_CODE = """() => [
  ...[...document.querySelectorAll("[style]")].map((el) => `style= on <${el.localName}>`),
  ...[...document.scripts].filter((s) => !s.src).map(() => "inline <script>"),
  ...[...document.querySelectorAll("*")].flatMap((el) =>
    [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${a.name}= on <${el.localName}>`)
  ),
]"""


def test_no_page_raises_a_csp_violation_or_a_console_error(
    signed_in, live_server, seed_claim, console
):
    accusation = seed_claim("Zabihullah Mujahid", "accusation")
    denial = seed_claim("Ahmed Sharif Chaudhry", "denial")
    incident = Incident.objects.get(slug="khost-kunar-paktika-airstrikes")
    page = signed_in("editor")
    paths = [
        "/",
        "/claims/",
        "/claims/?q=ISPR&kind=denial",
        accusation.get_absolute_url(),
        f"/claims/{accusation.pk}/edit/",
        f"/claims/{accusation.pk}/pair/",
        f"/claims/{denial.pk}/pair/",
        "/claims/new/",
        incident.get_absolute_url(),
        accusation.source.get_absolute_url(),
        f"{accusation.source.get_absolute_url()}?kind=denial",
        accusation.speaker.get_absolute_url(),
        denial.speaker.get_absolute_url(),
    ]
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        policy = response.headers.get("content-security-policy", "")
        assert "style-src 'self'" in policy, path
        assert "script-src 'self' 'nonce-" in policy, path
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert page.evaluate(INLINE_CODE) == [], path
        assert console.errors == [], f"{path}: {console.errors}"
    console.assert_clean()
