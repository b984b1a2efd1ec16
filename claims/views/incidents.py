"""The incident dossier: both sides of a contested event on one page."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from claims.dossier import Dossier
from claims.models import Incident
from claims.views.access import render_page


@require_safe
@vary_on_headers("HX-Request")
def incident_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """What each side says, its accusations a page at a time with their responses, a timeline.

    htmx asks for the accusations alone when the side filter changes, and for the next page's
    accusations alone (`page` 2 and on) when "More accusations" appends them in place.
    """
    incident = get_object_or_404(Incident, slug=slug)
    side, page = request.GET.get("side", ""), request.GET.get("page", "")
    if side and not side.isdecimal():
        return HttpResponseBadRequest("side must be the number of a side.")
    side_id = int(side) if side else None
    # Like the other lists, a page that is not a number shows the first; past the end, the last.
    page_number = int(page) if page.isdecimal() and side_id is not None else 1
    dossier = Dossier(incident)
    context = {
        "incident": incident,
        "dossier": dossier,
        "side_id": side_id,
        "accusation_groups": dossier.accusation_groups(side_id, page_number),
    }
    partial = "more_accusations" if page_number > 1 else "accusations"
    return render_page(request, "claims/incident_detail.html", context, partial)
