"""The Django admin as the desk's data-entry tool: every ledger record, searchable and linked.

Changelists select their related rows up front so a page of 100 claims costs the same few
queries as a page of 5. Who entered a claim, a link or a piece of evidence is recorded from
the signed-in user, never typed.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseModelFormSet, ModelForm, ModelMultipleChoiceField
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from claims.admin_dates import BoundedDateHierarchy
from claims.concurrency.admin import VersionedAdmin, VersionedInline
from claims.forms import (
    ClaimForm,
    ClaimLinkForm,
    FigureForm,
    LimitsReported,
    SourceForm,
    WithdrawForm,
)
from claims.history.removal import remove
from claims.ids import parse_id
from claims.models import (
    Actor,
    Claim,
    ClaimKind,
    ClaimLink,
    ClaimReview,
    ClaimStatus,
    EvidenceLink,
    Figure,
    Incident,
    Place,
    ReviewAction,
    Source,
)
from claims.review import LOCKED_FIELDS, ReviewRefused
from claims.search import matching

# The field on each model that records who entered it.
AUTHOR_FIELDS: dict[type[models.Model], str] = {
    Claim: "created_by",
    ClaimLink: "created_by",
    EvidenceLink: "added_by",
}


def record_author(obj: models.Model, user: AbstractBaseUser) -> None:
    """Set who entered `obj` when it is new (later edits keep the original author), and who
    edited a claim last, which four eyes keep from publishing it."""
    field = AUTHOR_FIELDS.get(type(obj))
    if field is not None and obj.pk is None:
        setattr(obj, field, user)
    if isinstance(obj, Claim):
        obj.updated_by = user


class KnownIdsOnly:
    """An admin autocomplete that shows again only the posted values that can be ids.

    Django's widget looks every posted value up as an id to re-render the form; a value such
    as "Actor 4" or 10**30 made that lookup raise (a 500) instead of leaving the field's own
    "select a valid choice" error on show.
    """

    def optgroups(self, name: str, value: list, attr: dict | None = None) -> list:
        target = self.field.remote_field
        field_name = getattr(target, "field_name", None)
        key = target.model._meta.get_field(field_name) if field_name else target.model._meta.pk
        return super().optgroups(name, [v for v in value if _is_key(key, v)], attr)


def _is_key(key: models.Field, value: Any) -> bool:
    try:
        key.run_validators(key.to_python(value))
    except (ValidationError, TypeError, ValueError):
        return False
    return True


class KnownIdsSelect(KnownIdsOnly, AutocompleteSelect):
    pass


class KnownIdsSelectMultiple(KnownIdsOnly, AutocompleteSelectMultiple):
    pass


class KnownIdsMultipleChoiceField(ModelMultipleChoiceField):
    """Refuses a posted value that cannot be an id before Django looks them all up at once:
    10**30 among them made that lookup overflow (a 500)."""

    def _check_values(self, value: Any) -> QuerySet:
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        for pk in value if isinstance(value, list | tuple) else ():
            if not _is_key(key, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class KnownIdsAutocompletes:
    """Admins and inlines whose `autocomplete_fields` use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault("widget", KnownIdsSelect(db_field, self.admin_site))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault("widget", KnownIdsSelectMultiple(db_field, self.admin_site))
            kwargs.setdefault("form_class", KnownIdsMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LimitsReportedForm(LimitsReported, ModelForm):
    """The admin's forms, like the pages': text too long is an error, never cut by the browser."""


class LedgerAdmin(BoundedDateHierarchy, KnownIdsAutocompletes, VersionedAdmin, SimpleHistoryAdmin):
    """Records the author of new objects, whether saved on their own page or as inline rows;
    refuses to save over a newer version of a record or of its inline rows; shows each
    object's versions; and deletes restorably, one removal per object."""

    form = LimitsReportedForm

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        record_author(obj, request.user)
        super().save_model(request, obj, form, change)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseModelFormSet, change: bool
    ) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            admin_remove(obj, request.user)
        for obj in instances:
            record_author(obj, request.user)
            obj.save()
        formset.save_m2m()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        admin_remove(obj, request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            admin_remove(obj, request.user)


def admin_remove(obj: models.Model, user: AbstractBaseUser) -> None:
    """Delete `obj` as a removal of its own, restorable from "Recently removed"."""
    remove(obj, user, f"Deleted {obj._meta.verbose_name} “{obj}” in the admin")


def admin_link(obj: models.Model) -> str:
    url = reverse(f"admin:claims_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


# Actors ------------------------------------------------------------------------------------


class ChildActorInline(VersionedInline, admin.TabularInline):
    model = Actor
    form = LimitsReportedForm
    fk_name = "parent"
    fields = ["name", "kind", "title", "country"]
    extra = 0
    show_change_link = True
    verbose_name = "affiliated actor"
    verbose_name_plural = "Affiliated actors (speak for or belong to this one)"


@admin.register(Actor)
class ActorAdmin(LedgerAdmin):
    list_display = ["name", "kind", "title", "parent", "country"]
    list_filter = ["kind", ("parent", admin.EmptyFieldListFilter), "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "aliases", "title"]
    autocomplete_fields = ["parent"]
    ordering = ["name"]
    fields = ["name", "kind", "title", "country", "aliases", "parent", "side", "affiliation"]
    readonly_fields = ["side", "affiliation"]
    inlines = [ChildActorInline]

    @admin.display(description="Side")
    def side(self, actor: Actor) -> str | None:
        return admin_link(actor.side) if actor.pk else None

    @admin.display(description="Affiliation chain")
    def affiliation(self, actor: Actor) -> str | None:
        if actor.pk is None:
            return None
        return format_html_join(" → ", "{}", ((admin_link(a),) for a in actor.affiliation_chain()))


# Places and incidents ----------------------------------------------------------------------


@admin.register(Place)
class PlaceAdmin(LedgerAdmin):
    list_display = ["name", "country", "latitude", "longitude"]
    list_filter = ["country"]
    search_fields = ["name", "country"]
    ordering = ["name", "country"]


@admin.register(Incident)
class IncidentAdmin(LedgerAdmin):
    list_display = ["title", "occurred_on", "slug"]
    search_fields = ["title", "slug", "summary"]
    # No filter by place: it would list every place. Search and the date drill-down narrow.
    date_hierarchy = "occurred_on"
    ordering = ["-occurred_on", "title"]
    autocomplete_fields = ["places"]
    prepopulated_fields = {"slug": ["title"]}


# Sources -----------------------------------------------------------------------------------


class SourceClaimInline(VersionedInline, admin.TabularInline):
    """The claims recorded from this source, listed with links to edit them.

    View-only on purpose: each claim's quote is anchored in this very text, and the claim page
    (with its ClaimForm) is where a quote is pasted, re-anchored or corrected.
    """

    model = Claim
    fields = ["speaker", "kind", "summary", "quote", "stated_on", "status"]
    extra = 0
    show_change_link = True
    verbose_name_plural = "Claims recorded from this source"

    def has_add_permission(self, request: HttpRequest, obj: Source | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Source | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Source | None = None) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(LedgerAdmin):
    form = SourceForm
    list_display = ["title", "kind", "outlet", "published_at", "reliability", "language"]
    list_filter = ["kind", "reliability", "language"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "outlet__name", "text"]
    autocomplete_fields = ["outlet"]
    date_hierarchy = "published_at"
    ordering = ["-published_at", "title"]
    readonly_fields = ["text_sha256", "record_claim"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "outlet", "reliability", "language", "record_claim"]}),
        ("Where and when", {"fields": ["url", "archive_url", "published_at", "retrieved_at"]}),
        ("Captured text", {"fields": ["text", "text_sha256"]}),
    ]
    inlines = [SourceClaimInline]

    @admin.display(description="New claim")
    def record_claim(self, source: Source) -> str | None:
        if source.pk is None:
            return None
        url = reverse("admin:claims_claim_add") + f"?source={source.pk}"
        return format_html('<a href="{}">Record a claim from this source</a>', url)


