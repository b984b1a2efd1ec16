"""A claim's history, reverting it, deleting claims and evidence, and restoring what was removed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from claims.history import removal
from claims.history.diff import history_of
from claims.history.records import Removal
from claims.ids import parse_id
from claims.models import Claim, EvidenceLink
from claims.paging import page_of
from claims.views.access import can, render_page

HISTORY = "claims/claim_history.html"
REMOVALS_SHOWN = 20
REMOVALS_PER_PAGE = 25


@vary_on_headers("HX-Request")
@require_safe
def claim_history(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim's versions, newest first, each with its author, time and changes."""
    claim = get_object_or_404(Claim.objects.select_related("speaker"), pk=pk)
    history = history_of(claim, before=parse_id(request.GET.get("before")))
    context = {
        "claim": claim,
        "history": history,
        "removals": list(removal.removals_touching(claim.pk)[:REMOVALS_SHOWN]),
    }
    return render_page(request, HISTORY, context, "history")


@can("claims.change_claim")
@require_POST
def claim_revert(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    """Make a claim read as one of its earlier versions did, recorded as a new version."""
    claim = get_object_or_404(Claim, pk=pk)
    record = get_object_or_404(claim.history.exclude(history_type="-"), history_id=version)
    try:
        removal.revert(claim, record, by=request.user)
    except ValidationError as error:
        messages.error(request, f"Not reverted: {' '.join(error.messages)}")
    else:
        messages.success(request, "Reverted: the claim reads as that version did.")
    return redirect(f"{claim.get_absolute_url()}#history")


@require_http_methods(["GET", "POST"])
def claim_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first, naming what depends on the claim; then delete it all, restorably."""
    claim = get_object_or_404(Claim.objects.select_related("speaker"), pk=pk)
    if not removal.may_delete(request.user, claim):
        raise PermissionDenied
    if request.method == "POST":
        try:
            done = removal.delete_claim(claim, by=request.user)
        except IntegrityError:
            # A row came to depend on the claim after this request listed its dependents
            # (another editor paired it meanwhile): ask again, naming it too.
            messages.error(request, "Not deleted: something new depends on it. Check again.")
            return redirect("claim_delete", pk=claim.pk)
        messages.success(request, f"{done.summary}. It can be restored from “Recently removed”.")
        return redirect("removed_list")
    found = removal.dependents(claim)
    context = {
        "claim": claim,
        "groups": found.groups,
        "responding": found.responding_claims(claim),
    }
    return render_page(request, "claims/claim_delete.html", context, "confirm")


@can("claims.delete_evidencelink")
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a piece of evidence off its claim, restorably."""
    evidence = get_object_or_404(EvidenceLink, pk=pk)
    removal.remove(
        evidence, request.user, f"Removed evidence “{evidence}” from claim #{evidence.claim_id}"
    )
    messages.success(request, "Evidence removed. It can be restored from the claim's history.")
    return redirect(reverse("claim_detail", args=[evidence.claim_id]) + "#history")


@vary_on_headers("HX-Request")
@require_safe
def removed_list(request: HttpRequest) -> HttpResponse:
    """What the desk removed and has not restored, newest first."""
    page = page_of(removal.recent_removals(), request.GET.get("page"), REMOVALS_PER_PAGE)
    return render_page(request, "claims/removed.html", {"page": page}, "removals")


@require_POST
def removal_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Put back everything one removal deleted, in one action."""
    found = get_object_or_404(Removal, pk=pk)
    if not removal.may_restore(request.user, found):
        raise PermissionDenied
    try:
        _, restored = removal.restore(found.pk, by=request.user)
    except removal.RestoreError as error:
        messages.error(request, f"Not restored: {error}")
    else:
        note = f" Left out: {'; '.join(restored.left_out)}." if restored.left_out else ""
        messages.success(request, f"Restored: {found.summary}.{note}")
    target = request.POST.get("next", "")
    # Only a path on this site: redirect() would take any other word for a URL's name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect("removed_list")
