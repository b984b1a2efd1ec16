"""Reading ClaimReview JSON-LD from other desks (or this one) into the ledger as drafts.

Each review becomes a draft claim: its summary is the `claimReviewed`, its quote the
reviewed Claim's `text`, its speaker the Claim's author (an existing actor when the name or
one of its aliases matches, else a new one) and its source the Claim's first appearance (or
its appearance, or failing both the review's own page), found by URL before one is made. The
reviewing organisation's verdict is not this desk's grade: it is kept as evidence on the
claim, a link to the review with a stance read from the rating, and the claim stays graded
"cannot be judged" until the desk reviews it itself. ClaimReview says nothing of the kind of
statement, so every claim comes in as an assertion for an editor to correct.

The review's URL, on the evidence, is what makes a second import of the same file write
nothing: a claim that has that evidence and the same summary is the review already on
record (one fact-check page may review several claims, so the URL alone would not do).
A file is imported whole or not at all. Fields are validated here; the constraints are left
to the database, which holds them all (Django would check each with a query of its own, which
made an import of a thousand reviews five times slower).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_date, parse_datetime

from claims.fields import WEB_SCHEMES
from claims.history.records import recorded_as
from claims.interchange.claimreview import AUTHOR_TYPES, BEST_RATING, WORST_RATING
from claims.models import (
    Actor,
    ActorKind,
    Claim,
    ClaimKind,
    EvidenceKind,
    EvidenceLink,
    Source,
    SourceKind,
    Stance,
    name_key,
)
from claims.text import shortened

REASON = "import_claimreview"
SUMMARY_LENGTH = Claim._meta.get_field("summary").max_length
TITLE_LENGTH = Source._meta.get_field("title").max_length
SCHEMA_PREFIXES = ("schema:", "https://schema.org/", "http://schema.org/")
ACTOR_KINDS = {name: kind for kind, name in AUTHOR_TYPES.items()}
# Organisations that schema.org does not name "...Organization".
ORGANIZATION_TYPES = {"NGO", "Corporation", "PoliticalParty", "Consortium", "WorkersUnion"}
SOURCE_KINDS = {
    "NewsArticle": SourceKind.ARTICLE,
    "Article": SourceKind.ARTICLE,
    "OpinionNewsArticle": SourceKind.ARTICLE,
    "ReportageNewsArticle": SourceKind.ARTICLE,
    "AnalysisNewsArticle": SourceKind.ARTICLE,
    "BlogPosting": SourceKind.ARTICLE,
    "SocialMediaPosting": SourceKind.SOCIAL_POST,
    "Report": SourceKind.REPORT,
    "VideoObject": SourceKind.BROADCAST,
    "AudioObject": SourceKind.BROADCAST,
    "TVEpisode": SourceKind.BROADCAST,
    "RadioEpisode": SourceKind.BROADCAST,
}
is_web_url = URLValidator(schemes=list(WEB_SCHEMES))


class ImportRefused(Exception):
    """A file that cannot be imported as it stands; nothing of it was written."""


@dataclass
class Imported:
    reviews: int = 0
    claims: int = 0
    sources: int = 0
    actors: int = 0
    already: int = 0


def import_claim_reviews(document: Any) -> Imported:
    """Import every ClaimReview in a parsed JSON-LD document (one object, an array of them,
    or a @graph), in one transaction; ImportRefused, with nothing written, if one cannot be."""
    reviews = claim_review_nodes(document)
    importer = _Importer(_node_index(document))
    with transaction.atomic(), recorded_as(REASON):
        for number, review in enumerate(reviews, 1):
            try:
                importer.review(review)
            except (ImportRefused, ValidationError, IntegrityError) as error:
                where = review.get("url") or f"number {number}"
                raise ImportRefused(f"ClaimReview {where}: {_message(error)}") from None
    importer.counts.reviews = len(reviews)
    return importer.counts


def claim_review_nodes(document: Any) -> list[dict]:
    """The ClaimReview objects of a document: the object itself, an array's items, a @graph's."""
    nodes = _nodes(document)
    reviews = [node for node in nodes if "ClaimReview" in _types(node)]
    if not reviews:
        raise ImportRefused(
            "No ClaimReview found: expected an object whose @type is ClaimReview, an array "
            "of them, or a @graph holding them."
        )
    return reviews


def _nodes(document: Any) -> list[dict]:
    if isinstance(document, list):
        return [node for item in document for node in _nodes(item)]
    if not isinstance(document, dict):
        raise ImportRefused(f"Expected JSON objects, found {type(document).__name__}.")
    if "@graph" in document:
        return _nodes(document["@graph"])
    return [document]


def _node_index(document: Any) -> dict[str, dict]:
    """The document's nodes by @id, for values that refer to a node by its @id alone."""
    return {node["@id"]: node for node in _nodes(document) if isinstance(node.get("@id"), str)}


