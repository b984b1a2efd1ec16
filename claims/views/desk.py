"""The desk: what needs an editor's attention first."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from claims import review
from claims.models import Claim, Incident
from claims.paging import count_of
from claims.sides import SideMap
from claims.views.access import render_page

DESK_LENGTH = 10


@require_safe
@vary_on_headers("HX-Request")
def desk(request: HttpRequest) -> HttpResponse:
    """Unanswered accusations (first recorded first), the review queues, recent claims and
    incidents."""
    waiting = Claim.objects.unanswered_accusations()
    # Listed in the order they were recorded, which an index serves at any size; the clock on
    # each counts from when it was said (Claim.waiting_since). Ordering by that instead would
    # sort every unanswered accusation on each visit.
    unanswered = list(waiting.with_context().order_by("created_at", "id")[:DESK_LENGTH])
    in_review = review.awaiting_review()
    awaiting = list(in_review.with_context()[:DESK_LENGTH])
    mine = list(review.in_review_by(request.user).with_context()[:DESK_LENGTH])
    recent = list(Claim.objects.with_context().order_by("-created_at", "-id")[:DESK_LENGTH])
    SideMap.for_claims([*unanswered, *awaiting, *mine, *recent])
    context = {
        "unanswered": unanswered,
        "unanswered_total": count_of(waiting),
        "awaiting_review": awaiting,
        "awaiting_review_total": count_of(in_review),
        "mine_in_review": mine,
        "recent": recent,
        "incidents": latest_incidents(),
        "now": timezone.now(),
    }
    return render_page(request, "claims/desk.html", context, "unanswered")


def latest_incidents() -> QuerySet[Incident]:
    """The latest incidents, each with how many claims and accusations are about it.

    Counted incident by incident for the few shown, from the (incident, kind) index,
    rather than by grouping every claim in the ledger.
    """
    return Incident.objects.annotate(
        claim_count=_claims_about(Claim.objects.all()),
        accusation_count=_claims_about(Claim.objects.accusations()),
    ).order_by("-occurred_on", "title")[:DESK_LENGTH]


def _claims_about(claims: QuerySet[Claim]) -> Coalesce:
    counted = (
        claims.filter(incident=OuterRef("pk"))
        .order_by()
        .values("incident")
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