# Claims and what hangs off them ------------------------------------------------------------


class FigureInline(VersionedInline, admin.TabularInline):
    model = Figure
    form = FigureForm
    extra = 1


class EvidenceInline(KnownIdsAutocompletes, VersionedInline, admin.StackedInline):
    model = EvidenceLink
    form = LimitsReportedForm
    fk_name = "claim"
    fields = [
        ("url", "source"),
        ("stance", "kind"),
        "excerpt",
        ("archived_url", "content_sha256", "retrieved_at"),
        "note",
        ("added_by", "added_at"),
    ]
    readonly_fields = ["added_by", "added_at"]
    autocomplete_fields = ["source"]
    extra = 0


class RespondsToInline(KnownIdsAutocompletes, VersionedInline, admin.TabularInline):
    """Claims this one answers: "this claim *denies* …"."""

    model = ClaimLink
    form = ClaimLinkForm
    fk_name = "from_claim"
    fields = ["relation", "to_claim", "facets", "note"]
    autocomplete_fields = ["to_claim"]
    extra = 0
    verbose_name = "response to another claim"
    verbose_name_plural = "Responds to"


class ResponsesInline(KnownIdsAutocompletes, VersionedInline, admin.TabularInline):
    """Claims that answer this one: "… *denies* this claim"."""

    model = ClaimLink
    form = ClaimLinkForm
    fk_name = "to_claim"
    fields = ["from_claim", "relation", "facets", "note"]
    autocomplete_fields = ["from_claim"]
    extra = 0
    verbose_name = "response"
    verbose_name_plural = "Responses (claims that answer this one)"