def _types(node: dict) -> list[str]:
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    names = []
    for name in types:
        if isinstance(name, str):
            for prefix in SCHEMA_PREFIXES:
                name = name.removeprefix(prefix)
            names.append(name)
    return names


def _message(error: ImportRefused | ValidationError | IntegrityError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, IntegrityError):
        return f"the database refused it ({error})."
    return str(error)


class _Importer:
    def __init__(self, index: dict[str, dict]) -> None:
        self.index = index
        self.counts = Imported()

    def node(self, value: Any) -> dict | str | None:
        """A value as one node (or plain text): the first of a list, an @id looked up."""
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.index.get(value["@id"], value)
        return value

    def review(self, review: dict) -> None:
        url = _web_url(review.get("url"), "its url")
        if not url:
            raise ImportRefused("it has no url: the review's address is needed to record it.")
        item = self.node(review.get("itemReviewed"))
        item = item if isinstance(item, dict) else {}
        summary, quote = _summary_and_quote(review, item)
        if EvidenceLink.objects.filter(url=url, claim__summary=summary).exists():
            self.counts.already += 1
            return
        author = self.node(item.get("author"))
        if not author:
            raise ImportRefused("its itemReviewed names no author: a claim needs its speaker.")
        claim = Claim(
            speaker=self.actor(author, "the claim's author"),
            source=self.source(review, item, url),
            kind=ClaimKind.ASSERTION,
            summary=summary,
            quote=quote,
            stated_on=_date(item.get("datePublished"), "the claim's datePublished"),
        )
        if quote and claim.source.text and len(starts := claim.source.find_quote(quote)) == 1:
            claim.quote_start, claim.quote_end = starts[0], starts[0] + len(quote)
        # Not clean(): it insists that a quote be found in the source's captured text, and an
        # imported source has none.
        claim.clean_fields()
        claim.save()
        self.counts.claims += 1
        evidence = EvidenceLink(
            claim=claim, url=url, kind=EvidenceKind.DOCUMENT, **self.verdict(review)
        )
        evidence.full_clean(validate_unique=False, validate_constraints=False)
        evidence.save()

    def actor(self, value: dict | str, what: str) -> Actor:
        """The actor a node names, matched by name, then by alias; else a new one."""
        node = value if isinstance(value, dict) else {"name": value}
        name = _text(node.get("name"), f"{what}'s name")
        if not name:
            raise ImportRefused(f"{what} has no name.")
        found = Actor.objects.named([name]).get(name_key(name))
        if found:
            return found
        kind = _actor_kind(_types(node))
        aliases = node.get("alternateName") or []
        aliases = aliases if isinstance(aliases, list) else [aliases]
        title = (
            _text(node.get("jobTitle"), f"{what}'s jobTitle") if kind == ActorKind.PERSON else ""
        )
        actor = Actor(
            name=name,
            kind=kind,
            title=title,
            aliases="\n".join(_text(alias, f"{what}'s alternateName") for alias in aliases),
        )
        actor.full_clean(validate_unique=False, validate_constraints=False)
        actor.save()
        self.counts.actors += 1
        return actor

    def source(self, review: dict, item: dict, review_url: str) -> Source:
        """Where the claim appeared (its first appearance if known), else the review's page."""
        appearance = self.node(item.get("firstAppearance")) or self.node(item.get("appearance"))
        if isinstance(appearance, str):
            appearance = {"url": appearance}
        if appearance and not isinstance(appearance, dict):
            raise ImportRefused(
                f"its appearance must be an object or a URL, not {_json_type(appearance)}."
            )
        if not appearance:
            appearance = {
                "@type": "Report",
                "url": review_url,
                "headline": review.get("headline") or review.get("name"),
            }
        url = _web_url(appearance.get("url"), "the appearance's url")
        title = _text(appearance.get("headline") or appearance.get("name"), "the headline")
        published_at = _datetime(appearance.get("datePublished"), "the appearance's date")
        if url:
            found = Source.objects.filter(url=url).first()
        else:
            found = Source.objects.filter(
                url="", title__iexact=title, published_at=published_at
            ).first()
        if found:
            return found
        if not (title or url):
            raise ImportRefused("its appearance has neither url nor headline.")
        publisher = self.node(appearance.get("publisher"))
        language = appearance.get("inLanguage")
        source = Source(
            title=shortened(title or url, TITLE_LENGTH),
            kind=next(
                (SOURCE_KINDS[t] for t in _types(appearance) if t in SOURCE_KINDS),
                SourceKind.OTHER,
            ),
            url=url,
            archive_url=_web_url(appearance.get("archivedAt"), "the appearance's archivedAt"),
            published_at=published_at,
            language=language if isinstance(language, str) and language else "en",
            outlet=self.actor(publisher, "the publisher") if publisher else None,
        )
        source.full_clean(validate_unique=False, validate_constraints=False)
        source.save()
        self.counts.sources += 1
        return source

    def verdict(self, review: dict) -> dict[str, Any]:
        """The reviewer's rating as evidence fields: a stance and a note that quotes it."""
        reviewer = self.node(review.get("author"))
        if isinstance(reviewer, dict):
            reviewer = reviewer.get("name") or reviewer.get("url")
        reviewer = reviewer if isinstance(reviewer, str) and reviewer else "The reviewer"
        rating = self.node(review.get("reviewRating"))
        rating = rating if isinstance(rating, dict) else {}
        name = rating.get("alternateName") or rating.get("name")
        scale = _scale(rating)
        stance = Stance.CONTEXT
        if scale:
            value, worst, best = scale
            position = (value - worst) / (best - worst)
            stance = (
                Stance.SUPPORTS if position > 0.5 else Stance.REFUTES if position < 0.5 else stance
            )
        note = (
            f"{reviewer} rated it “{name}”"
            if isinstance(name, str) and name
            else f"{reviewer} gave no rating name"
        )
        if scale:
            note += f" ({scale[0]:g} on a scale from {scale[1]:g} to {scale[2]:g})"
        return {"stance": stance, "note": f"{note}."}


