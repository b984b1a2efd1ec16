"""The claim pages: the searchable list, one claim in full, and recording a new claim."""

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from claims import review
from claims.forms import REVIEW_FORMS, ClaimCreateForm, ClaimDetailsForm, EvidenceForm
from claims.models import Claim, ClaimQuerySet, ClaimStatus, ReviewAction
from claims.paging import page_of
from claims.search import search_claims
from claims.sides import SideMap
from claims.views.access import can, render_page, saved, wants_partial

CLAIMS_PER_PAGE = 25
DETAIL = "claims/claim_detail.html"
# What the source reader passes on when an editor records a claim from a text selection.
PREFILLED_FIELDS = ("source", "quote", "quote_start", "quote_end")


@require_safe
@vary_on_headers("HX-Request")
def claim_list(request: HttpRequest) -> HttpResponse:
    """Claims matching the search and filters, newest statement first, 25 a page."""
    claims, filters = search_claims(request.GET)
    page = page_of(claims, request.GET.get("page"), CLAIMS_PER_PAGE)
    SideMap.for_claims(page)
    context = {"page": page, "filters": filters}
    return render_page(request, "claims/claim_list.html", context, "results")


@require_safe
@vary_on_headers("HX-Request")
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One claim: its quote in context, speaker, source, who answers it and the evidence."""
    claim = get_object_or_404(claims_for_page(), pk=pk)
    # htmx asks for the details section alone when an editor cancels an edit.
    if wants_partial(request):
        context = details_context(claim)
    else:
        context = detail_context(claim, request.user)
    return render_page(request, DETAIL, context, "details")


@can("claims.change_claim")
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a claim's summary, kind and credibility in place on its page.

    A save over a version someone else saved meanwhile answers 409 with the form again,
    their values beside the editor's; htmx swaps it in place like any other answer.
    """
    claim = get_object_or_404(claims_for_page(), pk=pk)
    form = ClaimDetailsForm(request.POST or None, instance=claim, user=request.user)
    if request.method == "POST":
        claim.updated_by = request.user
    if form.is_valid() and saved(form):
        messages.success(request, "Claim details saved.")
        if not wants_partial(request):
            return redirect(claim)
        return render_page(request, DETAIL, details_context(claim), "details_saved")
    status = 200
    if form.conflict:
        # Around the form, the page shows the claim as stored, not the refused edit.
        claim = get_object_or_404(claims_for_page(), pk=pk)
        status = 409
    if wants_partial(request):
        context = details_context(claim, form)
    else:
        context = detail_context(claim, request.user, details_form=form)
    return render_page(request, DETAIL, context, "details", status=status)


@can("claims.add_evidencelink")
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a link or a source to a claim as evidence, from the claim's page."""
    claim = get_object_or_404(claims_for_page(), pk=pk)
    form = EvidenceForm(request.POST, claim=claim)
    form.instance.added_by = request.user
    if form.is_valid() and saved(form):
        messages.success(request, "Evidence added.")
        if not wants_partial(request):
            return redirect(f"{claim.get_absolute_url()}#evidence")
        return render_page(request, DETAIL, evidence_context(claim), "evidence_added")
    if wants_partial(request):
        context = evidence_context(claim, form)
    else:
        context = detail_context(claim, request.user, evidence_form=form)
    return render_page(request, DETAIL, context, "evidence")


@can("claims.add_claim")
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def claim_create(request: HttpRequest) -> HttpResponse:
    """Record a claim; the source reader links here with the selected quote filled in."""
    if request.method == "POST":
        form = ClaimCreateForm(request.POST)
        form.instance.created_by = form.instance.updated_by = request.user
        if form.is_valid() and saved(form):
            claim = form.instance
            messages.success(request, "Claim recorded.")
            if wants_partial(request):
                return HttpResponseClientRedirect(claim.get_absolute_url())
            return redirect(claim)
    else:
        form = ClaimCreateForm(
            initial={name: request.GET[name] for name in PREFILLED_FIELDS if name in request.GET}
        )
    return render_page(request, "claims/claim_form.html", {"form": form}, "form")


def claims_for_page() -> ClaimQuerySet:
    """Claims with everything their page shows that is one row per claim."""
    return Claim.objects.select_related(
        "speaker",
        "source__outlet",
        "incident",
        "created_by",
        "updated_by",
        "reviewed_by",
    ).prefetch_related("places", "accused", "figures")


def details_context(claim: Claim, form: ClaimDetailsForm | None = None) -> dict:
    """The details section: on show, or as the edit form when `form` is given."""
    return {"claim": claim, "details_form": form}


def evidence_context(claim: Claim, form: EvidenceForm | None = None) -> dict:
    """The evidence section: what is on record and a form to add more."""
    return {
        "claim": claim,
        "evidence": list(claim.evidence.select_related("source", "added_by").defer("source__text")),
        "evidence_form": form or EvidenceForm(claim=claim),
    }


def detail_context(
    claim: Claim,
    user: Any,
    details_form: ClaimDetailsForm | None = None,
    evidence_form: EvidenceForm | None = None,
    review_forms: dict[str, Form] | None = None,
) -> dict:
    """Everything the claim page shows, with the forms an invalid submission left behind."""
    # The linked claims are shown as rows: their sources' captured texts are not needed.
    responses = list(
        claim.responses().select_related("from_claim__incident").defer("from_claim__source__text")
    )
    responds_to = list(
        claim.responds_to().select_related("to_claim__incident").defer("to_claim__source__text")
    )
    accused_actors = list(claim.accused.all())
    sides = SideMap.for_claims(
        [claim, *(link.from_claim for link in responses), *(link.to_claim for link in responds_to)],
        actor_ids=[actor.pk for actor in accused_actors],
    )
    accused = [(actor, sides.of(actor.pk)) for actor in accused_actors]
    before, quote, after = claim.quote_in_context()
    return {
        **details_context(claim, details_form),
        **evidence_context(claim, evidence_form),
        **review_context(claim, user, review_forms),
        "side": claim.side,
        "affiliation": sides.chain(claim.speaker_id),
        "accused": accused,
        "responses": responses,
        "responds_to": responds_to,
        "answered": any(link.answers for link in responses),
        "quote_context": {
            "before": before,
            "quote": quote,
            "after": after,
            "cut_before": claim.is_anchored and claim.quote_start > len(before),
            "cut_after": claim.is_anchored
            and claim.quote_end + len(after) < len(claim.source.text),
        },
    }


def review_context(claim: Claim, user: Any, forms: dict[str, Form] | None = None) -> dict:
    """The review section: where the claim stands, its record, and this user's buttons."""
    actions = review.allowed_actions(claim, user)
    forms = forms or {}
    blocked = None
    if claim.status == ClaimStatus.IN_REVIEW and ReviewAction.PUBLISH not in actions:
        refused = review.refusal(claim, ReviewAction.PUBLISH, user)
        # Worth saying only to a reviewer: for an editor, publishing is simply not theirs.
        blocked = refused.message if refused and user.has_perm("claims.publish_claim") else None
    return {
        "claim": claim,
        "reviews": list(claim.reviews.select_related("by")),
        "review_forms": {
            action: forms.get(action) or REVIEW_FORMS[action](claim=claim) for action in actions
        },
        "review_errors": [error for form in forms.values() for error in form.non_field_errors()],
        "publish_blocked": blocked,
    }
