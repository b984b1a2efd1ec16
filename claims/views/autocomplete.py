"""Suggestions for the autocomplete fields: the names that start with what an editor typed."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from claims.autocomplete import LOOKUPS


@require_safe
def suggestions(request: HttpRequest, kind: str) -> HttpResponse:
    """Up to 20 names of `kind` starting with the typed text, as `<option>`s for a datalist."""
    lookup = LOOKUPS.get(kind)
    if lookup is None:
        raise Http404(f"Nothing is suggested for “{kind}”.")
    # A widget's box sends its text under its field's name, and names the field; else `q`.
    text = request.GET.get(request.GET.get("field", "q"), "")
    context = {"suggestions": lookup.suggest(text)}
    return render(request, "widgets/autocomplete.html#suggestions", context)
