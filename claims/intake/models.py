"""An intake run: one pass of extraction over a source, and the proposals it left to review.

A run is work state, not ledger data: it records what the extractor proposed so that the
editor can review it, and nothing on it is evidence of what anyone said. What the editor
accepts becomes ledger rows (claims, actors, links), which are versioned as ever; the run
itself is not, and is kept read-only in the admin.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from claims.models import Source, choices_condition, user_field


class IntakeStatus(models.TextChoices):
    PENDING = "pending", "Waiting to start"
    RUNNING = "running", "Finding statements"
    DONE = "done", "Ready to review"
    FAILED = "failed", "Failed"


class Intake(models.Model):
    # A run is only work on its source: it goes when the source goes.
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="intakes")
    created_by = user_field("intakes")
    status = models.CharField(max_length=10, choices=IntakeStatus, default=IntakeStatus.PENDING)
    # Each proposal as `Proposal.as_json()` gives it, plus `ledger_targets`: the ids of the
    # ledger claims that pairing suggests for a response with no target in the article.
    proposals = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When it was last handed to a worker: a run queued again after a restart counts from here.
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=choices_condition("status", IntakeStatus), name="intake_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=IntakeStatus.FAILED) | ~Q(error=""),
                name="intake_failure_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"Intake #{self.pk} of {self.source}"

    def get_absolute_url(self) -> str:
        return reverse("intake_detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (IntakeStatus.DONE, IntakeStatus.FAILED)