def _summary_and_quote(review: dict, item: dict) -> tuple[str, str]:
    """The claim's summary and quote; a summary too long to keep whole is kept whole as the
    quote, with its start as the summary, and refused if the claim has a quote of its own."""
    reviewed = _text(review.get("claimReviewed") or item.get("name"), "claimReviewed")
    quote = _text(item.get("text"), "the claim's text")
    if not reviewed:
        raise ImportRefused("it has no claimReviewed: nothing says what the claim is.")
    if len(reviewed) <= SUMMARY_LENGTH:
        return reviewed, quote
    if quote and quote != reviewed:
        raise ImportRefused(
            f"its claimReviewed is {len(reviewed)} characters, over the {SUMMARY_LENGTH} a "
            "summary holds, and the claim has a quote of its own to keep: shorten the "
            "claimReviewed."
        )
    return shortened(reviewed, SUMMARY_LENGTH), reviewed


def _actor_kind(types: list[str]) -> str:
    for name in types:
        if name in ACTOR_KINDS:
            return ACTOR_KINDS[name]
    if any(name.endswith("Organization") or name in ORGANIZATION_TYPES for name in types):
        return ActorKind.ORGANIZATION
    return ActorKind.OTHER


def _text(value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportRefused(f"{what} must be text, not {_json_type(value)}.")
    return value.strip()


def _web_url(value: Any, what: str) -> str:
    url = _text(value, what)
    if not url:
        return ""
    try:
        is_web_url(url)
    except ValidationError:
        raise ImportRefused(f"{what} must be an http or https address, not {url!r}.") from None
    return url


def _date(value: Any, what: str) -> date | None:
    text = _text(value, what)
    if not text:
        return None
    parsed = _parse(text, what)
    return parsed.date() if isinstance(parsed, datetime) else parsed


def _datetime(value: Any, what: str) -> datetime | None:
    text = _text(value, what)
    if not text:
        return None
    parsed = _parse(text, what)
    if not isinstance(parsed, datetime):
        parsed = datetime.combine(parsed, time(), tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _parse(text: str, what: str) -> date | datetime:
    try:
        parsed = parse_datetime(text) or parse_date(text)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ImportRefused(f"{what} must be a date like 2026-03-01, not {text!r}.")
    return parsed


def _scale(rating: dict) -> tuple[float, float, float] | None:
    """(value, worst, best) of a numeric rating, or None when it has no usable numbers."""
    try:
        value = float(rating["ratingValue"])
        worst = float(rating.get("worstRating", WORST_RATING))
        best = float(rating.get("bestRating", BEST_RATING))
    except (KeyError, TypeError, ValueError):
        return None
    if best == worst or not min(worst, best) <= value <= max(worst, best):
        return None
    return value, worst, best


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "an array", bool: "true/false"}.get(type(value), "a number")
