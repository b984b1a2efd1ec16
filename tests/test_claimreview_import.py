"""`import_claimreview`: ClaimReview JSON-LD in as draft claims, whole or not at all, once."""

import json
from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from claims.history.records import ledger_models
from claims.interchange.claimreview import APPEARANCE_TYPES, AUTHOR_TYPES
from claims.models import (
    Actor,
    ActorKind,
    Claim,
    ClaimKind,
    ClaimStatus,
    Credibility,
    EvidenceLink,
    Source,
    SourceKind,
    Stance,
)
from tests.factories import make_actor, make_claim, make_source
from tests.test_claimreview import THIRD_PARTY, a_full_claim

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, document, name: str = "reviews.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def run(path: Path) -> str:
    out = StringIO()
    call_command("import_claimreview", str(path), stdout=out)
    return out.getvalue()


def ledger_rows() -> dict[str, int]:
    """Rows of every ledger model, and of their histories."""
    counts = {}
    for model in ledger_models():
        counts[model.__name__] = model.objects.count()
        counts[f"{model.__name__} versions"] = model.history.count()
    return counts


def review(**overrides) -> dict:
    return {**json.loads(json.dumps(THIRD_PARTY)), **overrides}


def test_a_third_party_claimreview_becomes_a_draft_claim_with_the_verdict_as_evidence(tmp_path):
    output = run(write(tmp_path, THIRD_PARTY))
    assert "1 ClaimReview(s) read: 1 draft claim(s), 1 new source(s), 1 new actor(s)" in output
    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.DRAFT
    assert claim.kind == ClaimKind.ASSERTION
    assert claim.credibility == Credibility.UNKNOWN
    assert claim.summary == THIRD_PARTY["claimReviewed"]
    assert claim.quote == ""
    assert claim.stated_on == date(2014, 7, 17)
    assert (claim.speaker.name, claim.speaker.kind, claim.speaker.title) == (
        "Rick Perry",
        ActorKind.PERSON,
        "Former Governor of Texas",
    )
    # The first appearance is where the claim was made.
    assert claim.source.url == "https://news.example.org/2014/07/17/perry-interview"
    assert claim.source.title == claim.source.url
    assert claim.source.kind == SourceKind.OTHER
    [verdict] = claim.evidence.all()
    assert verdict.url == THIRD_PARTY["url"]
    assert verdict.stance == Stance.REFUTES
    assert verdict.note == "Example Fact Check rated it “False” (1 on a scale from 1 to 6)."


def test_importing_the_same_file_again_writes_nothing(tmp_path):
    path = write(tmp_path, [THIRD_PARTY, review(claimReviewed="A second claim on the same page.")])
    run(path)
    assert Claim.objects.count() == 2
    before = ledger_rows()
    assert "0 draft claim(s), 0 new source(s), 0 new actor(s); 2 already on record" in run(path)
    assert ledger_rows() == before


def test_the_import_records_history_with_no_user_and_the_command_as_reason(tmp_path):
    run(write(tmp_path, THIRD_PARTY))
    for model in (Claim, Source, Actor, EvidenceLink):
        [version] = model.history.all()
        assert version.history_user is None
        assert version.history_change_reason == "import_claimreview"


def test_speakers_and_outlets_are_matched_by_name_or_alias_and_sources_by_url(tmp_path):
    perry = make_actor(name="Governor Perry", aliases="Rick Perry\nJ. R. Perry")
    source = make_source(
        url="https://news.example.org/2014/07/17/perry-interview",
        text="He said: 3,000 homicides by illegal aliens. Then he left.",
    )
    document = review()
    document["itemReviewed"]["text"] = "3,000 homicides by illegal aliens"
    run(write(tmp_path, document))
    claim = Claim.objects.get()
    assert (claim.speaker, claim.source) == (perry, source)
    # The source holds its text, so the quote is anchored in it.
    assert claim.source.text[claim.quote_start : claim.quote_end] == claim.quote
    assert (Actor.objects.count(), Source.objects.count()) == (1, 1)


