"""Exports and interchange formats: dossiers as CSV and JSON, the claims list as CSV, and quote
anchors as W3C Web Annotations. Readable by anyone signed in, like the pages they mirror."""

import json
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from claims.interchange import annotation, exports
from claims.models import Claim, Incident, Source
from claims.paging import page_number
from claims.search import search_claims

CSV = "text/csv; charset=utf-8"


def _download(lines: Iterator[str], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_safe
def dossier_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """The incident's claims as CSV, a row each with its links summed up."""
    incident = get_object_or_404(Incident, slug=slug)
    lines = exports.csv_lines(exports.dossier_records(incident, request.build_absolute_uri))
    return _download(lines, CSV, f"{incident.slug}-dossier.csv")


@require_safe
def dossier_json(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """The incident and its claims as JSON, in the versioned shape of claims.interchange.exports."""
    incident = get_object_or_404(Incident, slug=slug)
    lines = exports.dossier_json(incident, request.build_absolute_uri)
    return _download(lines, "application/json", f"{incident.slug}-dossier.json")


@require_safe
def claim_export(request: HttpRequest) -> StreamingHttpResponse:
    """Every claim the list shows for the same query string, on all its pages, as CSV."""
    claims, _ = search_claims(request.GET)
    lines = exports.csv_lines(exports.listed_records(claims, request.build_absolute_uri))
    return _download(lines, CSV, "claims.csv")


def _json_ld(node: dict) -> HttpResponse:
    body = json.dumps(annotation.document(node), ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type=annotation.CONTENT_TYPE)


@require_safe
def claim_annotation(request: HttpRequest, pk: int) -> HttpResponse:
    """The claim's quote anchor as one Web Annotation; 404 when the quote is not anchored."""
    claim = get_object_or_404(
        Claim.objects.select_related("source").filter(quote_start__isnull=False), pk=pk
    )
    return _json_ld(annotation.annotation(claim, claim.source, request.build_absolute_uri))


@require_safe
def source_annotations(request: HttpRequest, pk: int) -> HttpResponse:
    """The source's anchored quotes as an AnnotationCollection, or one of its pages (`?page=`)."""
    source = get_object_or_404(Source, pk=pk)
    anchored = source.claims.filter(quote_start__isnull=False)
    total = anchored.count()
    # Like the lists, a page that is not a number is the first, and one past the end the last.
    number = min(page_number(request.GET.get("page")), annotation.last_page(total))
    start = (number - 1) * annotation.PAGE_SIZE
    claims = anchored.order_by("quote_start", "id")[start : start + annotation.PAGE_SIZE]
    absolute = request.build_absolute_uri
    page = annotation.annotation_page(source, claims, number, total, absolute)
    if "page" in request.GET:
        return _json_ld(page)
    return _json_ld(annotation.annotation_collection(source, page, total, absolute))