class UnansweredFilter(admin.SimpleListFilter):
    title = "answered"
    parameter_name = "unanswered"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("1", "Unanswered accusations"), ("0", "Answered accusations")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        if self.value() == "1":
            return queryset.unanswered_accusations()
        if self.value() == "0":
            return queryset.accusations().filter(Claim.objects.answered_condition())
        return queryset


class LatestIncidentFilter(admin.SimpleListFilter):
    """Claims about one incident, offering the latest few rather than every incident.

    Any other incident is one search away (search covers incident titles), and a link with
    its id (`?incident__id__exact=`, as the stock filter used) still filters by it.
    """

    title = "incident"
    parameter_name = "incident__id__exact"
    shown = 10

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        incidents = list(Incident.objects.order_by("-occurred_on", "title")[: self.shown])
        chosen = self.incident_id()
        if chosen is not None and all(incident.pk != chosen for incident in incidents):
            incidents += Incident.objects.filter(pk=chosen)
        return [(str(incident.pk), str(incident)) for incident in incidents]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        if not self.value():
            return queryset
        chosen = self.incident_id()
        return queryset.filter(incident=chosen) if chosen is not None else queryset.none()

    def incident_id(self) -> int | None:
        """The chosen id, if the parameter is one: a name or 10**30 in it was a 500."""
        return parse_id(self.value())


