"""The incident dossier: both sides of a contested event on one page."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.vary import vary_on_headers

from claims.dossier import build_dossier
from claims.models import Incident
from claims.views.access import render_page


@vary_on_headers("HX-Request")
def incident_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Accusations and responses grouped by side, figures by side, places and a timeline."""
    incident = get_object_or_404(Incident, slug=slug)
    side = request.GET.get("side", "")
    if side and not side.isdecimal():
        return HttpResponseBadRequest("side must be the number of a side.")
    dossier = build_dossier(incident)
    side_id = int(side) if side else None
    context = {
        "incident": incident,
        "dossier": dossier,
        "side_id": side_id,
        "accusation_groups": dossier.accusations_by(side_id),
    }
    return render_page(request, "claims/incident_detail.html", context, "accusations")
