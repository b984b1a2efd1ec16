"""The source reader: a captured text with its quotes highlighted, to read and to quote from."""

from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from claims.highlight import quote_segments
from claims.models import ClaimKind, Source
from claims.sides import SideMap
from claims.views.access import render_page


@require_safe
@vary_on_headers("HX-Request")
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The source's metadata and text, with every anchored quote (or one kind's) highlighted."""
    source = get_object_or_404(Source.objects.select_related("outlet"), pk=pk)
    kind = request.GET.get("kind", "")
    if kind and kind not in ClaimKind.values:
        return HttpResponseBadRequest("kind must be one of: " + ", ".join(ClaimKind.values))
    claims = list(
        source.claims.select_related("speaker", "incident").order_by(
            F("quote_start").asc(nulls_last=True), "id"
        )
    )
    SideMap.for_claims(claims)
    for claim in claims:
        claim.source = source
    shown = [claim for claim in claims if not kind or claim.kind == kind]
    context = {
        "source": source,
        "claims": shown,
        "kinds": [choice for choice in ClaimKind if any(c.kind == choice for c in claims)],
        "kind": kind,
        "segments": quote_segments(source.text, shown),
    }
    return render_page(request, "claims/source_detail.html", context, "reader")
