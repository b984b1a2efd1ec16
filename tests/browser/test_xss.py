"""Hostile text in every field an editor types into, on every page that shows it: it stays text.

Each payload of tests/xss_payloads.txt, if it ever ran, would call `window.__xss()` (or open a
dialog, or break the strict CSP). The pages are opened in Chromium with those three watched,
and each document is searched for an element the payloads would have made. The payloads
reach the ledger both as saved rows (every text field) and typed into the app's own forms
(recording a claim, adding evidence, recording a response); and every URL field refuses
each payload that is not an http(s) address.
"""

from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.models import (
    Actor,
    Claim,
    ClaimKind,
    ClaimLink,
    ClaimStatus,
    EvidenceLink,
    Incident,
    Place,
    Source,
)
from tests.factories import make_actor, make_claim, make_user

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
  ...[...document.scripts].filter((s) => !s.src && s.type !== "application/ld+json")
     .map(() => "inline <script>"),
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
        if i == 0:
            # Published, so that its page embeds its ClaimReview JSON-LD, payloads and all.
            claim.status = ClaimStatus.PUBLISHED
            claim.submitted_at = claim.reviewed_at = timezone.now()
            claim.reviewed_by = make_user("hostile-reviewer")
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


def signed_in_and_watched(page, live_server) -> list[str]:
    """A superuser's Chromium with the payloads' calls watched; the dialogs it opens."""
    make_user("boss", is_staff=True, is_superuser=True)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    return dialogs


def shown_inert(page, live_server, paths: list[str], payloads: list[str]) -> set[str]:
    """Open each page, check no payload ran; the payloads shown as their text."""
    shown_verbatim = set()
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__xssRan") == [], path
        assert page.evaluate("window.__cspViolations") == [], path
        assert page.evaluate(MADE_BY_PAYLOAD) == [], path
        text = page.inner_text("body")
        shown_verbatim |= {payload for payload in payloads if payload.strip() in text}
    return shown_verbatim


def test_no_payload_runs_on_any_page(page, live_server, console):
    ledger = build_hostile_ledger()
    dialogs = signed_in_and_watched(page, live_server)
    shown_verbatim = shown_inert(page, live_server, pages(ledger), PAYLOADS)
    assert dialogs == []
    # Bare fragments (the autocompletes) name no icon, so Chromium asks for /favicon.ico.
    assert [error for error in console.errors if "favicon.ico" not in error] == []
    # The payloads reach the pages as the text typed, not dropped or mangled.
    assert {PAYLOADS[0], PAYLOADS[3], PAYLOADS[20], PAYLOADS[32]} <= shown_verbatim
    print(
        f"{len(PAYLOADS)} payloads x {len(pages(ledger))} pages; {len(shown_verbatim)} shown verbatim"
    )


# Typed into the app's own forms -------------------------------------------------------------

# A handful: a script tag, handlers in and out of attributes, a javascript: link, htmx.
TYPED = [PAYLOADS[index] for index in (0, 2, 3, 20, 32, 51)]


def post_through_the_forms(client: Client) -> tuple[Claim, list[Claim]]:
    """Each typed payload as a new claim, as evidence on a target claim and as a response to it."""
    text = "Plain words.\n" + "\n".join(TYPED)
    source = Source.objects.create(title="Typed in", text=text)
    target = make_claim(source=source, quote="Plain words.")
    recorded = []
    for i, payload in enumerate(TYPED):
        claim = {"source": source.pk, "quote": payload, "summary": payload, "stated_on": ""}
        created = client.post(
            reverse("claim_create"),
            {**claim, "speaker": make_actor(name=f"Typist {i}").pk, "kind": "accusation"},
        )
        assert created.status_code == 302, created.content[-2000:]
        evidence = client.post(
            reverse("evidence_add", args=[target.pk]),
            {
                "url": f"https://example.org/typed{i}?q={quote(payload)}",
                "stance": "supports",
                "kind": "document",
                "excerpt": payload,
                "note": payload,
            },
        )
        assert evidence.status_code == 302, evidence.content[-2000:]
        response = client.post(
            reverse("response_create", args=[target.pk]),
            {
                **claim,
                "speaker": make_actor(name=f"Responder {i}").pk,
                "kind": "denial",
                "relation": "denies",
                "facets": ["occurrence"],
                "note": payload,
            },
        )
        assert response.status_code == 302, response.content[-2000:]
        recorded.append(Claim.objects.get(speaker__name=f"Typist {i}"))
    assert target.evidence.count() == len(TYPED)
    assert ClaimLink.objects.filter(to_claim=target).count() == len(TYPED)
    return target, recorded


def test_payloads_typed_into_the_forms_stay_text(page, live_server, console):
    dialogs = signed_in_and_watched(page, live_server)
    client = Client()
    client.force_login(make_user("typist", is_staff=True, is_superuser=True))
    target, recorded = post_through_the_forms(client)
    paths = [
        target.get_absolute_url(),
        reverse("claim_pair", args=[target.pk]),
        reverse("claim_list"),
        reverse("claim_history", args=[target.pk]),
        *(claim.get_absolute_url() for claim in recorded),
    ]
    shown_verbatim = shown_inert(page, live_server, paths, TYPED)
    assert dialogs == []
    assert [error for error in console.errors if "favicon.ico" not in error] == []
    assert shown_verbatim == set(TYPED)


# URL fields --------------------------------------------------------------------------------

NOT_WEB = [p for p in PAYLOADS if urlsplit(p.strip()).scheme.lower() not in ("http", "https")]


def test_url_fields_refuse_every_payload_that_is_no_web_address():
    client = Client()
    client.force_login(make_user("linker", is_staff=True, is_superuser=True))
    claim = make_claim()
    assert len(NOT_WEB) == len(PAYLOADS)  # none of the corpus is an http(s) address
    for payload in NOT_WEB:
        for record, name in (
            (Source(title="S", text="T", url=payload), "url"),
            (Source(title="S", text="T", archive_url=payload), "archive_url"),
            (EvidenceLink(claim=claim, url=payload), "url"),
            (EvidenceLink(claim=claim, archived_url=payload), "archived_url"),
        ):
            with pytest.raises(ValidationError) as refused:
                record.full_clean()
            assert name in refused.value.message_dict, (payload, name)
        answer = client.post(
            reverse("evidence_add", args=[claim.pk]), {"url": payload, "note": "n"}
        )
        assert answer.status_code == 200, payload
        assert answer.context["evidence_form"].has_error("url"), payload
    assert not EvidenceLink.objects.exists()
