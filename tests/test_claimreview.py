"""ClaimReview: a published claim's JSON-LD (on its page and at claimreview.json), checked
against the schema.org vocabulary, and `import_claimreview` reading it back."""

import json
import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from claims.interchange.claimreview import claim_review, rating
from claims.models import (
    ActorKind,
    Claim,
    ClaimStatus,
    Credibility,
    SourceKind,
)
from tests.factories import make_actor, make_claim, make_source
from tests.schemaorg import errors

pytestmark = pytest.mark.django_db

BASE = "https://desk.example.org/"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


# The shape of schema.org's own ClaimReview example: a fact-checker's review of a politician's
# claim, first made in one article and repeated in another, on a 1 to 6 scale.
THIRD_PARTY = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "datePublished": "2014-07-23",
    "url": "https://factcheck.example.org/2014/jul/23/homicides/",
    "itemReviewed": {
        "@type": "Claim",
        "author": {
            "@type": "Person",
            "name": "Rick Perry",
            "jobTitle": "Former Governor of Texas",
            "image": "https://images.example.org/perry.jpg",
            "sameAs": ["https://en.wikipedia.org/wiki/Rick_Perry"],
        },
        "datePublished": "2014-07-17",
        "name": "Says that 3,000 homicides were committed by illegal aliens over six years.",
        "firstAppearance": {
            "@type": "CreativeWork",
            "url": "https://news.example.org/2014/07/17/perry-interview",
        },
        "appearance": [
            {"@type": "CreativeWork", "url": "https://blog.example.org/2014/07/18/perry-again"}
        ],
    },
    "claimReviewed": "More than 3,000 homicides were committed by illegal aliens over the past six years.",
    "author": {
        "@type": "Organization",
        "name": "Example Fact Check",
        "url": "https://factcheck.example.org/",
    },
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": "1",
        "bestRating": "6",
        "worstRating": "1",
        "alternateName": "False",
        "image": "https://factcheck.example.org/rulings/false.gif",
    },
}


def published(**overrides) -> Claim:
    return make_claim(status=ClaimStatus.PUBLISHED, **overrides)


def a_full_claim(credibility: int = Credibility.PROBABLE, kind: str = ActorKind.PERSON) -> Claim:
    """A published claim with everything ClaimReview can carry."""
    outlet = make_actor(name="Dawn", kind=ActorKind.MEDIA, aliases="Dawn News")
    source = make_source(
        title="Strikes in Khost",
        url="https://news.example.org/khost",
        archive_url="https://archive.example.org/khost",
        published_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        outlet=outlet,
        language="ps",
        kind=SourceKind.ARTICLE,
    )
    speaker = make_actor(
        name="Zabihullah Mujahid", kind=kind, title="Taliban spokesperson", aliases="Mujahid"
    )
    return published(
        speaker=speaker,
        source=source,
        quote="The spokesperson accused the army",
        summary="Pakistani airstrikes in Khost killed 10 civilians.",
        stated_on=date(2026, 3, 1),
        credibility=credibility,
    )


def page(client, claim: Claim) -> str:
    return client.get(reverse("claim_detail", args=[claim.pk])).content.decode()


def json_url(claim: Claim) -> str:
    return reverse("claim_claimreview", args=[claim.pk])


# What a published claim says


def test_a_published_claim_reads_as_a_claimreview_by_the_desk(settings):
    settings.DESK_NAME, settings.DESK_URL = "Frontier Desk", "https://frontier.example.org/"
    claim = a_full_claim()
    review = claim_review(claim, BASE)
    assert review == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://desk.example.org/claims/{claim.pk}/",
        "claimReviewed": "Pakistani airstrikes in Khost killed 10 civilians.",
        "itemReviewed": {
            "@type": "Claim",
            "author": {
                "@type": "Person",
                "name": "Zabihullah Mujahid",
                "alternateName": ["Mujahid"],
                "jobTitle": "Taliban spokesperson",
            },
            "datePublished": "2026-03-01",
            "text": "The spokesperson accused the army",
            "appearance": {
                "@type": "NewsArticle",
                "headline": "Strikes in Khost",
                "inLanguage": "ps",
                "url": "https://news.example.org/khost",
                "archivedAt": "https://archive.example.org/khost",
                "datePublished": "2026-03-01T09:30:00+00:00",
                "publisher": {
                    "@type": "NewsMediaOrganization",
                    "name": "Dawn",
                    "alternateName": ["Dawn News"],
                },
            },
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "Probably true",
            "ratingValue": 4,
            "bestRating": 5,
            "worstRating": 1,
        },
        "author": {
            "@type": "Organization",
            "name": "Frontier Desk",
            "url": "https://frontier.example.org/",
        },
        "datePublished": claim.reviewed_at.isoformat(),
    }


def test_without_a_desk_url_the_site_itself_is_the_desk(settings):
    settings.DESK_URL = ""
    review = claim_review(published(), BASE)
    assert review["author"] == {"@type": "Organization", "name": settings.DESK_NAME, "url": BASE}


