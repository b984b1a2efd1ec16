from django.contrib import admin
from django.urls import include, path

from claims.views import (
    actors,
    autocomplete,
    claimreview,
    claims,
    desk,
    health,
    history,
    incidents,
    pairing,
    review,
    sources,
)

urlpatterns = [
    path("", desk.desk, name="desk"),
    path("claims/", claims.claim_list, name="claim_list"),
    path("claims/new/", claims.claim_create, name="claim_create"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path(
        "claims/<int:pk>/claimreview.json",
        claimreview.claim_claimreview,
        name="claim_claimreview",
    ),
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
    path("incidents/<slug:slug>/", incidents.incident_detail, name="incident_detail"),
    path("sources/<int:pk>/", sources.source_detail, name="source_detail"),
    path("actors/<int:pk>/", actors.actor_detail, name="actor_detail"),
    path("autocomplete/<slug:kind>/", autocomplete.suggestions, name="autocomplete"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
