"""The desk: what needs an editor's attention first."""

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from claims.models import Claim, Incident
from claims.sides import SideMap
from claims.views.access import render_page

DESK_LENGTH = 10


@vary_on_headers("HX-Request")
def desk(request: HttpRequest) -> HttpResponse:
    """Unanswered accusations (oldest waiting first), recent claims and incidents."""
    unanswered = list(
        Claim.objects.unanswered_accusations()
        .with_context()
        .order_by("created_at", "id")[:DESK_LENGTH]
    )
    recent = list(Claim.objects.with_context().order_by("-created_at", "-id")[:DESK_LENGTH])
    SideMap.for_claims([*unanswered, *recent])
    incidents = Incident.objects.annotate(
        claim_count=Count("claims", distinct=True),
        accusation_count=Count("claims", filter=Q(claims__kind="accusation"), distinct=True),
    ).order_by("-occurred_on", "title")[:DESK_LENGTH]
    context = {
        "unanswered": unanswered,
        "unanswered_total": Claim.objects.unanswered_accusations().count(),
        "recent": recent,
        "incidents": incidents,
        "now": timezone.now(),
    }
    return render_page(request, "claims/desk.html", context, "unanswered")
