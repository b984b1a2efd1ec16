"""The actor page: who an actor is and speaks for, and what it has said, been accused of and denied."""

from django.db.models import F, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from claims.models import Actor, ClaimKind, ClaimLink
from claims.paging import Page, page_of
from claims.sides import SideMap
from claims.views.access import render_page, wants_partial

PAGE_SIZE = 10
# A side's root can have thousands of members: the page names the first ones.
MEMBERS_SHOWN = 50
# The actor's lists, each a partial of the page; `?list=<name>&page=<n>` pages through one.
ACTOR_LISTS = ("statements", "accusations", "denials")


@require_safe
@vary_on_headers("HX-Request")
def actor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An actor's affiliation and members, its statements, the accusations against it and its denials."""
    actor = get_object_or_404(Actor, pk=pk)
    chosen = request.GET.get("list", ACTOR_LISTS[0])
    if chosen not in ACTOR_LISTS:
        return HttpResponseBadRequest("list must be one of: " + ", ".join(ACTOR_LISTS))
    claims = {
        "statements": actor.claims.all(),
        "accusations": actor.accusations_received.all(),
        "denials": actor.claims.filter(kind=ClaimKind.DENIAL).prefetch_related(
            Prefetch(
                "outgoing_links", queryset=ClaimLink.objects.select_related("to_claim__speaker")
            )
        ),
    }
    shown = [chosen] if wants_partial(request) else ACTOR_LISTS
    pages = {
        name: _claim_page(claims[name], request.GET.get("page") if name == chosen else 1)
        for name in shown
    }
    sides = SideMap.for_claims(
        [claim for page in pages.values() for claim in page], actor_ids=[actor.pk]
    )
    members = list(actor.children.all()[: MEMBERS_SHOWN + 1])
    context = {
        "actor": actor,
        "side": sides.of(actor.pk),
        "affiliation": sides.chain(actor.pk),
        "members": members[:MEMBERS_SHOWN],
        "more_members": len(members) > MEMBERS_SHOWN,
        **pages,
    }
    return render_page(request, "claims/actor_detail.html", context, chosen)


def _claim_page(claims: QuerySet, number: str | int | None) -> Page:
    """One page of claims, newest first."""
    ordered = claims.with_context().order_by(F("stated_on").desc(nulls_last=True), "-id")
    return page_of(ordered, number, PAGE_SIZE)
