"""Article intake: paste an article, watch its statements being found, accept them as claims."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from claims.intake import articles, runs, table
from claims.intake.accept import Accepted, accept
from claims.intake.forms import AcceptForm, NewSourceForm
from claims.intake.models import Intake, IntakeStatus
from claims.models import ClaimKind, Relation, Source
from claims.views.access import can, render_page

INTAKE = ("claims.add_source", "claims.add_claim")
DETAIL = "claims/intake_detail.html"


@can(*INTAKE)
@require_http_methods(["GET", "POST"])
def intake_new(request: HttpRequest) -> HttpResponse:
    """Add a source: a pasted article's statements are then found in the background; a source
    without text opens its page, to record claims from it by hand."""
    form = NewSourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            received = articles.receive(
                form.instance,
                form.cleaned_data["outlet_name"],
                form.cleaned_data["published_on"],
                request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if received.existing:
                messages.info(
                    request,
                    f"This text is already on record as “{received.source.title}”: "
                    "nothing new was saved. You can run intake on it again here.",
                )
                return redirect("intake_start", received.source.pk)
            if received.intake is None:
                messages.success(
                    request,
                    "Source saved without text: claims recorded from it have no anchored "
                    "quote, and say so. Paste its text in the admin to anchor them.",
                )
                return redirect(received.source)
            messages.success(request, "Article saved. Finding the attributed statements…")
            return redirect(received.intake)
    return render_page(request, "claims/intake_new.html", {"form": form}, "form")


@can(*INTAKE)
@require_http_methods(["GET", "POST"])
def intake_start(request: HttpRequest, pk: int) -> HttpResponse:
    """A source already on record: its earlier intake runs, and a button to run intake again."""
    source = get_object_or_404(Source.objects.defer("text"), pk=pk)
    if request.method == "POST":
        intake = runs.start(source, request.user)
        return redirect(intake)
    context = {"source": source, "intakes": source.intakes.select_related("created_by")[:10]}
    return render_page(request, "claims/intake_start.html", context, "runs")


@can(*INTAKE)
@require_safe
@vary_on_headers("HX-Request")
def intake_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's progress and, once it is done, its proposals to review; htmx polls the run."""
    intake = get_object_or_404(Intake.objects.select_related("source"), pk=pk)
    runs.requeue_if_stale(intake)
    return render_page(request, DETAIL, _context(intake), "run")


@can(*INTAKE)
@require_POST
def intake_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the ticked proposals, as edited, as claims and links: all of them or none."""
    intake = get_object_or_404(Intake.objects.select_related("source"), pk=pk)
    if intake.status != IntakeStatus.DONE:
        messages.error(request, "This run has no proposals yet.")
        return redirect(intake)
    proposals = table.build(intake, request.POST)
    form = AcceptForm(request.POST)
    accepted = (
        accept(proposals, request.user, form.cleaned_data["incident"]) if form.is_valid() else None
    )
    if accepted is None:
        return render_page(request, DETAIL, _context(intake, proposals, form), "run")
    messages.success(request, _recorded(accepted))
    first = f"#quote-{accepted.claims[0].pk}" if accepted.claims else ""
    return redirect(f"{intake.source.get_absolute_url()}{first}")


def _context(
    intake: Intake, proposals: table.Table | None = None, form: AcceptForm | None = None
) -> dict:
    if proposals is None and intake.status == IntakeStatus.DONE:
        proposals = table.build(intake)
    return {
        "intake": intake,
        "table": proposals,
        "accept_form": form or AcceptForm(),
        "kinds": ClaimKind.choices,
        "relations": Relation.choices,
    }


def _recorded(accepted: Accepted) -> str:
    if not accepted.claims:
        return "Every ticked proposal was already recorded: nothing new was added."
    said = f"Recorded {len(accepted.claims)} claim(s) as drafts"
    if accepted.links:
        said += f" and {len(accepted.links)} link(s)"
    if accepted.actors:
        said += f", adding {', '.join(actor.name for actor in accepted.actors)} as new actors"
    return said + ". They are highlighted in the text below."
