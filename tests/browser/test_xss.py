"""Hostile text in every field an editor types into, on every page that shows it: it stays text.

Each payload of tests/xss_payloads.txt, if it ever ran, would call `window.__xss()` (or open a
dialog, or break the strict CSP). The pages are opened in Chromium with those three watched,
and each document is searched for an element the payloads would have made.
"""

from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse

from claims.models import Actor, Claim, ClaimKind, ClaimLink, EvidenceLink, Incident, Place, Source
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = Path(__file__).parents[1].joinpath("xss_payloads.txt").read_text().splitlines()

# Runs before any page script: what a payload would call, and the CSP's reports.
WATCH = """
window.__xssRan = []; window.__cspViolations = [];
window.__xss = (n) => window.__xssRan.push(n);
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => window.__xssRan.push(name + ":" + args.join(","));
}
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""
# Elements only a payload would have made: handlers, inline scripts, htmx that loads by itself.
MADE_BY_PAYLOAD = """() => [
  ...[...document.scripts].filter((s) => !s.src).map(() => "inline <script>"),
  ...[...document.querySelectorAll("iframe, object, embed, base, meta[http-equiv], [hx-on], [hx-trigger=load], [data-hx-trigger=load]")]
     .map((el) => el.outerHTML.slice(0, 80)),
  ...[...document.querySelectorAll("*")].flatMap((el) => [...el.attributes]
     .filter((a) => a.name.startsWith("on") || a.name.startsWith("hx-on")
        || (/^(href|src|action|formaction|data|xlink:href)$/.test(a.name) && /^\\s*(javascript|data):/i.test(a.value)))
     .map((a) => `${a.name}=${a.value.slice(0, 40)} on <${el.localName}>`)),
]"""


def build_hostile_ledger() -> dict:
    """One record per payload in every short field; every payload at once in the long ones."""
    everything = "\n".join(PAYLOADS)
    hub_actor = Actor(name="Hub speaker", title=PAYLOADS[0], aliases=everything)
    hub_actor.full_clean()
    hub_actor.save()
    source = Source(
        title=PAYLOADS[2],
        url=f"https://example.org/report?q={quote(PAYLOADS[3])}",
        archive_url=f"https://archive.example.org/{quote(PAYLOADS[4])}",
        text="\n".join(f"{payload} [{i}]" for i, payload in enumerate(PAYLOADS)),
    )
    source.full_clean()
    source.save()
    incident = Incident(title=PAYLOADS[3], slug="hostile", summary=everything)
    incident.full_clean()
    incident.save()
    claims = []
    for i, payload in enumerate(PAYLOADS):
        actor = Actor(name=f"{payload} #{i}", title=payload, aliases=payload, parent=hub_actor)
        place = Place(name=f"{payload} {i}", country=payload[:100])
        claim = Claim(
            speaker=actor if i else hub_actor,
            source=source,
            incident=incident,
            kind=ClaimKind.ACCUSATION if i == 0 else ClaimKind.DENIAL,
            summary=f"onerror {payload}",
            quote=f"{payload} [{i}]",
        )
        for record in (actor, place):
            record.full_clean()
            record.save()
        claim.speaker = actor if i else hub_actor
        claim.full_clean()
        claim.save()
        claim.places.add(place)
        claim.accused.add(hub_actor)
        claims.append(claim)
        Incident.objects.create(title=payload, slug=f"hostile-{i}", summary=payload)
    hub = claims[0]
    for i, (claim, payload) in enumerate(zip(claims[1:], PAYLOADS[1:], strict=True), 1):
        link = ClaimLink(from_claim=claim, to_claim=hub, relation="denies", note=payload)
        evidence = EvidenceLink(
            claim=hub,
            url=f"https://example.org/e{i}?q={quote(payload)}",
            excerpt=payload,
            note=payload,
        )
        for record in (link, evidence):
            record.full_clean()
            record.save()
    return {"hub": hub, "source": source, "incident": incident, "actor": hub_actor}


def pages(ledger: dict) -> list[str]:
    hub, source, actor = ledger["hub"], ledger["source"], ledger["actor"]
    admin_pages = [
        reverse(f"admin:claims_{model}_changelist")
        for model in ("actor", "place", "incident", "source", "claim", "claimlink", "evidencelink")
    ] + [
        reverse("admin:claims_claim_change", args=[hub.pk]),
        reverse("admin:claims_source_change", args=[source.pk]),
        reverse("admin:claims_actor_change", args=[actor.pk]),
        reverse("admin:claims_incident_change", args=[ledger["incident"].pk]),
        reverse("admin:claims_actor_changelist") + "?q=script",
    ]
    return [
        "/",
        "/claims/",
        "/claims/?page=2",
        "/claims/?page=3",
        "/claims/?q=onerror",
        "/claims/?q=script+img",
        hub.get_absolute_url(),
        f"/claims/{hub.pk}/edit/",
        f"/claims/{hub.pk}/pair/",
        f"/claims/{hub.pk}/pair/?q=onerror",
        ledger["incident"].get_absolute_url(),
        "/incidents/hostile-1/",
        source.get_absolute_url(),
        actor.get_absolute_url(),
        ledger["hub"].speaker.get_absolute_url(),
        "/autocomplete/actor/?q=%3C",
        "/autocomplete/place/?q=%3C",
        "/autocomplete/source/?q=%3C",
        "/autocomplete/incident/?q=%3C",
        *admin_pages,
    ]


def test_no_payload_runs_on_any_page(page, live_server, console):
    ledger = build_hostile_ledger()
    make_user("boss", is_staff=True, is_superuser=True)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    shown_verbatim = set()
    for path in pages(ledger):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__xssRan") == [], path
        assert page.evaluate("window.__cspViolations") == [], path
        assert page.evaluate(MADE_BY_PAYLOAD) == [], path
        text = page.inner_text("body")
        shown_verbatim |= {payload for payload in PAYLOADS if payload.strip() in text}
    assert dialogs == []
    # Bare fragments (the autocompletes) name no icon, so Chromium asks for /favicon.ico.
    assert [error for error in console.errors if "favicon.ico" not in error] == []
    # The payloads reach the pages as the text typed, not dropped or mangled.
    assert {PAYLOADS[0], PAYLOADS[3], PAYLOADS[20], PAYLOADS[32]} <= shown_verbatim
    print(
        f"{len(PAYLOADS)} payloads x {len(pages(ledger))} pages; {len(shown_verbatim)} shown verbatim"
    )
