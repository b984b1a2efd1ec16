"""The review buttons on a claim's page: submit, publish and withdraw, as claims.review allows.

A refused step (someone published first, four eyes) comes back as a message: in place with
status 200 for htmx, which swaps nothing on a 4xx, and with the whole page and 403 or 409
for a plain POST.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from claims import review
from claims.forms import REVIEW_FORMS
from claims.models import ReviewAction
from claims.views.access import can, render_page, wants_partial
from claims.views.claims import DETAIL, claims_for_page, detail_context, review_context

DONE = {
    ReviewAction.SUBMIT: "Submitted for review.",
    ReviewAction.PUBLISH: "Published.",
    ReviewAction.WITHDRAW: "Withdrawn to draft; the reason is on its record.",
}


@can("claims.change_claim")
@require_POST
def claim_review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one review step on a claim; the domain decides whether this user may."""
    if action not in REVIEW_FORMS:
        raise Http404("No such review step.")
    claim = get_object_or_404(claims_for_page(), pk=pk)
    form = REVIEW_FORMS[action](request.POST, claim=claim)
    status = 200
    if form.is_valid():
        try:
            getattr(claim, action)(by=request.user, **form.cleaned_data)
        except review.ReviewRefused as refusal:
            form.add_error(None, refusal.message)
            status = 403 if refusal.forbidden else 409
        else:
            messages.success(request, DONE[action])
            if not wants_partial(request):
                return redirect(f"{claim.get_absolute_url()}#review")
            return render_page(request, DETAIL, review_context(claim, request.user), "reviewed")
    forms = {action: form}
    if wants_partial(request):
        return render_page(request, DETAIL, review_context(claim, request.user, forms), "review")
    context = detail_context(claim, request.user, review_forms=forms)
    return render_page(request, DETAIL, context, "review", status=status)
