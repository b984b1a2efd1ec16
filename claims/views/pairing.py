"""The pairing workspace: put an accusation and the response to it side by side, in one action.

Writes answer a plain POST with a redirect and a flash message, and an htmx POST with the
part of the page it changed plus out-of-band refreshes of the rest. When the ledger refuses a
pairing (a self-link, a duplicate, the same pairing made by someone else a moment before),
htmx gets the message in place with status 200; a plain POST gets the page again with the
message and status 409.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import MAX_URL_REDIRECT_LENGTH
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from claims import pairing
from claims.forms import PairingForm, ResponseForm
from claims.ids import parse_id
from claims.models import Claim, ClaimKind, ClaimLink, Facet, Relation
from claims.sides import SideMap
from claims.views.access import can, render_page, wants_partial

TEMPLATE = "claims/claim_pair.html"


@require_safe
@vary_on_headers("HX-Request")
def pair(request: HttpRequest, pk: int) -> HttpResponse:
    """The claim, its ranked candidates with their reasons, search, its pairings both ways."""
    claim = _claim(pk)
    context = _workspace(claim, request.GET.get("q", ""))
    return render_page(request, TEMPLATE, context, "suggestions")


@can("claims.add_claimlink")
@require_POST
def link_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Pair the page's claim with a candidate: the response is always the link's from_claim."""
    claim = _claim(pk)
    form = PairingForm(request.POST)
    status = 200
    if form.is_valid():
        response, target = pairing.ends(claim, form.cleaned_data["candidate"])
        try:
            link = pairing.pair(
                response,
                target,
                form.cleaned_data["relation"] or pairing.default_relation(response),
                form.cleaned_data["facets"],
                form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
            status = 409
        else:
            messages.success(request, f"Paired: {pairing.describe(link)}.")
            # A fresh form: the next pairing should not inherit this one's note.
            return _written(request, claim, "links", "pair_form", paired=link)
    messages.error(request, f"Not paired: {' '.join(_error_messages(form))}")
    if wants_partial(request):
        return _sections(request, claim, "links", "pair_form", pair_form=form)
    context = _workspace(claim, request.POST.get("q", ""), pair_form=form)
    return render(request, TEMPLATE, context, status=status)


@can("claims.delete_claimlink")
@require_POST
def link_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a pairing, then show the page's claim without it."""
    link = (
        ClaimLink.objects.select_related("from_claim__speaker", "to_claim__speaker")
        .filter(pk=pk)
        .first()
    )
    page_claim_id = request.POST.get("claim", "")
    if link is None:
        # A second click on the same Undo: the pairing is already gone, which is what was asked.
        messages.info(request, "That pairing was already undone.")
        return _written(request, _claim(page_claim_id), "links")
    if page_claim_id != str(link.from_claim_id):
        page_claim_id = link.to_claim_id
    pairing.undo(link, by=request.user)
    messages.success(request, f"Undone: “{pairing.describe(link)}” is off the record.")
    return _written(request, _claim(page_claim_id), "links")


@can("claims.add_claim", "claims.add_claimlink")
@require_POST
def response_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a response that is not in the ledger yet and pair it with the page's claim."""
    claim = _claim(pk)
    form = ResponseForm(request.POST, auto_id="response-%s")
    if form.is_valid():
        try:
            link = pairing.record_response(
                claim,
                form.claim_fields(),
                form.cleaned_data["relation"],
                form.cleaned_data["facets"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Recorded and paired: {pairing.describe(link)}.")
            return _written(request, claim, "record_response", paired=link)
    context = _workspace(claim, request.POST.get("q", ""), response_form=form)
    return render_page(request, TEMPLATE, context, "record_response")


def _claim(pk: int | str) -> Claim:
    """The page's claim, with what the ranking reads from it loaded up front."""
    if parse_id(pk) is None:
        raise Http404("No such claim.")
    return get_object_or_404(
        Claim.objects.with_context().prefetch_related("places", "accused"), pk=pk
    )


def _workspace(
    claim: Claim,
    query: str,
    *,
    pair_form: PairingForm | None = None,
    response_form: ResponseForm | None = None,
    paired: ClaimLink | None = None,
) -> dict:
    """Everything the page shows, with one side map for every claim on it."""
    query = query.strip()
    suggestions = pairing.suggest(claim, query=query)
    responses = list(claim.responses())
    responds_to = list(claim.responds_to())
    # Suggestions come with their sides; the page's claim and its links need theirs.
    linked = [link.from_claim for link in responses] + [link.to_claim for link in responds_to]
    SideMap.for_claims([claim, *linked])
    return {
        "claim": claim,
        "finds_responses": pairing.finds_responses(claim),
        "query": query,
        "suggestions": suggestions,
        "pair_form": pair_form or _pair_form(claim),
        "responses": responses,
        "responds_to": responds_to,
        "paired": paired,
        "paired_sentence": pairing.describe(paired) if paired else "",
        "response_form": response_form
        or ResponseForm(
            auto_id="response-%s", initial={"kind": ClaimKind.DENIAL, "relation": Relation.DENIES}
        ),
    }


def _pair_form(claim: Claim) -> PairingForm:
    """The page's one pairing form. From a response, the relation is its own; from an
    accusation it is left to each candidate's kind (a denial denies, a vow supports)."""
    relation = "" if pairing.finds_responses(claim) else pairing.default_relation(claim)
    return PairingForm(
        auto_id="pair-%s", initial={"relation": relation, "facets": [Facet.OCCURRENCE]}
    )


def _written(
    request: HttpRequest, claim: Claim, main: str, *refreshed: str, **parts: object
) -> HttpResponse:
    """After a write: a plain POST goes back to the page, htmx gets the changed sections."""
    if wants_partial(request):
        return _sections(request, claim, main, *refreshed, **parts)
    url = reverse("claim_pair", args=[claim.pk])
    query = request.POST.get("q", "").strip()
    searched = f"{url}?{urlencode({'q': query})}"
    # Django refuses to redirect to a longer URL (a 400 after the write was done): a search
    # that long goes back to the page without it.
    return HttpResponseRedirect(
        searched if query and len(searched) <= MAX_URL_REDIRECT_LENGTH else url
    )


def _sections(
    request: HttpRequest, claim: Claim, main: str, *refreshed: str, **parts: object
) -> HttpResponse:
    """The `main` section for htmx to swap, the lists it changed out of band, the `refreshed`
    forms, and the flash.

    A form is refreshed out of band only when the write came from it: refreshing the pairing
    form after an undo, or the "record the response" form at all, would wipe what an editor
    is typing there.
    """
    context = _workspace(claim, request.POST.get("q", ""), **parts)
    html = render_to_string(f"{TEMPLATE}#{main}", context, request)
    for section in ("links", "suggestions", *refreshed):
        if section != main:
            html += render_to_string(f"{TEMPLATE}#{section}", {**context, "oob": True}, request)
    html += render_to_string(f"{TEMPLATE}#flash", context, request)
    return HttpResponse(html)


def _add_errors(form: Form, error: ValidationError) -> None:
    """Put the ledger's refusal next to the field it is about, or above the form."""
    for field, errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, errors)


def _error_messages(form: Form) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]
