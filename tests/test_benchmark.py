"""The benchmark command, run small on the suite's engine so that it cannot rot.

Speed is not tested here (the command measures it); what is: the ledger has the shape the
issue describes, the report has the issue's shape and sane numbers, every page's query count
is the same on a ledger four times the size, and a complete ledger is reused. The databases
and files the command makes are removed again.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import override_settings

from claims.benchmark.databases import LedgerDatabase
from claims.benchmark.ledger import LedgerBuilder
from claims.lookalike import skeleton
from claims.models import Actor, Claim, ClaimKind, ClaimLink, EvidenceLink, Incident, Source
from claims.roles import ensure_roles

pytestmark = pytest.mark.benchmark

SMALL, LARGER = 500, 2_000
# Exports, annotations and feeds: the admin has nothing to compare them with.
INTERCHANGE = {
    "claim_export_filtered",
    "dossier_csv_large",
    "dossier_json_large",
    "source_annotations",
    "published_feed",
    "incident_feed_large",
    "claim_export_all",
}
PAGES = {
    "desk",
    "claim_list",
    "claim_list_filtered",
    "claim_search_common",
    "claim_search_rare",
    "claim_search_phrase",
    "claim_detail",
    "pairing",
    "dossier_large",
    "dossier_typical",
    "source_reader",
    "actor",
    *INTERCHANGE,
}
WITHOUT_ADMIN_COUNTERPART = {"source_reader", "actor", *INTERCHANGE}
# The whole ledger's export runs the same queries per chunk of rows, more chunks for a larger
# ledger (tests/test_exports.py pins the count per chunk).
GROWS_WITH_THE_LEDGER = {"claim_export_all"}
MEASURES = {"p50_ms", "p95_ms", "queries", "html_kb", "floor_p50_ms", "admin_p50_ms"}


def benchmark(claims: int, *options: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("benchmark", f"--claims={claims}", *options, stdout=out, stderr=err, verbosity=1)
    return out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[int, dict]:
    """The JSON reports of a small and a larger run, few requests each: shape, not speed."""
    folder = tmp_path_factory.mktemp("benchmark")
    quick = ["--requests=3", "--warmup=1", "--admin-requests=1"]
    found = {}
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing:
        try:
            for claims in (SMALL, LARGER):
                path = folder / f"{claims}.json"
                keep = [] if claims == SMALL else ["--drop"]
                benchmark(claims, f"--json={path}", *quick, *keep)
                found[claims] = json.loads(path.read_text())
            found["reuse"] = benchmark(SMALL, "--reuse", "--build-only")
        finally:
            LedgerDatabase(SMALL).drop()
            LedgerDatabase(LARGER).drop()
        found["left_behind"] = LedgerDatabase(SMALL).exists() or LedgerDatabase(LARGER).exists()
    return found


def test_report_has_the_issue_shape(reports):
    report = reports[LARGER]
    assert set(report) == {"backend", "claims", "build_seconds", "pages"}
    assert report["backend"] == connection.vendor
    assert report["claims"] == LARGER
    assert report["build_seconds"] > 0
    assert set(report["pages"]) == PAGES
    for name, page in report["pages"].items():
        assert set(page) == MEASURES, name


def test_report_numbers_are_sane(reports):
    for name, page in reports[LARGER]["pages"].items():
        assert 0 < page["p50_ms"] <= page["p95_ms"], name
        assert page["queries"] > 0, name
        assert page["html_kb"] > 1, name
        # The floor is the page's SQL alone, so it costs no more than the page that ran it;
        # a page that is nearly all SQL comes close, and three requests leave room for noise.
        assert 0 < page["floor_p50_ms"] < 2 * page["p50_ms"], name
        if name in WITHOUT_ADMIN_COUNTERPART:
            assert page["admin_p50_ms"] is None
        else:
            assert page["admin_p50_ms"] > 0, name


def test_query_counts_do_not_grow_with_the_ledger(reports):
    counts = {
        size: {
            n: p["queries"]
            for n, p in reports[size]["pages"].items()
            if n not in GROWS_WITH_THE_LEDGER
        }
        for size in (SMALL, LARGER)
    }
    assert counts[SMALL] == counts[LARGER]


def test_complete_ledger_is_reused_and_its_url_printed_last(reports):
    out, err = reports["reuse"]
    assert f"Ledger of {SMALL} claims reused" in err
    assert out.splitlines()[-1] == LedgerDatabase(SMALL).url
    assert "'loadtest'" in out


def test_ledgers_are_removed(reports):
    assert not reports["left_behind"]


@pytest.mark.django_db
def test_ledger_has_the_shape_of_a_desks_years():
    ensure_roles()
    targets = LedgerBuilder(1_000).build()

    assert Claim.objects.count() == EvidenceLink.objects.count() == 1_000
    assert Actor.objects.count() == 100
    assert Incident.objects.count() == 20
    assert 150 <= Source.objects.count() <= 250
    assert 400 <= ClaimLink.objects.count() <= 600
    accusations = Claim.objects.filter(kind=ClaimKind.ACCUSATION).count()
    assert 250 <= accusations <= 350
    # Every quote is a slice of its source's text: the anchor triggers let each one in.
    assert not Claim.objects.filter(quote_start=None).exists()
    sizes = Incident.objects.annotate(size=Count("claims")).order_by("-size", "id")
    assert sizes[0].slug == targets.large_incident[1]
    target = Claim.objects.get(pk=targets.claim)
    assert target.kind == ClaimKind.ACCUSATION
    assert target.source_id == targets.source
    assert target.incident_id == targets.large_incident[0]
    actor = Actor.objects.get(pk=targets.actor)
    assert actor.accusations_received.exists()
    assert actor.claims.filter(kind=ClaimKind.DENIAL).exists()


@pytest.mark.django_db
def test_ledger_actors_carry_the_look_the_app_would_give_them():
    """So that look-alike checks and name lookups see the generated actors too."""
    ensure_roles()
    LedgerBuilder(1_000).build()
    actors = Actor.objects.only("name", "name_skeleton")
    assert {actor.name_skeleton for actor in actors} == {skeleton(actor.name) for actor in actors}
    assert len(actors) == 100
