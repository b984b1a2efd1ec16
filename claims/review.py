"""The review workflow: draft → in review → published, and back to draft on withdrawal.

Each move is one conditional UPDATE on the status it starts from, so two reviewers
publishing at once give one publication and the second a clear refusal, never a 500; each
move is recorded as a ClaimReview, which nothing deletes. Publishing needs the publish
permission and a second pair of eyes: the reviewer is neither the claim's author nor its
last editor. A published claim's words and grade (LOCKED_FIELDS) change only after it is
withdrawn to draft. The database holds the same rules (constraints on Claim, triggers in
migration 0011) against any write that goes around this module.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import (
    Claim,
    ClaimQuerySet,
    ClaimReview,
    ClaimStatus,
    Credibility,
    ReviewAction,
)

# What a reviewer vouches for on publishing: the quote (with its anchor) and summary, and
# the grade they gave.
LOCKED_FIELDS = ("summary", "quote", "quote_start", "quote_end", "source_id", "credibility")
# Written by this module alone: a form or admin save leaves them as they are in the database.
REVIEW_FIELDS = ("status", "submitted_at", "reviewed_by", "reviewed_at")
LOCKED_MESSAGE = (
    "This claim is published: its quote, summary and grade change only through review. "
    "Withdraw it to draft (saying why), edit it, then submit it again."
)
PERMISSIONS = {
    ReviewAction.SUBMIT: "claims.change_claim",
    ReviewAction.PUBLISH: "claims.publish_claim",
}
# Where each move may start from, and where it leads.
MOVES = {
    ReviewAction.SUBMIT: ((ClaimStatus.DRAFT,), ClaimStatus.IN_REVIEW),
    ReviewAction.PUBLISH: ((ClaimStatus.IN_REVIEW,), ClaimStatus.PUBLISHED),
    ReviewAction.WITHDRAW: ((ClaimStatus.IN_REVIEW, ClaimStatus.PUBLISHED), ClaimStatus.DRAFT),
}
PERMISSION_MESSAGES = {
    "claims.publish_claim": "Publishing a claim, or withdrawing a published one, needs the "
    "reviewer role.",
    "claims.change_claim": "Submitting a claim, or withdrawing one from review, needs the "
    "editor role.",
}
STATE_MESSAGES = {
    ReviewAction.SUBMIT: "Only a draft can be submitted for review; this claim is {status}.",
    ReviewAction.PUBLISH: "Only a claim in review can be published; this claim is {status}.",
    ReviewAction.WITHDRAW: "Only a claim in review or published can be withdrawn; "
    "this claim is a {status}.",
}


class ReviewRefused(ValidationError):
    """A review step that the claim's state or the user's role does not allow.

    `forbidden` is true when the refusal is about who is asking (a 403), false when it is
    about the claim's state, which someone may just have changed (a 409).
    """

    def __init__(self, message: str, *, forbidden: bool = False) -> None:
        super().__init__(message, code="forbidden" if forbidden else "conflict")
        self.forbidden = forbidden


def _permission(action: str, claim: Claim) -> str:
    if action == ReviewAction.WITHDRAW and claim.status == ClaimStatus.PUBLISHED:
        # Taking back a publication is a reviewer's decision, like making it.
        return "claims.publish_claim"
    return PERMISSIONS.get(action, "claims.change_claim")


def refusal(claim: Claim, action: str, user: Any) -> ReviewRefused | None:
    """Why `user` may not take `action` on `claim` as it stands, or None if they may."""
    starts, _ = MOVES[action]
    if claim.status not in starts:
        status = ClaimStatus(claim.status).label.lower()
        return ReviewRefused(STATE_MESSAGES[action].format(status=status))
    if not user.has_perm(_permission(action, claim)):
        return ReviewRefused(PERMISSION_MESSAGES[_permission(action, claim)], forbidden=True)
    if action == ReviewAction.PUBLISH:
        if claim.created_by_id == user.pk:
            return ReviewRefused(
                "You recorded this claim, so another reviewer must publish it (four eyes).",
                forbidden=True,
            )
        if claim.updated_by_id == user.pk:
            return ReviewRefused(
                "You made the last edit to this claim, so another reviewer must publish it "
                "(four eyes).",
                forbidden=True,
            )
    return None


def allowed_actions(claim: Claim, user: Any) -> list[str]:
    """The review steps `user` may take on `claim` now, for the buttons on its page."""
    if not user.is_authenticated:
        return []
    return [action for action in MOVES if refusal(claim, action, user) is None]


def awaiting_review() -> ClaimQuerySet:
    """Claims in review, the longest waiting first (served by claim_review_queue_idx)."""
    return Claim.objects.filter(status=ClaimStatus.IN_REVIEW).order_by("submitted_at", "id")


def in_review_by(author: Any) -> ClaimQuerySet:
    """The claims `author` recorded that wait in review (served by claim_author_queue_idx)."""
    return awaiting_review().filter(created_by=author)


def submit(claim: Claim, *, by: Any) -> ClaimReview:
    """Send a draft for review."""
    return _move(claim, ReviewAction.SUBMIT, by, submitted_at=timezone.now())


def publish(claim: Claim, *, by: Any, grade: int | None = None) -> ClaimReview:
    """Publish a claim in review with the grade `by` gives it (its current one if None)."""
    grade = claim.credibility if grade is None else grade
    if grade not in Credibility.values:
        raise ReviewRefused("Give a credibility grade from 1 to 6.")
    if grade != claim.credibility and not by.has_perm("claims.grade_claim"):
        raise ReviewRefused("Grading credibility needs the reviewer role.", forbidden=True)
    # Four eyes once more in the UPDATE itself, against the row as it is now: an edit saved
    # since this claim was read may have made `by` its last editor.
    others = ~Q(created_by=by) & ~Q(updated_by=by)
    return _move(
        claim,
        ReviewAction.PUBLISH,
        by,
        others,
        grade=grade,
        credibility=grade,
        reviewed_by=by,
        reviewed_at=timezone.now(),
    )


def withdraw(claim: Claim, *, by: Any, reason: str) -> ClaimReview:
    """Take a claim in review or published back to draft; its review record stays."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRefused("Say why the claim is withdrawn: the reason stays on its record.")
    return _move(
        claim,
        ReviewAction.WITHDRAW,
        by,
        reason=reason,
        submitted_at=None,
        reviewed_by=None,
        reviewed_at=None,
    )


