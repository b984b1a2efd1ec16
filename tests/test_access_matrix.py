"""Every URL × every role × GET and POST: the status each cell answers, and no write where none
is allowed.

The URLs are discovered from the URL resolver, so a URL added anywhere in the app shows up
here; one with no row in EXPECTED fails loudly until its expectations are written down. Of the
admin's hundreds of URLs, a representative few are tried (ADMIN_URLS).

Each cell reads "GET POST". A POST status with `*` is a cell that may write; every other cell
must leave the row count of every model (discovered from the app registry) as it was. Every
POST is empty: a write view must refuse it without writing, unless writing needs no input
(undo, delete, restore, revert, sign out). Each cell runs on its own copy of the same ledger
(a savepoint rolled back after it).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from claims.history import removal
from claims.intake.models import Intake
from claims.models import Claim, ClaimLink, EvidenceLink
from tests.factories import (
    extract_one,
    make_claim,
    make_evidence,
    make_incident,
    make_intake,
    make_link,
    make_user,
)

ROLES = ("anonymous", "no role", "viewer", "editor", "reviewer", "admin")

# The admin's own URLs tried here; the rest of the admin is Django's and stays out of the table.
ADMIN_URLS = (
    "admin:index",
    "admin:login",
    "admin:claims_claim_changelist",
    "admin:claims_claim_add",
    "admin:claims_claim_change",
    "admin:claims_claim_delete",
    "admin:claims_claim_history",
    "admin:auth_user_changelist",
    "admin:axes_accessattempt_changelist",
)

# url name: (what fills its parameters (SAMPLES), then "GET POST" for each of ROLES)
# fmt: off
EXPECTED: dict[str, tuple[str, str, str, str, str, str, str]] = {
    #                                    sample          anonymous  no role    viewer     editor     reviewer   admin
    "actor_detail":                         ("actor",        "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "autocomplete":                         ("autocomplete", "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    # What the desk has published is public (claims.views.claimreview); a draft is a 404.
    "claim_claimreview":                    ("published",    "200 405",  "200 405",  "200 405",  "200 405",  "200 405",  "200 405"),
    "claim_create":                         ("",             "302 302",  "403 403",  "403 403",  "200 200",  "200 200",  "200 200"),
    "claim_delete":                         ("claim",        "302 302",  "403 403",  "403 403",  "403 403",  "200 302*", "200 302*"),
    "claim_detail":                         ("claim",        "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "claim_edit":                           ("claim",        "302 302",  "403 403",  "403 403",  "200 200",  "200 200",  "200 200"),
    "claim_history":                        ("claim",        "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "claim_list":                           ("",             "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "claim_pair":                           ("claim",        "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "claim_review":                         ("review",       "302 302",  "403 403",  "403 403",  "405 302*", "405 302*", "405 302*"),
    "claim_revert":                         ("version",      "302 302",  "403 403",  "403 403",  "405 302*", "405 302*", "405 302*"),
    "desk":                                 ("",             "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "evidence_add":                         ("claim",        "302 302",  "403 403",  "403 403",  "405 200",  "405 200",  "405 200"),
    "evidence_delete":                      ("evidence",     "302 302",  "403 403",  "403 403",  "405 302*", "405 302*", "405 302*"),
    "healthz":                              ("",             "200 405",  "200 405",  "200 405",  "200 405",  "200 405",  "200 405"),
    "incident_detail":                      ("incident",     "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "intake_accept":                        ("intake",       "302 302",  "403 403",  "403 403",  "405 200",  "405 200",  "405 200"),
    "intake_detail":                        ("intake",       "302 302",  "403 403",  "403 403",  "200 405",  "200 405",  "200 405"),
    "intake_new":                           ("",             "302 302",  "403 403",  "403 403",  "200 200",  "200 200",  "200 200"),
    "actor_create":                           ("",             "302 302",  "403 403",  "403 403",  "200 200",  "200 200",  "200 200"),
    "incident_create":                           ("",             "302 302",  "403 403",  "403 403",  "200 200",  "200 200",  "200 200"),
    "place_create":                           ("",             "302 302",  "403 403",  "403 403",  "200 200",  "200 200",  "200 200"),
    "intake_start":                         ("source",       "302 302",  "403 403",  "403 403",  "200 302*", "200 302*", "200 302*"),
    "link_create":                          ("claim",        "302 302",  "403 403",  "403 403",  "405 200",  "405 200",  "405 200"),
    "link_undo":                            ("link",         "302 302",  "403 403",  "403 403",  "405 302*", "405 302*", "405 302*"),
    "removal_restore":                      ("removal",      "302 302",  "403 403",  "405 403",  "405 302*", "405 302*", "405 302*"),
    "removed_list":                         ("",             "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "response_create":                      ("claim",        "302 302",  "403 403",  "403 403",  "405 200",  "405 200",  "405 200"),
    "source_detail":                        ("source",       "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "claim_annotation":                     ("claim",        "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "claim_export":                         ("",             "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "dossier_csv":                          ("incident",     "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "dossier_json":                         ("incident",     "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "incident_feed":                        ("incident",     "200 405",  "200 405",  "200 405",  "200 405",  "200 405",  "200 405"),
    "published_feed":                       ("",             "200 405",  "200 405",  "200 405",  "200 405",  "200 405",  "200 405"),
    "source_annotations":                   ("source",       "302 302",  "403 403",  "200 405",  "200 405",  "200 405",  "200 405"),
    "login":                                ("",             "200 200",  "200 200",  "200 200",  "200 200",  "200 200",  "200 200"),
    "logout":                               ("",             "302 302",  "405 302*",  "405 302*", "405 302*", "405 302*", "405 302*"),
    "password_change":                      ("",             "302 302",  "200 200",  "200 200",  "200 200",  "200 200",  "200 200"),
    "password_change_done":                 ("",             "302 302",  "200 405",  "200 405",  "200 405",  "200 405",  "200 405"),
    "password_reset":                       ("",             "200 200",  "200 200",  "200 200",  "200 200",  "200 200",  "200 200"),
    "password_reset_complete":              ("",             "200 405",  "200 405",  "200 405",  "200 405",  "200 405",  "200 405"),
    "password_reset_confirm":               ("reset token",  "200 200",  "200 200",  "200 200",  "200 200",  "200 200",  "200 200"),
    "password_reset_done":                  ("",             "200 405",  "200 405",  "200 405",  "200 405",  "200 405",  "200 405"),
    # The admin is open to every role (claims.admin_site); each model's permissions decide.
    # An account with no role sees the page saying so, there as everywhere.
    "admin:auth_user_changelist":           ("",             "302 302",  "403 403",  "403 403",  "403 403",  "403 403",  "200 200"),
    "admin:axes_accessattempt_changelist":  ("",             "302 302",  "403 403",  "403 403",  "403 403",  "403 403",  "200 200"),
    "admin:claims_claim_add":               ("",             "302 302",  "403 403",  "403 403",  "200 200",  "200 200",  "200 200"),
    "admin:claims_claim_change":            ("admin object", "302 302",  "403 403",  "200 403",  "200 200",  "200 200",  "200 200"),
    "admin:claims_claim_changelist":        ("",             "302 302",  "403 403",  "200 200",  "200 200",  "200 200",  "200 200"),
    "admin:claims_claim_delete":            ("admin object", "302 302",  "403 403",  "403 403",  "403 403",  "200 200",  "200 200"),
    "admin:claims_claim_history":           ("admin object", "302 302",  "403 403",  "200 200",  "200 200",  "200 200",  "200 200"),
    "admin:index":                          ("",             "302 302",  "403 403",  "200 200",  "200 200",  "200 200",  "200 200"),
    "admin:login":                          ("",             "200 200",  "200 200",  "302 200",  "302 200",  "302 200",  "302 200"),
}
# fmt: on


@dataclass
class Ledger:
    """One of each thing a URL can name, recorded by someone who is none of the roles."""

    claim: Claim
    published: Claim
    evidence: EvidenceLink
    link: ClaimLink
    removal: removal.Removal
    intake: Intake


SAMPLES: dict[str, Callable[[Ledger], dict]] = {
    "": lambda ledger: {},
    "claim": lambda ledger: {"pk": ledger.claim.pk},
    "published": lambda ledger: {"pk": ledger.published.pk},
    "version": lambda ledger: {
        "pk": ledger.claim.pk,
        "version": ledger.claim.history.earliest().history_id,
    },
    "review": lambda ledger: {"pk": ledger.claim.pk, "action": "submit"},
    "evidence": lambda ledger: {"pk": ledger.evidence.pk},
    "link": lambda ledger: {"pk": ledger.link.pk},
    "removal": lambda ledger: {"pk": ledger.removal.pk},
    "incident": lambda ledger: {"slug": ledger.claim.incident.slug},
    "source": lambda ledger: {"pk": ledger.claim.source_id},
    "actor": lambda ledger: {"pk": ledger.claim.speaker_id},
    "autocomplete": lambda ledger: {"kind": "actor"},
    "intake": lambda ledger: {"pk": ledger.intake.pk},
    "admin object": lambda ledger: {"object_id": ledger.claim.pk},
    "reset token": lambda ledger: {"uidb64": "MQ", "token": "set-password"},
}


def discovered_url_names() -> list[str]:
    """The name of every URL the app answers, outside the admin, plus ADMIN_URLS."""

    def walk(patterns: list, namespace: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                    yield from walk(pattern.url_patterns, inner)
            else:
                assert isinstance(pattern, URLPattern)
                assert pattern.name, f"URL {pattern.pattern} has no name: the table needs one"
                yield f"{namespace}{pattern.name}"

    return sorted({*walk(get_resolver().url_patterns, ""), *ADMIN_URLS})


@pytest.fixture
def ledger(db) -> Ledger:
    author = make_user("author", groups=("reviewer",))
    # Anchored, so that its quote has a Web Annotation.
    claim = make_claim(
        created_by=author, incident=make_incident(), quote="accused the army of airstrikes"
    )
    other = make_claim(created_by=author)
    evidence = make_evidence(claim, added_by=author)
    gone = make_evidence(claim, added_by=author)
    return Ledger(
        claim=claim,
        published=make_claim(created_by=author, status="published"),
        evidence=evidence,
        link=make_link(other, claim, created_by=author),
        removal=removal.remove(gone, author, "Removed evidence"),
        intake=make_intake(claim.source, [extract_one(claim.source.text)]),
    )


@pytest.fixture
def sessions(db) -> dict[str, str]:
    """Each role's session cookie; each request starts from it afresh, so that signing out
    in one cell leaves the next signed in."""
    users = {role: make_user(role, groups=(role,)) for role in ("viewer", "editor", "reviewer")}
    users["no role"] = make_user("nobody")
    users["admin"] = make_user("admin", is_staff=True, is_superuser=True)
    sessions = {"anonymous": ""}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def row_counts() -> list[tuple[str, int]]:
    """How many rows each table of every installed model holds, in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM {quote(table)}" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return sorted(cursor.fetchall())


