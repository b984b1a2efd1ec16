"""Atom feeds of newly published claims: the desk's, and each incident's.

A feed reader cannot sign in, so the feeds are the one part of the ledger open without
signing in, and they hold only what the desk has published: published claims, newest
publication first, and of what a response answers only the claims that are published too.
Each entry links to the claim's page, which is behind sign-in like every other page.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from claims.models import Claim, ClaimLink, ClaimQuerySet, ClaimStatus, Incident

ENTRIES = 50


def published(claims: ClaimQuerySet) -> ClaimQuerySet:
    """The newest published of `claims`, with their speaker, incident and published targets."""
    return (
        claims.filter(status=ClaimStatus.PUBLISHED)
        .select_related("speaker", "incident")
        .prefetch_related(
            Prefetch(
                "outgoing_links",
                ClaimLink.objects.filter(to_claim__status=ClaimStatus.PUBLISHED)
                .select_related("to_claim__speaker")
                .order_by("created_at", "id"),
                to_attr="published_answers",
            )
        )
        .order_by("-reviewed_at", "-id")[:ENTRIES]
    )


class PublishedFeed(Feed):
    """The desk's feed: every newly published claim and response."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return f"{settings.DESK_NAME}: newly published claims"

    def author_name(self) -> str:
        return settings.DESK_NAME

    def link(self) -> str:
        return reverse("desk")

    def subtitle(self) -> str:
        return "Claims and responses as the desk publishes them, newest first."

    def items(self) -> ClaimQuerySet:
        return published(Claim.objects.all())

    def item_title(self, claim: Claim) -> str:
        return f"{claim.speaker.name}: {claim.summary}"

    def item_description(self, claim: Claim) -> str:
        quote = format_html("<blockquote>{}</blockquote>", claim.quote) if claim.quote else ""
        answers = format_html_join(
            "",
            "<p>{} {}: {} (claim #{})</p>",
            (
                (
                    link.get_relation_display().capitalize(),
                    link.to_claim.speaker.name,
                    link.to_claim.summary,
                    link.to_claim_id,
                )
                for link in claim.published_answers
            ),
        )
        return format_html("<p>{}</p>{}{}", claim.summary, quote, answers)

    def item_author_name(self, claim: Claim) -> str:
        return claim.speaker.name

    def item_pubdate(self, claim: Claim) -> datetime:
        return claim.reviewed_at

    def item_updateddate(self, claim: Claim) -> datetime:
        return claim.updated_at

    def item_categories(self, claim: Claim) -> list[str]:
        categories = [claim.get_kind_display()]
        if claim.published_answers:
            categories.append("Response")
        if claim.incident:
            categories.append(claim.incident.title)
        return categories


class IncidentFeed(PublishedFeed):
    """One incident's feed: its newly published claims and responses."""

    def get_object(self, request: HttpRequest, slug: str) -> Incident:
        return get_object_or_404(Incident, slug=slug)

    def title(self, incident: Incident) -> str:
        return f"{settings.DESK_NAME}: {incident.title}"

    def link(self, incident: Incident) -> str:
        return incident.get_absolute_url()

    def subtitle(self, incident: Incident) -> str:
        return f"Claims and responses about {incident.title} as the desk publishes them."

    def items(self, incident: Incident) -> ClaimQuerySet:
        return published(Claim.objects.filter(incident=incident))