@transaction.atomic
def _move(
    claim: Claim,
    action: str,
    by: Any,
    conditions: Q | None = None,
    *,
    grade: int | None = None,
    reason: str = "",
    **changes: Any,
) -> ClaimReview:
    refused = refusal(claim, action, by)
    if refused:
        raise refused
    start, (_, status) = claim.status, MOVES[action]
    moved = Claim.objects.filter(conditions or Q(), pk=claim.pk, status=start).update(
        status=status, **changes
    )
    if not moved:
        # Someone moved or edited the claim since it was read: say what stands in the way now.
        claim.refresh_from_db()
        remember_stored(claim)
        raise refusal(claim, action, by) or ReviewRefused(
            "Someone changed this claim at the same moment. Reload it and try again."
        )
    for name, value in {"status": status, **changes}.items():
        setattr(claim, name, value)
    # The move's UPDATE counted as a save (claims.concurrency): this instance is that save.
    claim.version += 1
    remember_stored(claim)
    return ClaimReview.objects.create(
        claim=claim,
        action=action,
        from_status=start,
        by=by,
        at=timezone.now(),
        grade=grade,
        reason=reason,
    )


def check_unlocked(claim: Claim) -> None:
    """Refuse a change to a published claim's quote, summary or grade."""
    if claim._state.adding or claim.stored("status") != ClaimStatus.PUBLISHED:
        return
    changed = [name for name in LOCKED_FIELDS if getattr(claim, name) != claim.stored(name)]
    if changed:
        field = "quote" if changed[0] in ("quote_start", "quote_end", "source_id") else changed[0]
        raise ValidationError({field: LOCKED_MESSAGE}, code="locked")


def guard_save(claim: Claim, save_kwargs: dict[str, Any]) -> None:
    """Before `Claim.save()`: the review fields are never written by a save, only by a move.

    An edit form read before a reviewer published (or withdrew) the claim must not write the
    old status back over the new one, so an update leaves the review fields out.
    """
    if claim._state.adding:
        return
    if claim.status != claim.stored("status") and claim.stored("status") is not None:
        raise ReviewRefused(
            "A claim's status changes only by submitting, publishing or withdrawing it."
        )
    check_unlocked(claim)
    fields = save_kwargs.get("update_fields")
    if fields is None:
        fields = [field.name for field in claim._meta.concrete_fields if not field.primary_key]
    save_kwargs["update_fields"] = [name for name in fields if name not in REVIEW_FIELDS]


def remember_stored(claim: Claim) -> None:
    """Record the instance's loaded values as what the database holds, after a write."""
    loaded = claim.__dict__
    claim._stored = {
        field.attname: loaded[field.attname]
        for field in claim._meta.concrete_fields
        if field.attname in loaded
    }