def answer(session: str, method: str, url: str) -> str:
    """The status one request gets, with `*` if it changed any model's row count."""
    client = Client()
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    with transaction.atomic():
        before = row_counts()
        response = client.get(url) if method == "GET" else client.post(url, {})
        wrote = row_counts() != before
        transaction.set_rollback(True)
    return f"{response.status_code}{'*' if wrote else ''}"


def test_every_url_has_a_row_and_every_row_a_url():
    discovered = set(discovered_url_names())
    assert not discovered - EXPECTED.keys(), "URLs with no row in EXPECTED: add one for each"
    assert not EXPECTED.keys() - discovered, "rows in EXPECTED for URLs that no longer exist"


@pytest.mark.parametrize("name", discovered_url_names())
def test_each_role_gets_what_the_table_says(name, ledger, sessions):
    assert name in EXPECTED, f"No row for URL {name!r} in EXPECTED: say what each role gets"
    sample, *cells = EXPECTED[name]
    url = reverse(name, kwargs=SAMPLES[sample](ledger))
    actual = []
    for role, expected in zip(ROLES, cells, strict=True):
        get = answer(sessions[role], "GET", url)
        post = answer(sessions[role], "POST", url)
        # A cell that may write passes whether or not this empty POST happened to.
        if expected.endswith("*") and post == expected.split()[1].rstrip("*"):
            post += "*"
        actual.append(f"{get} {post}")
    assert tuple(actual) == tuple(cells), f"{name} at {url}: {actual}"
