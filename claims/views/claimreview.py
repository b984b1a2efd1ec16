"""A published claim as schema.org ClaimReview JSON-LD, for fact-checking tools to read."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from claims.interchange.claimreview import claim_review
from claims.models import Claim, ClaimStatus


# What the desk has published is public: no sign-in, unlike every other page.
@login_not_required
@require_safe
def claim_claimreview(request: HttpRequest, pk: int) -> JsonResponse:
    """The ClaimReview of a published claim; 404 for a claim the desk has not published."""
    claim = get_object_or_404(
        Claim.objects.select_related("speaker", "source__outlet").defer("source__text"),
        pk=pk,
        status=ClaimStatus.PUBLISHED,
    )
    return JsonResponse(
        claim_review(claim, request),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