def test_a_graph_with_nodes_referenced_by_id(tmp_path):
    document = {
        "@context": "https://schema.org",
        "@graph": [
            {"@id": "#desk", "@type": "Organization", "name": "Border Desk"},
            {"@id": "#speaker", "@type": "GovernmentOrganization", "name": "Ministry of Defence"},
            {
                "@type": "schema:ClaimReview",
                "url": "https://border.example.org/checks/1",
                "claimReviewed": "No strikes took place.",
                "author": {"@id": "#desk"},
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@id": "#speaker"},
                    "appearance": {
                        "@type": "NewsArticle",
                        "url": "https://news.example.org/mod",
                        "headline": "Ministry denies strikes",
                        "datePublished": "2026-03-02T08:00:00Z",
                        "publisher": {"@type": "NewsMediaOrganization", "name": "Daily Wire Desk"},
                    },
                },
                "reviewRating": {"@type": "Rating", "alternateName": "Unproven"},
            },
        ],
    }
    run(write(tmp_path, document))
    claim = Claim.objects.get()
    assert (claim.speaker.name, claim.speaker.kind) == ("Ministry of Defence", ActorKind.GOVERNMENT)
    assert claim.source.title == "Ministry denies strikes"
    assert claim.source.kind == SourceKind.ARTICLE
    assert claim.source.published_at == datetime(2026, 3, 2, 8, tzinfo=UTC)
    assert (claim.source.outlet.name, claim.source.outlet.kind) == (
        "Daily Wire Desk",
        ActorKind.MEDIA,
    )
    [verdict] = claim.evidence.all()
    assert (verdict.stance, verdict.note) == (Stance.CONTEXT, "Border Desk rated it “Unproven”.")


def test_without_an_appearance_the_review_page_is_the_source(tmp_path):
    document = review(name="Perry's homicide claim")
    del document["itemReviewed"]["firstAppearance"], document["itemReviewed"]["appearance"]
    run(write(tmp_path, document))
    source = Claim.objects.get().source
    assert (source.url, source.title, source.kind) == (
        THIRD_PARTY["url"],
        "Perry's homicide claim",
        SourceKind.REPORT,
    )


def test_a_claimreviewed_too_long_for_a_summary_is_kept_whole_as_the_quote(tmp_path):
    long_claim = "Officials said " + "the strikes hit civilian homes " * 12 + "in Khost."
    run(write(tmp_path, review(claimReviewed=long_claim)))
    claim = Claim.objects.get()
    assert claim.quote == long_claim
    assert len(claim.summary) <= 300
    assert claim.summary.endswith("…")
    assert long_claim.startswith(claim.summary.removesuffix("…"))


def test_a_claimreviewed_too_long_beside_a_quote_of_its_own_is_refused(tmp_path):
    document = review(claimReviewed="x " * 200)
    document["itemReviewed"]["text"] = "A quote of its own"
    with pytest.raises(CommandError, match="over the 300 a summary holds"):
        run(write(tmp_path, document))
    assert not Claim.objects.exists()


# Refused whole


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "is not JSON"),
        ("42", "Expected JSON objects, found int"),
        ('{"@type": "Article"}', "No ClaimReview found"),
        ("[]", "No ClaimReview found"),
        (review(url="javascript:alert(1)"), "its url must be an http or https address"),
        (review(url=None), "it has no url"),
        (review(claimReviewed=None, itemReviewed={"author": "Someone"}), "it has no claimReviewed"),
        (review(itemReviewed={"@type": "Claim"}), "names no author"),
        (review(claimReviewed=["a", "list"]), "claimReviewed must be text, not an array"),
        (
            review(itemReviewed={**THIRD_PARTY["itemReviewed"], "datePublished": "last week"}),
            "must be a date like 2026-03-01, not 'last week'",
        ),
        (
            review(itemReviewed={**THIRD_PARTY["itemReviewed"], "firstAppearance": 7}),
            "its appearance must be an object or a URL, not a number",
        ),
        (
            review(
                itemReviewed={**THIRD_PARTY["itemReviewed"], "firstAppearance": "ftp://x.org/a"}
            ),
            "the appearance's url must be an http or https address",
        ),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(tmp_path, document, message):
    with pytest.raises(CommandError, match=f"Nothing was imported.*{message}"):
        run(write(tmp_path, document))
    assert (Claim.objects.count(), Actor.objects.count()) == (0, 0)


