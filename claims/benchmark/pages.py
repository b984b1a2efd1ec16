"""The pages the benchmark measures, the records it measures them on, and their admin counterparts.

Every page is reached through its URL with query-string parameters the app accepts, so the
benchmark keeps measuring whatever the views do. The records are the ledger's `Targets`:
the largest incident and one of median size, the most answered accusation of the largest
incident, its source and its speaker. The words are planted by `text`: a common word, a
rare one and a phrase.

The admin column is the same work done in the stock admin (`claims.benchmark.admin`):
- lists and searches: the claim changelist with the same term or filter (the desk, which
  shows claims needing attention, against the unfiltered changelist);
- a dossier: the changelist filtered to the incident;
- claim detail and pairing: the admin change page of the same claim;
- source reader and actor: none (the benchmark admin registers claims only), so null;
- exports, annotations and feeds: none either (the admin has no export).

An export of the whole ledger (`claim_export_all`) takes seconds, not milliseconds: it is
timed `once`, without warm-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from claims.benchmark.ledger import Targets
from claims.benchmark.text import COMMON_WORD, PHRASE, RARE_WORD
from claims.models import ClaimKind


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    admin_url: str | None
    once: bool = False


def with_query(url: str, **params: object) -> str:
    return f"{url}?{urlencode(params)}" if params else url


def benchmark_pages(targets: Targets) -> list[Page]:
    """The measured pages, in the order the table lists them; reverse()s need the benchmark URLconf."""
    large_id, large_slug = targets.large_incident
    typical_id, typical_slug = targets.typical_incident
    claims = reverse("claim_list")
    changelist = reverse("benchmark_admin:claims_claim_changelist")
    change = reverse("benchmark_admin:claims_claim_change", args=[targets.claim])

    def search(term: str) -> tuple[str, str]:
        return with_query(claims, q=term), with_query(changelist, q=term)

    def in_admin(incident: int, **filters: object) -> str:
        return with_query(changelist, **filters, incident__id__exact=incident)

    return [
        Page("desk", reverse("desk"), changelist),
        Page("claim_list", claims, changelist),
        Page(
            "claim_list_filtered",
            with_query(claims, kind=ClaimKind.ACCUSATION, incident=large_slug),
            in_admin(large_id, kind__exact=ClaimKind.ACCUSATION),
        ),
        Page("claim_search_common", *search(COMMON_WORD)),
        Page("claim_search_rare", *search(RARE_WORD)),
        Page("claim_search_phrase", *search(f'"{PHRASE}"')),
        Page("claim_detail", reverse("claim_detail", args=[targets.claim]), change),
        Page("pairing", reverse("claim_pair", args=[targets.claim]), change),
        Page("dossier_large", reverse("incident_detail", args=[large_slug]), in_admin(large_id)),
        Page(
            "dossier_typical", reverse("incident_detail", args=[typical_slug]), in_admin(typical_id)
        ),
        Page("source_reader", reverse("source_detail", args=[targets.source]), None),
        Page("actor", reverse("actor_detail", args=[targets.actor]), None),
        Page(
            "claim_export_filtered",
            with_query(reverse("claim_export"), kind=ClaimKind.ACCUSATION, incident=typical_slug),
            None,
        ),
        Page("dossier_csv_large", reverse("dossier_csv", args=[large_slug]), None),
        Page("dossier_json_large", reverse("dossier_json", args=[large_slug]), None),
        Page("source_annotations", reverse("source_annotations", args=[targets.source]), None),
        Page("published_feed", reverse("published_feed"), None),
        Page("incident_feed_large", reverse("incident_feed", args=[large_slug]), None),
        Page("claim_export_all", reverse("claim_export"), None, once=True),
    ]
