"""Quote anchors as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), and back.

Each anchored claim is one `Annotation`: its target is the source (the URL it was published
at, or its page here when it has none) narrowed by two selectors, a `TextQuoteSelector`
(the quote, with up to `CONTEXT_CHARS` characters before and after it) and a
`TextPositionSelector` (its start and end). The model counts positions in characters, which
JSON-LD consumers and this ledger both read as Unicode code points: the offsets of Python's
`str`, `quote_start`/`quote_end` as stored. (A browser's DOM counts UTF-16 code units, which
differ after any character outside the Basic Multilingual Plane, an emoji or a 𝔸: the
source reader converts before it sends; see static/js/source-select.js.)

The body is the claim: its summary (purpose "describing"), its kind ("classifying") and a
link to its page ("linking"). A source's annotations form an `AnnotationCollection` whose
pages (`AnnotationPage`) hold `PAGE_SIZE` annotations each, in text order.

`resolve()` is the inverse: where a pair of selectors points in a text, the position first
and the quote (with its prefix and suffix) when the text has moved under it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.urls import reverse

from claims.models import Claim, Source

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTENT_TYPE = f'application/ld+json; profile="{CONTEXT}"'
CONTEXT_CHARS = 32
PAGE_SIZE = 100

Absolute = Callable[[str], str]  # a path on this site to its full URL


def selectors(text: str, start: int, end: int) -> list[dict[str, Any]]:
    """The quote and position selectors for text[start:end]."""
    return [
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - CONTEXT_CHARS) : start],
            "suffix": text[end : end + CONTEXT_CHARS],
        },
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]


def target_of(source: Source, absolute: Absolute) -> str:
    """What a source's annotations point at: where it was published, or its page here."""
    return source.url or absolute(source.get_absolute_url())


def annotation(claim: Claim, source: Source, absolute: Absolute) -> dict[str, Any]:
    """One anchored claim as an Annotation, without its `@context` (see `document()`)."""
    return {
        "id": absolute(reverse("claim_annotation", args=[claim.pk])),
        "type": "Annotation",
        "motivation": "describing",
        "created": claim.created_at.isoformat(),
        "modified": claim.updated_at.isoformat(),
        "body": [
            {
                "type": "TextualBody",
                "value": claim.summary,
                "format": "text/plain",
                "purpose": "describing",
            },
            {
                "type": "TextualBody",
                "value": claim.kind,
                "format": "text/plain",
                "purpose": "classifying",
            },
            {
                "type": "SpecificResource",
                "source": absolute(claim.get_absolute_url()),
                "purpose": "linking",
            },
        ],
        "target": {
            "source": target_of(source, absolute),
            "selector": selectors(source.text, claim.quote_start, claim.quote_end),
        },
    }


def document(node: dict[str, Any]) -> dict[str, Any]:
    """A node served on its own: with the Web Annotation context first."""
    return {"@context": CONTEXT, **node}


def collection_id(source: Source, absolute: Absolute) -> str:
    return absolute(reverse("source_annotations", args=[source.pk]))


def page_id(source: Source, number: int, absolute: Absolute) -> str:
    return f"{collection_id(source, absolute)}?page={number}"


def last_page(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def annotation_page(
    source: Source, claims: Iterable[Claim], number: int, total: int, absolute: Absolute
) -> dict[str, Any]:
    """Page `number` (from 1) of the source's annotations: `claims` are its anchored claims."""
    page = {
        "id": page_id(source, number, absolute),
        "type": "AnnotationPage",
        "partOf": collection_id(source, absolute),
        "startIndex": (number - 1) * PAGE_SIZE,
        "items": [annotation(claim, source, absolute) for claim in claims],
    }
    if number > 1:
        page["prev"] = page_id(source, number - 1, absolute)
    if number < last_page(total):
        page["next"] = page_id(source, number + 1, absolute)
    return page


def annotation_collection(
    source: Source, first: dict[str, Any], total: int, absolute: Absolute
) -> dict[str, Any]:
    """The source's AnnotationCollection, its first page embedded."""
    return {
        "id": collection_id(source, absolute),
        "type": "AnnotationCollection",
        "label": f"Quotes anchored in “{source.title}”",
        "total": total,
        "first": first,
        "last": page_id(source, last_page(total), absolute),
    }


def resolve(text: str, selectors: Iterable[dict[str, Any]]) -> tuple[int, int] | None:
    """Where the selectors point in `text`, as (start, end); None when they find nothing.

    The position is trusted when it still holds the quote (or when there is no quote to
    check it against). Otherwise the quote is looked for, and among several places the one
    whose surroundings best match the prefix and suffix wins (the first, on a tie).
    """
    by_type = {selector.get("type"): selector for selector in selectors}
    position, quote = by_type.get("TextPositionSelector"), by_type.get("TextQuoteSelector")
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if (
            isinstance(start, int)
            and isinstance(end, int)
            and 0 <= start < end <= len(text)
            and (quote is None or text[start:end] == quote.get("exact"))
        ):
            return start, end
    if quote is None or not quote.get("exact"):
        return None
    exact, prefix, suffix = quote["exact"], quote.get("prefix", ""), quote.get("suffix", "")
    best, best_score = None, -1
    at = text.find(exact)
    while at != -1:
        end = at + len(exact)
        score = _common_suffix(text[max(0, at - len(prefix)) : at], prefix) + _common_prefix(
            text[end : end + len(suffix)], suffix
        )
        if score > best_score:
            best, best_score = (at, end), score
        at = text.find(exact, at + 1)
    return best


def _common_prefix(a: str, b: str) -> int:
    length = 0
    while length < min(len(a), len(b)) and a[length] == b[length]:
        length += 1
    return length


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
