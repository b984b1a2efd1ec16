from collections.abc import Callable

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.urls import include, path
from django.views.decorators.http import require_safe

from claims.interchange.feeds import IncidentFeed, PublishedFeed
from claims.views import (
    actors,
    autocomplete,
    claimreview,
    claims,
    desk,
    exports,
    health,
    history,
    incidents,
    intake,
    pairing,
    records,
    review,
    sources,
)


def feed(view: Feed) -> Callable:
    """A feed as a view: GET only, and open without sign-in (claims.interchange.feeds)."""
    return login_not_required(require_safe(view))


urlpatterns = [
    path("", desk.desk, name="desk"),
    path("claims/", claims.claim_list, name="claim_list"),
    path("claims/export.csv", exports.claim_export, name="claim_export"),
    path("claims/new/", claims.claim_create, name="claim_create"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path(
        "claims/<int:pk>/claimreview.json",
        claimreview.claim_claimreview,
        name="claim_claimreview",
    ),
    path("claims/<int:pk>/annotation.jsonld", exports.claim_annotation, name="claim_annotation"),
    path("claims/<int:pk>/edit/", claims.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/review/<slug:action>/", review.claim_review, name="claim_review"),
    path("claims/<int:pk>/evidence/", claims.evidence_add, name="evidence_add"),
    path("claims/<int:pk>/pair/", pairing.pair, name="claim_pair"),
    path("claims/<int:pk>/pair/link/", pairing.link_create, name="link_create"),
    path("claims/<int:pk>/pair/respond/", pairing.response_create, name="response_create"),
    path("claims/<int:pk>/history/", history.claim_history, name="claim_history"),
    path(
        "claims/<int:pk>/history/<int:version>/revert/",
        history.claim_revert,
        name="claim_revert",
    ),
    path("claims/<int:pk>/delete/", history.claim_delete, name="claim_delete"),
    path("evidence/<int:pk>/delete/", history.evidence_delete, name="evidence_delete"),
    path("links/<int:pk>/undo/", pairing.link_undo, name="link_undo"),
    path("removed/", history.removed_list, name="removed_list"),
    path("removed/<int:pk>/restore/", history.removal_restore, name="removal_restore"),
    path("actors/new/", records.actor_create, name="actor_create"),
    path("incidents/new/", records.incident_create, name="incident_create"),
    path("places/new/", records.place_create, name="place_create"),
    path("incidents/<slug:slug>/", incidents.incident_detail, name="incident_detail"),
    path("incidents/<slug:slug>/dossier.csv", exports.dossier_csv, name="dossier_csv"),
    path("incidents/<slug:slug>/dossier.json", exports.dossier_json, name="dossier_json"),
    path("incidents/<slug:slug>/feed.atom", feed(IncidentFeed()), name="incident_feed"),
    path("sources/<int:pk>/", sources.source_detail, name="source_detail"),
    path(
        "sources/<int:pk>/annotations.jsonld",
        exports.source_annotations,
        name="source_annotations",
    ),
    path("feeds/published.atom", feed(PublishedFeed()), name="published_feed"),
    path("sources/new/", intake.intake_new, name="intake_new"),
    path("sources/<int:pk>/intake/", intake.intake_start, name="intake_start"),
    path("intake/<int:pk>/", intake.intake_detail, name="intake_detail"),
    path("intake/<int:pk>/accept/", intake.intake_accept, name="intake_accept"),
    path("actors/<int:pk>/", actors.actor_detail, name="actor_detail"),
    path("autocomplete/<slug:kind>/", autocomplete.suggestions, name="autocomplete"),
    path("accounts/", include("claims.password_reset.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
