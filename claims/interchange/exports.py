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

from django.db.models import Prefetch, Q
from django.utils import timezone

from claims.dossier import NEWEST_FIRST
from claims.models import Claim, ClaimLink, ClaimQuerySet, Incident
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


def with_details(claims: ClaimQuerySet) -> ClaimQuerySet:
    """What an exported claim shows, loaded a chunk at a time in a fixed number of queries."""
    return (
        claims.select_related("speaker", "source", "incident")
        .defer("source__text")
        .prefetch_related(
            "places",
            "figures",
            Prefetch(
                "outgoing_links",
                ClaimLink.objects.select_related("to_claim__speaker").order_by("created_at", "id"),
            ),
            Prefetch(
                "incoming_links",
                ClaimLink.objects.select_related("from_claim__speaker").order_by(
                    "created_at", "id"
                ),
            ),
        )
    )


def dossier_claims(incident: Incident) -> Iterator[Claim]:
    """The incident's claims in the dossier's order, newest statement first (undated last)."""
    return listed_claims(Claim.objects.filter(incident=incident).order_by(*NEWEST_FIRST))


def listed_claims(claims: ClaimQuerySet) -> Iterator[Claim]:
    """Every claim of `claims`, a queryset from `search_claims()`: ranked, or in the order
    NEWEST_FIRST that the keyset below resumes."""
    chunk = CHUNK
    if claims.query.annotations.get("search_rank") is not None:
        # Ranked: a bounded number of candidates, read in rank order, fetched chunk by chunk.
        ids = list(claims.values_list("pk", flat=True))
        for at in range(0, len(ids), chunk):
            wanted = ids[at : at + chunk]
            rows = with_details(Claim.objects.filter(pk__in=wanted)).in_bulk(wanted)
            found = [rows[pk] for pk in wanted if pk in rows]
            SideMap.for_claims(found)
            yield from found
        return
    claims = with_details(claims)
    # The dated claims, then the undated: each part resumes with a range on its index's
    # leading column rather than an OR, which would have the database read every row
    # already sent again for each chunk (a million-claim export would take hours).
    for part, after in (
        (claims.filter(stated_on__isnull=False), _after_dated),
        (claims.filter(stated_on=None), lambda claim: Q(id__lt=claim.pk)),
    ):
        condition = Q()
        while rows := list(part.filter(condition)[:chunk]):
            SideMap.for_claims(rows)
            yield from rows
            if len(rows) < chunk:
                break
            condition = after(rows[-1])


def _after_dated(claim: Claim) -> Q:
    """The dated claims after `claim`, newest statement first: on or before its day, less
    those of its day already sent (at most a day's claims read again)."""
    return Q(stated_on__lte=claim.stated_on) & ~Q(stated_on=claim.stated_on, id__gte=claim.pk)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def claim_record(claim: Claim, absolute: Absolute) -> dict[str, Any]:
    """One claim in the JSON dossier's shape (see the module docstring)."""
    source = claim.source
    return {
        "id": claim.pk,
        "url": absolute(claim.get_absolute_url()),
        "kind": claim.kind,
        "status": claim.status,
        "grade": {"value": claim.credibility, "label": claim.get_credibility_display()},
        "summary": claim.summary,
        "quote": claim.quote,
        "quote_start": claim.quote_start,
        "quote_end": claim.quote_end,
        "stated_on": _iso(claim.stated_on),
        "speaker": {
            "id": claim.speaker_id,
            "name": claim.speaker.name,
            "url": absolute(claim.speaker.get_absolute_url()),
        },
        "side": {"id": claim.side.id, "name": claim.side.name},
        "source": {
            "id": source.pk,
            "title": source.title,
            "url": source.url or None,
            "page": absolute(source.get_absolute_url()),
        },
        "incident": claim.incident.slug if claim.incident else None,
        "places": [{"name": place.name, "country": place.country} for place in claim.places.all()],
        "figures": [
            {"measure": f.measure, "group": f.group, "low": f.low, "high": f.high}
            for f in claim.figures.all()
        ],
        "links": [
            *(
                _link(link, "answers", link.to_claim, absolute)
                for link in claim.outgoing_links.all()
            ),
            *(
                _link(link, "answered_by", link.from_claim, absolute)
                for link in claim.incoming_links.all()
            ),
        ],
    }


def _link(link: ClaimLink, direction: str, other: Claim, absolute: Absolute) -> dict[str, Any]:
    return {
        "direction": direction,
        "relation": link.relation,
        "facets": list(link.facets),
        "claim": {
            "id": other.pk,
            "url": absolute(other.get_absolute_url()),
            "speaker": other.speaker.name,
            "summary": other.summary,
        },
    }


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
    opening = json.dumps(head, ensure_ascii=False)
    yield opening[:-1] + ', "claims": ['
    separator = ""
    for claim in dossier_claims(incident):
        yield separator + json.dumps(claim_record(claim, absolute), ensure_ascii=False)
        separator = ", "
    yield "]}\n"


def csv_row(claim: Claim, absolute: Absolute) -> list[str]:
    """One claim as a CSV row of CSV_COLUMNS, every cell safe to open in a spreadsheet."""
    record = claim_record(claim, absolute)
    links = {"answers": [], "answered_by": []}
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
        "; ".join(str(place) for place in claim.places.all()),
        "; ".join(str(figure) for figure in claim.figures.all()),
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


def csv_lines(claims: Iterable[Claim], absolute: Absolute) -> Iterator[str]:
    """The header, then a CSV line per claim."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(CSV_COLUMNS)
    for claim in claims:
        yield writer.writerow(csv_row(claim, absolute))