@pytest.mark.parametrize(
    ("grade", "value", "name"),
    [
        (1, 5, "Confirmed by other sources"),
        (2, 4, "Probably true"),
        (3, 3, "Possibly true"),
        (4, 2, "Doubtful"),
        (5, 1, "Improbable"),
    ],
)
def test_credibility_grades_map_to_a_rating_where_confirmed_is_best(grade, value, name):
    assert rating(grade) == {
        "@type": "Rating",
        "alternateName": name,
        "ratingValue": value,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_a_claim_that_cannot_be_judged_is_rated_by_name_alone_off_the_scale():
    assert rating(Credibility.UNKNOWN) == {
        "@type": "Rating",
        "alternateName": "Truth cannot be judged",
    }


def test_an_organisation_speaks_without_a_job_title():
    speaker = make_actor(kind=ActorKind.ARMED_GROUP, title="Militant group")
    author = claim_review(published(speaker=speaker), BASE)["itemReviewed"]["author"]
    assert author == {"@type": "Organization", "name": speaker.name}


@pytest.mark.parametrize("status", [ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW])
def test_only_a_published_claim_has_a_claimreview(status):
    with pytest.raises(ValueError, match="not published"):
        claim_review(make_claim(status=status), BASE)


# Against the schema.org vocabulary


@pytest.mark.parametrize("grade", Credibility.values)
@pytest.mark.parametrize("kind", ActorKind.values)
def test_every_claimreview_is_valid_schema_org(grade, kind):
    assert errors(claim_review(a_full_claim(grade, kind), BASE)) == []


@pytest.mark.parametrize("kind", SourceKind.values)
def test_every_kind_of_source_appears_as_a_schema_org_creative_work(kind):
    claim = published(source=make_source(kind=kind, url="https://example.org/a"))
    assert errors(claim_review(claim, BASE)) == []


def test_the_vocabulary_check_passes_schema_orgs_own_example_shape():
    assert errors(THIRD_PARTY) == []


def test_the_vocabulary_check_catches_a_misspelt_property():
    review = claim_review(a_full_claim(), BASE)
    review["claimReviwed"] = review.pop("claimReviewed")
    assert errors(review) == ["ClaimReview.claimReviwed: no such schema.org property"]


def test_the_vocabulary_check_catches_a_property_on_the_wrong_type():
    review = claim_review(a_full_claim(), BASE)
    review["author"]["jobTitle"] = "Fact-checkers"
    review["itemReviewed"]["ratingValue"] = 3
    assert sorted(errors(review)) == [
        "ClaimReview.author.jobTitle: the property is for ['Person'], not ['Organization']",
        "ClaimReview.itemReviewed.ratingValue: the property is for ['Rating'], not ['Claim']",
    ]


def test_the_vocabulary_check_catches_values_outside_the_range_and_unknown_types():
    review = claim_review(a_full_claim(), BASE)
    review["itemReviewed"]["author"] = "Zabihullah Mujahid"
    review["reviewRating"]["@type"] = "Ratting"
    review["datePublished"] = "yesterday"
    assert sorted(errors(review)) == [
        "ClaimReview.datePublished: 'yesterday' is none of ['Date', 'DateTime']",
        "ClaimReview.itemReviewed.author: 'Zabihullah Mujahid' is none of ['Organization', 'Person']",
        "ClaimReview.reviewRating: ['Ratting'] @type is no schema.org class",
    ]


# On the claim's page


def test_a_published_claims_page_embeds_its_claimreview_under_the_same_strict_csp(viewer_client):
    claim = a_full_claim()
    response = viewer_client.get(reverse("claim_detail", args=[claim.pk]))
    # Data needs no exception in the policy: scripts still run only from files with the nonce.
    policy = response["Content-Security-Policy"]
    assert re.search(r"script-src 'self' 'nonce-[^']+'(;|$)", policy)
    assert "unsafe-inline" not in policy
    [embedded] = SCRIPT.findall(response.content.decode())
    assert json.loads(embedded) == claim_review(claim, "http://testserver/")


@pytest.mark.parametrize("status", [ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW])
def test_a_claim_the_desk_has_not_published_embeds_nothing(viewer_client, status):
    assert "application/ld+json" not in page(viewer_client, make_claim(status=status))


def test_a_summary_cannot_break_out_of_the_embedded_json(viewer_client):
    summary = "</script><script>alert(1)</script><!-- & </SCRIPT>"
    speaker = make_actor(name="<b>Mujahid</b> & co")
    html = page(viewer_client, published(summary=summary, speaker=speaker))
    [embedded] = SCRIPT.findall(html)
    assert not {"<", ">", "&"} & set(embedded)
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in embedded
    review = json.loads(embedded)
    assert review["claimReviewed"] == summary
    assert review["itemReviewed"]["author"]["name"] == "<b>Mujahid</b> & co"
    assert "<script>alert(1)" not in html


# At claimreview.json


def test_claimreview_json_is_served_without_sign_in(client, django_assert_num_queries):
    claim = a_full_claim()
    with django_assert_num_queries(1):
        response = client.get(json_url(claim))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response.json() == claim_review(claim, "http://testserver/")


@pytest.mark.parametrize("status", [ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW])
def test_claimreview_json_is_404_for_a_claim_not_published(client, viewer_client, status):
    claim = make_claim(status=status)
    assert client.get(json_url(claim)).status_code == 404
    assert viewer_client.get(json_url(claim)).status_code == 404


def test_claimreview_json_answers_only_reads(client):
    claim = published()
    assert client.post(json_url(claim)).status_code == 405
    assert client.head(json_url(claim)).status_code == 200
