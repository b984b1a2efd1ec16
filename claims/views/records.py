"""Pages that add the rows claims are recorded against: actors, incidents and places."""

from collections.abc import Callable

from django.contrib import messages
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from claims.forms import ActorForm, IncidentForm, PlaceForm
from claims.views.access import can, render_page, saved


def _add(
    request: HttpRequest,
    form_class: type[ModelForm],
    noun: str,
    done: Callable[[Model], HttpResponse] = redirect,
) -> HttpResponse:
    """The page with the form; once a posted form is saved, a message and `done(row)`."""
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid() and saved(form):
        messages.success(request, f"{noun.capitalize()} “{form.instance}” added.")
        return done(form.instance)
    return render_page(request, "claims/record_form.html", {"form": form, "noun": noun}, "form")


@can("claims.add_actor")
@require_http_methods(["GET", "POST"])
def actor_create(request: HttpRequest) -> HttpResponse:
    """Add an actor, then show its page."""
    return _add(request, ActorForm, "actor")


@can("claims.add_incident")
@require_http_methods(["GET", "POST"])
def incident_create(request: HttpRequest) -> HttpResponse:
    """Add an incident, then show its page."""
    return _add(request, IncidentForm, "incident")


@can("claims.add_place")
@require_http_methods(["GET", "POST"])
def place_create(request: HttpRequest) -> HttpResponse:
    """Add a place, then go back to the page that asked for it (`?next=`), or the claim list.

    Places have no page of their own; they are picked on the claim and incident forms.
    """

    def back(place: Model) -> HttpResponse:
        there = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(there, {request.get_host()}, request.is_secure()):
            return redirect(there)
        return redirect("claim_list")

    return _add(request, PlaceForm, "place", back)
