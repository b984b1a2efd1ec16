"""Finding claims: the text search and filters behind the claim list.

`search_claims()` is the one entry point. The text match is a plain case-insensitive
`contains` for now, kept in `matching()` so that full-text search can replace it there
without the filters or the views noticing.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django import forms
from django.db.models import F, Q
from django.http import QueryDict

from claims.models import Actor, Claim, ClaimKind, ClaimQuerySet, ClaimStatus, Incident

# Where a search term may appear. Aliases let "ISPR" find "Inter-Services Public Relations".
SEARCHED_FIELDS = ("quote", "summary", "speaker__name", "speaker__aliases", "source__title")
# Longer queries are almost certainly pasted by mistake, and every term costs a join.
MAX_QUERY_LENGTH = 200


class ClaimFilterForm(forms.Form):
    """The claim list's query string. Every field is optional; an invalid one is reported
    and left out of the search rather than failing the page."""

    q = forms.CharField(
        label="Search", required=False, max_length=MAX_QUERY_LENGTH, widget=forms.SearchInput
    )
    kind = forms.ChoiceField(
        choices=[("", "Any kind"), *ClaimKind.choices], required=False, label="Kind"
    )
    incident = forms.ModelChoiceField(
        Incident.objects.order_by("title"),
        to_field_name="slug",
        required=False,
        empty_label="Any incident",
    )
    speaker = forms.ModelChoiceField(
        Actor.objects.order_by("name"), required=False, empty_label="Any speaker"
    )
    side = forms.ModelChoiceField(
        Actor.objects.filter(parent=None).order_by("name"),
        required=False,
        empty_label="Any side",
        label="Side",
    )
    status = forms.ChoiceField(
        choices=[("", "Any status"), *ClaimStatus.choices], required=False, label="Status"
    )
    unanswered = forms.BooleanField(required=False, label="Only unanswered accusations")
    stated_from = forms.DateField(
        required=False, label="Stated from", widget=forms.DateInput(attrs={"type": "date"})
    )
    stated_to = forms.DateField(
        required=False, label="Stated until", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("stated_from"), cleaned.get("stated_to")
        if start and end and start > end:
            self.add_error("stated_to", "The end of the date range is before its start.")
        return cleaned


def search_claims(params: QueryDict) -> tuple[ClaimQuerySet, ClaimFilterForm]:
    """Claims matching the query string, newest statement first, and the parsed filters.

    The form carries the cleaned filters (`form.cleaned_data`) and the rejected ones
    (`form.errors`); only the valid filters narrow the result.
    """
    form = ClaimFilterForm(params)
    form.is_valid()
    filters = form.cleaned_data
    # A row names its source; the captured text (a whole article) stays in the database.
    claims = Claim.objects.with_context().defer("source__text")
    claims = matching(claims, filters.get("q", ""))
    claims = filtered(claims, filters)
    # Undated claims go last on every database (PostgreSQL would put NULLs first).
    return claims.order_by(F("stated_on").desc(nulls_last=True), "-id"), form


def matching(claims: ClaimQuerySet, text: str) -> ClaimQuerySet:
    """Claims in which every word of `text` appears in one of the searched fields."""
    for term in text.split():
        claims = claims.filter(
            reduce(or_, (Q(**{f"{field}__icontains": term}) for field in SEARCHED_FIELDS))
        )
    return claims


def filtered(claims: ClaimQuerySet, filters: dict[str, Any]) -> ClaimQuerySet:
    """Narrow `claims` by each filter that was given and valid."""
    if filters.get("unanswered"):
        claims = claims.unanswered_accusations()
    if filters.get("side") is not None:
        claims = claims.on_side(filters["side"])
    lookups = {
        "kind": filters.get("kind"),
        "status": filters.get("status"),
        "incident": filters.get("incident"),
        "speaker": filters.get("speaker"),
        "stated_on__gte": filters.get("stated_from"),
        "stated_on__lte": filters.get("stated_to"),
    }
    return claims.filter(**{lookup: value for lookup, value in lookups.items() if value})
