"""Exports: an incident's dossier as CSV and as JSON, and the claims list as CSV.

Each export walks its claims a chunk at a time and streams what it has written, so a dossier
of ten thousand claims or a list of a million costs the memory of one chunk, and the same
few queries per chunk (the claims with speaker, source and incident; their places, figures,
outgoing and incoming links; their speakers' sides). Both keep the order their page shows,
newest statement first, and resume after the last row sent (keyset over `stated_on DESC
NULLS LAST, id DESC`, the order every claim index ends in: the dated claims, then the
undated ones). A search ranks at most `RANKED_MATCHES` claims, so its ids are read in ranked
order in one query and their rows fetched a chunk at a time.

The JSON dossier (`DOSSIER_FORMAT`, version `DOSSIER_VERSION`) reads:

    {"format": "counterclaim-dossier", "version": 1, "exported_at": "<ISO 8601>",
     "incident": {"slug", "title", "summary", "occurred_on", "url",
                  "places": [{"name", "country", "latitude", "longitude"}]},
     "claims": [CLAIM, ...]}            # newest statement first, undated last

    CLAIM = {"id", "url", "kind", "status", "grade": {"value": 1-6, "label"},
             "summary", "quote", "quote_start", "quote_end",   # code points; null: not anchored
             "stated_on",                                      # "YYYY-MM-DD" or null
             "speaker": {"id", "name", "url"}, "side": {"id", "name"},
             "source": {"id", "title", "url", "page"},         # url: where it was published
             "incident": "<slug>" or null,
             "places": [{"name", "country"}],
             "figures": [{"measure", "group", "low", "high"}],
             "links": [{"direction": "answers" | "answered_by", "relation", "facets": [...],
                        "claim": {"id", "url", "speaker", "summary"}}]}

A later version adds fields; one that renames or removes any raises `version`.
The CSV has one row per claim, the same fields flattened (`CSV_COLUMNS`), its links summed up
in two columns ("denies #12 [occurrence, responsibility]; disputes #14").
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from claims.dossier import NEWEST_FIRST
from claims.models import (
    Claim,
    ClaimLink,
    ClaimQuerySet,
    Credibility,
    Figure,
    Incident,
    Place,
)
from claims.sides import SideMap

DOSSIER_FORMAT = "counterclaim-dossier"
DOSSIER_VERSION = 1
CHUNK = 500
# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and
# carriage return, may drop them and read what follows as one): such text from a quote or a
# summary could run a command on the reader's machine. A leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV as UTF-8 only when it starts with the byte order mark.
BOM = "\ufeff"
CSV_COLUMNS = (
    "id",
    "url",
    "stated_on",
    "speaker",
    "side",
    "kind",
    "status",
    "grade",
    "summary",
    "quote",
    "quote_start",
    "quote_end",
    "source_title",
    "source_url",
    "source_page",
    "incident",
    "places",
    "figures",
    "answers",
    "answered_by",
)

Absolute = Callable[[str], str]  # a path on this site to its full URL
# What a claim's own row gives, read as plain values: model instances for a chunk of claims,
# their speakers, sources, incidents and links cost more than the queries.
CLAIM_VALUES = (
    "id",
    "kind",
    "status",
    "credibility",
    "summary",
    "quote",
    "quote_start",
    "quote_end",
    "stated_on",
    "speaker_id",
    "speaker__name",
    "source_id",
    "source__title",
    "source__url",
    "incident__slug",
)


class _Urls:
    """Full URLs of claim, actor and source pages, reversed once per export and then filled
    in by id: reversing four URLs a claim cost as much as the rest of the export."""

    _ID = 9_876_543_210  # stands for the id in the reversed URL

    def __init__(self, absolute: Absolute) -> None:
        self.claim, self.actor, self.source = (
            absolute(reverse(name, args=[self._ID])).replace(str(self._ID), "{}")
            for name in ("claim_detail", "actor_detail", "source_detail")
        )


def dossier_records(incident: Incident, absolute: Absolute) -> Iterator[dict[str, Any]]:
    """The incident's claims in the dossier's order, newest statement first (undated last)."""
    claims = Claim.objects.filter(incident=incident).order_by(*NEWEST_FIRST)
    return listed_records(claims, absolute)


def listed_records(claims: ClaimQuerySet, absolute: Absolute) -> Iterator[dict[str, Any]]:
    """Every claim of `claims`, a queryset from `search_claims()`, as a record: ranked, or in
    the order NEWEST_FIRST that the keyset below resumes."""
    chunk = CHUNK
    if claims.query.annotations.get("search_rank") is not None:
        # Ranked: a bounded number of candidates, read in rank order, fetched chunk by chunk.
        ids = list(claims.values_list("pk", flat=True))
        for at in range(0, len(ids), chunk):
            wanted = ids[at : at + chunk]
            rows = {
                row["id"]: row for row in Claim.objects.filter(pk__in=wanted).values(*CLAIM_VALUES)
            }
            yield from _records([rows[pk] for pk in wanted if pk in rows], absolute)
        return
    rows = claims.values(*CLAIM_VALUES)
    # The dated claims, then the undated: each part resumes with a range on its index's
    # leading column rather than an OR, which would have the database read every row
    # already sent again for each chunk (a million-claim export would take hours).
    for part, after in (
        (rows.filter(stated_on__isnull=False), _after_dated),
        (rows.filter(stated_on=None), lambda row: Q(id__lt=row["id"])),
    ):
        condition = Q()
        while found := list(part.filter(condition)[:chunk]):
            yield from _records(found, absolute)
            if len(found) < chunk:
                break
            condition = after(found[-1])


def _after_dated(row: dict[str, Any]) -> Q:
    """The dated claims after `row`, newest statement first: on or before its day, less
    those of its day already sent (at most a day's claims read again)."""
    day = row["stated_on"]
    return Q(stated_on__lte=day) & ~Q(stated_on=day, id__gte=row["id"])


def _records(rows: list[dict[str, Any]], absolute: Absolute) -> Iterator[dict[str, Any]]:
    """A chunk of claim rows as records, with what they name, in five more queries."""
    ids = [row["id"] for row in rows]
    sides = SideMap.for_actors(row["speaker_id"] for row in rows)
    places = _by_claim(
        Claim.places.through.objects.filter(claim_id__in=ids)
        .order_by("place__name", "place_id")
        .values("claim_id", name=F("place__name"), country=F("place__country"))
    )
    figures = _by_claim(
        Figure.objects.filter(claim_id__in=ids).values(
            "claim_id", "measure", "group", "low", "high"
        )
    )
    answers = _links(ids, "from_claim", "to_claim")
    answered_by = _links(ids, "to_claim", "from_claim")
    urls = _Urls(absolute)
    for row in rows:
        side = sides.of(row["speaker_id"])
        claim = row["id"]
        yield {
            "id": claim,
            "url": urls.claim.format(claim),
            "kind": row["kind"],
            "status": row["status"],
            "grade": {"value": row["credibility"], "label": Credibility(row["credibility"]).label},
            "summary": row["summary"],
            "quote": row["quote"],
            "quote_start": row["quote_start"],
            "quote_end": row["quote_end"],
            "stated_on": _iso(row["stated_on"]),
            "speaker": {
                "id": row["speaker_id"],
                "name": row["speaker__name"],
                "url": urls.actor.format(row["speaker_id"]),
            },
            "side": {"id": side.id, "name": side.name},
            "source": {
                "id": row["source_id"],
                "title": row["source__title"],
                "url": row["source__url"] or None,
                "page": urls.source.format(row["source_id"]),
            },
            "incident": row["incident__slug"],
            "places": places.get(claim, []),
            "figures": figures.get(claim, []),
            "links": [
                *(_link("answers", link, urls) for link in answers.get(claim, [])),
                *(_link("answered_by", link, urls) for link in answered_by.get(claim, [])),
            ],
        }


def _links(ids: list[int], end: str, other: str) -> dict[int, list[dict[str, Any]]]:
    """The links whose `end` ("from_claim" or "to_claim") is one of `ids`, oldest first, each
    with the claim at its `other` end."""
    return _by_claim(
        ClaimLink.objects.filter(**{f"{end}_id__in": ids})
        .order_by("created_at", "id")
        .values(
            "relation",
            "facets",
            claim_id=F(f"{end}_id"),
            other_id=F(f"{other}_id"),
            other_speaker=F(f"{other}__speaker__name"),
            other_summary=F(f"{other}__summary"),
        )
    )


def _by_claim(rows: Iterable[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Rows grouped by their `claim_id`, which is left out of each."""
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row.pop("claim_id"), []).append(row)
    return grouped


def _link(direction: str, link: dict[str, Any], urls: _Urls) -> dict[str, Any]:
    return {
        "direction": direction,
        "relation": link["relation"],
        "facets": list(link["facets"]),
        "claim": {
            "id": link["other_id"],
            "url": urls.claim.format(link["other_id"]),
            "speaker": link["other_speaker"],
            "summary": link["other_summary"],
        },
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def dossier_json(incident: Incident, absolute: Absolute) -> Iterator[str]:
    """The JSON dossier, written a claim at a time."""
    head = {
        "format": DOSSIER_FORMAT,
        "version": DOSSIER_VERSION,
        "exported_at": timezone.now().isoformat(),
        "incident": {
            "slug": incident.slug,
            "title": incident.title,
            "summary": incident.summary,
            "occurred_on": _iso(incident.occurred_on),
            "url": absolute(incident.get_absolute_url()),
            "places": [
                {
                    "name": place.name,
                    "country": place.country,
                    "latitude": None if place.latitude is None else float(place.latitude),
                    "longitude": None if place.longitude is None else float(place.longitude),
                }
                for place in incident.places.all()
            ],
        },
    }
    # The head's closing brace makes way for the claims, written one by one.
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "claims": ['
    separator = ""
    for record in dossier_records(incident, absolute):
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ", "
    yield "]}\n"


def csv_row(record: dict[str, Any]) -> list[str]:
    """One claim's record as a CSV row of CSV_COLUMNS, every cell safe to open in a spreadsheet."""
    links: dict[str, list[str]] = {"answers": [], "answered_by": []}
    for link in record["links"]:
        facets = f" [{', '.join(link['facets'])}]" if link["facets"] else ""
        links[link["direction"]].append(f"{link['relation']} #{link['claim']['id']}{facets}")
    cells = [
        record["id"],
        record["url"],
        record["stated_on"] or "",
        record["speaker"]["name"],
        record["side"]["name"],
        record["kind"],
        record["status"],
        record["grade"]["value"],
        record["summary"],
        record["quote"],
        "" if record["quote_start"] is None else record["quote_start"],
        "" if record["quote_end"] is None else record["quote_end"],
        record["source"]["title"],
        record["source"]["url"] or "",
        record["source"]["page"],
        record["incident"] or "",
        "; ".join(str(Place(**place)) for place in record["places"]),
        "; ".join(str(Figure(**figure)) for figure in record["figures"]),
        "; ".join(links["answers"]),
        "; ".join(links["answered_by"]),
    ]
    return [neutralised(str(cell)) for cell in cells]


def neutralised(cell: str) -> str:
    """The cell as text a spreadsheet will not run as a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


class _Line:
    """A file-like object that hands back what csv.writer writes, to stream it line by line."""

    def write(self, value: str) -> str:
        return value


def csv_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The header, then a CSV line per claim record."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(CSV_COLUMNS)
    for record in records:
        yield writer.writerow(csv_row(record))
