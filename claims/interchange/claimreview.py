"""schema.org ClaimReview for a published claim: what fact-checking tools read from the web.

The desk reviews a claim by grading its credibility on the Admiralty scale (1 confirmed …
5 improbable, 6 cannot be judged). ClaimReview wants a rating on a numeric scale where a
larger number is better, plus the rating's name: grades 1–5 become 5–1 of 1–5. Grade 6 says
the desk could not judge the claim, which is no point on that scale (3 would read "possibly
true"), so its Rating carries the name alone, as schema.org allows for a textual verdict.

The claim is the `itemReviewed` (a schema.org `Claim`): its speaker as the author, the day
it was stated, the verbatim quote as its text and the source it was found in as an
`appearance` (not `firstAppearance`: the desk records where it read a claim, which need not
be where it was first made).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from claims.models import Actor, ActorKind, Claim, ClaimStatus, Credibility, Source, SourceKind

SCHEMA_ORG = "https://schema.org"
# Numeric ratings: larger is better, as ClaimReview readers expect.
BEST_RATING, WORST_RATING = 5, 1
# An actor's kind as the schema.org type of a claim's author (and of an outlet); the kinds
# schema.org has no type for are Organizations.
AUTHOR_TYPES = {
    ActorKind.PERSON: "Person",
    ActorKind.GOVERNMENT: "GovernmentOrganization",
    ActorKind.MEDIA: "NewsMediaOrganization",
}
ORGANIZATION = "Organization"
# A source's kind as the CreativeWork type of the claim's appearance.
APPEARANCE_TYPES = {
    SourceKind.ARTICLE: "NewsArticle",
    SourceKind.SOCIAL_POST: "SocialMediaPosting",
    SourceKind.REPORT: "Report",
}
CREATIVE_WORK = "CreativeWork"
# Characters that could end the <script> element or open a comment inside it, written as
# JSON escapes (the same three Django's json_script escapes): the data reads the same.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def rating_name(grade: int) -> str:
    """A grade's name without its number: "Probably true" for 2."""
    label = Credibility(grade).label
    name = label.split("–", 1)[1].strip()
    return name[:1].upper() + name[1:]


def rating(grade: int) -> dict[str, Any]:
    """The schema.org Rating for an Admiralty credibility grade (see the module's note on 6)."""
    result: dict[str, Any] = {"@type": "Rating", "alternateName": rating_name(grade)}
    if grade != Credibility.UNKNOWN:
        result |= {
            "ratingValue": BEST_RATING + WORST_RATING - grade,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
        }
    return result


def claim_review(claim: Claim, request_or_base_url: HttpRequest | str) -> dict[str, Any]:
    """The ClaimReview JSON-LD of a published claim, its URLs absolute against the request
    (or the base URL given, e.g. "https://desk.example.org/")."""
    if claim.status != ClaimStatus.PUBLISHED:
        raise ValueError(f"Claim #{claim.pk} is not published: the desk has not reviewed it.")

    def absolute(path: str) -> str:
        if isinstance(request_or_base_url, HttpRequest):
            return request_or_base_url.build_absolute_uri(path)
        return urljoin(request_or_base_url, path)

    item: dict[str, Any] = {"@type": "Claim", "author": _actor(claim.speaker)}
    if claim.stated_on:
        item["datePublished"] = claim.stated_on.isoformat()
    if claim.quote:
        item["text"] = claim.quote
    item["appearance"] = _appearance(claim.source)
    return {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": absolute(claim.get_absolute_url()),
        "claimReviewed": claim.summary,
        "itemReviewed": item,
        "reviewRating": rating(claim.credibility),
        "author": {
            "@type": ORGANIZATION,
            "name": settings.DESK_NAME,
            "url": settings.DESK_URL or absolute(reverse("desk")),
        },
        "datePublished": claim.reviewed_at.isoformat(),
    }


def script_element(data: dict[str, Any]) -> SafeString:
    """`data` as a JSON-LD <script> element: data the browser never runs, escaped like
    Django's json_script so that no text in it can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _actor(actor: Actor) -> dict[str, Any]:
    kind = AUTHOR_TYPES.get(actor.kind, ORGANIZATION)
    result: dict[str, Any] = {"@type": kind, "name": actor.name}
    if actor.alias_list():
        result["alternateName"] = actor.alias_list()
    # schema.org gives job titles to people only.
    if kind == "Person" and actor.title:
        result["jobTitle"] = actor.title
    return result


def _appearance(source: Source) -> dict[str, Any]:
    result: dict[str, Any] = {
        "@type": APPEARANCE_TYPES.get(source.kind, CREATIVE_WORK),
        "headline": source.title,
        "inLanguage": source.language,
    }
    if source.url:
        result["url"] = source.url
    if source.archive_url:
        result["archivedAt"] = source.archive_url
    if source.published_at:
        result["datePublished"] = source.published_at.isoformat()
    if source.outlet:
        result["publisher"] = _actor(source.outlet)
    return result