def test_a_bad_review_after_good_ones_leaves_nothing_half_written(tmp_path):
    document = [
        THIRD_PARTY,
        review(url="https://factcheck.example.org/2"),
        review(url="mailto:x@y"),
    ]
    with pytest.raises(CommandError, match="ClaimReview mailto:x@y"):
        run(write(tmp_path, document))
    assert all(count == 0 for count in ledger_rows().values())


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "absent.json")


# Round trip


def carried(kind: str, types: dict, general: str) -> str:
    """An actor's or source's kind as ClaimReview carries it: schema.org has a type for some
    kinds only, and the others come back as the general one."""
    return kind if kind in types else general


def description(claim: Claim) -> dict:
    """What a ClaimReview carries of a claim, as the import should give it back."""
    source, speaker, outlet = claim.source, claim.speaker, claim.source.outlet
    return {
        "summary": claim.summary,
        "quote": claim.quote,
        "stated_on": claim.stated_on,
        "speaker": (
            speaker.name,
            carried(speaker.kind, AUTHOR_TYPES, ActorKind.ORGANIZATION),
            speaker.title,
            speaker.aliases,
        ),
        "source": (
            source.title,
            source.url,
            source.archive_url,
            carried(source.kind, APPEARANCE_TYPES, SourceKind.OTHER),
            source.published_at,
            source.language,
            outlet and (outlet.name, carried(outlet.kind, AUTHOR_TYPES, ActorKind.ORGANIZATION)),
        ),
    }


def test_published_claims_exported_and_imported_into_an_empty_ledger_are_the_same_claims(tmp_path):
    # A host the URL validator accepts (it refuses the test client's "testserver").
    anonymous = Client(SERVER_NAME="localhost")
    with transaction.atomic():
        full = a_full_claim(Credibility.CONFIRMED)
        statement = make_source(title="ISPR statement", kind=SourceKind.OFFICIAL_STATEMENT)
        on_record = [
            full,
            make_claim(
                status=ClaimStatus.PUBLISHED,
                speaker=full.speaker,
                source=full.source,
                stated_on=date(2026, 3, 2),
                credibility=Credibility.DOUBTFUL,
            ),
            make_claim(
                status=ClaimStatus.PUBLISHED,
                speaker=make_actor(name="ISPR", kind=ActorKind.MILITARY),
                source=statement,
                credibility=Credibility.UNKNOWN,
            ),
        ]
        make_claim(status=ClaimStatus.DRAFT, source=full.source)
        exported = [
            anonymous.get(reverse("claim_claimreview", args=[claim.pk])).json()
            for claim in on_record
        ]
        expected = [description(claim) for claim in on_record]
        transaction.set_rollback(True)
    assert (Claim.objects.count(), Actor.objects.count()) == (0, 0)

    path = write(tmp_path, {"@context": "https://schema.org", "@graph": exported})
    run(path)
    imported = sorted(Claim.objects.all(), key=lambda claim: claim.summary)
    assert [description(claim) for claim in imported] == sorted(
        expected, key=lambda claim: claim["summary"]
    )
    assert all(claim.status == ClaimStatus.DRAFT for claim in imported)
    # The desk's grades come back as its verdicts on record, not as this desk's grades.
    verdicts = {claim.summary: claim.evidence.get() for claim in imported}
    assert [
        (verdicts[e["claimReviewed"]].url, verdicts[e["claimReviewed"]].stance) for e in exported
    ] == [
        (exported[0]["url"], Stance.SUPPORTS),
        (exported[1]["url"], Stance.REFUTES),
        (exported[2]["url"], Stance.CONTEXT),
    ]
    assert (Actor.objects.count(), Source.objects.count()) == (3, 2)
    before = ledger_rows()
    run(path)
    assert ledger_rows() == before


def test_an_imported_claim_with_an_unanchored_quote_is_edited_on_its_page(tmp_path, editor_client):
    document = review()
    document["itemReviewed"]["text"] = "3,000 homicides by illegal aliens"
    run(write(tmp_path, document))
    claim = Claim.objects.get()
    assert not claim.is_anchored
    response = editor_client.post(
        reverse("claim_edit", args=[claim.pk]),
        {"summary": "Edited", "kind": "accusation", "credibility": 6, "version": claim.version},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.summary, claim.kind, claim.quote) == (
        "Edited",
        "accusation",
        document["itemReviewed"]["text"],
    )