@admin.register(Claim)
class ClaimAdmin(LedgerAdmin):
    form = ClaimForm
    list_display = [
        "speaker",
        "kind",
        "summary",
        "incident",
        "status",
        "credibility",
        "stated_on",
        "unanswered",
    ]
    list_display_links = ["summary"]
    list_filter = [
        "kind",
        "status",
        "credibility",
        UnansweredFilter,
        LatestIncidentFilter,
    ]
    list_select_related = ["speaker", "incident"]
    search_fields = [
        "summary",
        "quote",
        "speaker__name",
        "speaker__aliases",
        "source__title",
        "incident__title",
    ]
    autocomplete_fields = ["speaker", "source", "incident", "accused", "places"]
    date_hierarchy = "stated_on"
    ordering = ["-stated_on", "-id"]
    readonly_fields = [
        "quote_in_context",
        "review",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["speaker", "kind", "summary", "source", "incident", "stated_on"]}),
        ("Quote", {"fields": ["quote", ("quote_start", "quote_end"), "quote_in_context"]}),
        ("About", {"fields": ["accused", "places"]}),
        ("Review", {"fields": ["credibility", "review"]}),
        ("Record", {"fields": [("created_by", "created_at"), ("updated_by", "updated_at")]}),
    ]
    inlines = [FigureInline, RespondsToInline, ResponsesInline, EvidenceInline]
    actions = ["submit_claims", "publish_claims", "withdraw_claims"]

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None) -> list[str]:
        """The status is never a field here; the grade is a reviewer's; a published claim's
        quote, summary and grade wait for it to be withdrawn on its page."""
        readonly = list(self.readonly_fields)
        if not request.user.has_perm("claims.grade_claim"):
            readonly.append("credibility")
        if obj is not None and obj.stored("status") == ClaimStatus.PUBLISHED:
            fields = [name.removesuffix("_id") for name in LOCKED_FIELDS]
            readonly += [name for name in fields if name not in readonly]
        return readonly

    @admin.display(description="Status")
    def review(self, claim: Claim) -> str:
        if claim.pk is None:
            return "Draft"
        url = claim.get_absolute_url() + "#review"
        state = claim.get_status_display()
        if claim.reviewed_by_id:
            state += f" by {claim.reviewed_by} on {claim.reviewed_at:%d %b %Y %H:%M}"
        return format_html(
            '{} · <a href="{}">Submit, publish or withdraw on the claim\'s page</a>', state, url
        )

    @admin.action(description="Submit the selected drafts for review")
    def submit_claims(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        self._review(request, queryset, ReviewAction.SUBMIT)

    @admin.action(description="Publish the selected claims in review, with their grades")
    def publish_claims(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        self._review(request, queryset, ReviewAction.PUBLISH)

    @admin.action(description="Withdraw the selected claims to draft, saying why")
    def withdraw_claims(
        self, request: HttpRequest, queryset: QuerySet[Claim]
    ) -> TemplateResponse | None:
        """Asks for the reason first, on a page of its own, then withdraws each claim."""
        form = WithdrawForm(request.POST if "apply" in request.POST else None, claim=None)
        if form.is_valid():
            self._review(request, queryset, ReviewAction.WITHDRAW, **form.cleaned_data)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "claims": queryset.order_by("pk"),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/claim/withdraw.html", context)

    def _review(
        self, request: HttpRequest, queryset: QuerySet[Claim], action: str, **details: Any
    ) -> None:
        """Take one review step on each claim through the domain, four eyes included."""
        done, refused = 0, []
        for claim in queryset.order_by("pk"):
            try:
                getattr(claim, action)(by=request.user, **details)
            except ReviewRefused as refusal:
                refused.append(f"#{claim.pk}: {refusal.message}")
            else:
                done += 1
        label = ReviewAction(action).label.lower()
        if done:
            self.message_user(request, f"{done} claim(s) {label}.", messages.SUCCESS)
        if refused:
            self.message_user(request, f"Not {label}: {' '.join(refused)}", messages.ERROR)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        # Done here rather than left to the changelist, which skips list_select_related once
        # a queryset has any select_related, and so autocomplete results, which show each
        # claim's speaker, come in one query too.
        return (
            super()
            .get_queryset(request)
            .select_related(*self.list_select_related)
            .annotate(answered=Claim.objects.answered_condition())
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Claim], search_term: str
    ) -> tuple[QuerySet[Claim], bool]:
        """The claim list's full-text index instead of a scan of every row; the last word
        is a prefix, as in the claim autocompletes this also serves."""
        if not search_term.strip():
            return queryset, False
        return matching(queryset, search_term, as_you_type=True), False

    @admin.display(description="Unanswered", boolean=True)
    def unanswered(self, claim: Claim) -> bool | None:
        if claim.kind != ClaimKind.ACCUSATION:
            return None
        return not claim.answered

    @admin.display(description="In context")
    def quote_in_context(self, claim: Claim) -> str | None:
        if not claim.is_anchored:
            return None
        before, quote, after = claim.quote_in_context(width=160)
        return format_html("…{}<mark>{}</mark>{}…", before, quote, after)


@admin.register(Figure)
class FigureAdmin(LedgerAdmin):
    form = FigureForm
    list_display = ["claim", "measure", "group", "low", "high"]
    list_filter = ["measure", "group"]
    list_select_related = ["claim__speaker"]
    search_fields = ["claim__summary", "claim__speaker__name"]
    autocomplete_fields = ["claim"]
    ordering = ["-claim__stated_on", "claim", "measure", "group"]


@admin.register(ClaimLink)
class ClaimLinkAdmin(LedgerAdmin):
    form = ClaimLinkForm
    list_display = ["from_claim", "relation", "to_claim", "facet_list", "created_by", "created_at"]
    list_filter = ["relation"]
    list_select_related = ["from_claim__speaker", "to_claim__speaker", "created_by"]
    search_fields = [
        "from_claim__summary",
        "from_claim__speaker__name",
        "to_claim__summary",
        "to_claim__speaker__name",
        "note",
    ]
    autocomplete_fields = ["from_claim", "to_claim"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    fields = ["from_claim", "relation", "to_claim", "facets", "note", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]

    @admin.display(description="Facets")
    def facet_list(self, link: ClaimLink) -> str:
        return ", ".join(link.facet_labels())


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(LedgerAdmin):
    list_display = ["__str__", "claim", "stance", "kind", "added_by", "added_at"]
    list_filter = ["stance", "kind"]
    list_select_related = ["claim__speaker", "source", "added_by"]
    search_fields = ["url", "excerpt", "note", "source__title", "claim__summary"]
    autocomplete_fields = ["claim", "source"]
    date_hierarchy = "added_at"
    ordering = ["-added_at", "-id"]
    readonly_fields = ["added_by", "added_at"]


@admin.register(ClaimReview)
class ClaimReviewAdmin(LedgerAdmin):
    """The review steps, to read: the workflow alone writes them, and they go and come back
    only with their claim (a removal and its restore)."""

    list_display = ["claim", "action", "from_status", "by", "at", "grade"]
    list_filter = ["action"]
    list_select_related = ["claim__speaker", "by"]
    date_hierarchy = "at"
    ordering = ["-at", "-id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Intake runs: work state beside the ledger, read-only (claims.intake.admin).
import claims.intake.admin  # noqa: E402, F401

# django-axes registers its sign-in attempt lists when its admin module is first imported
# (by the import at the top, since "claims" comes first in INSTALLED_APPS); they drill down by date too.
for _model, _axes_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(
            _model, type(_axes_admin.__name__, (BoundedDateHierarchy, _axes_admin), {})
        )
