"""Removing ledger rows so that they can be put back, reverting a claim, and who may do each.

A removal deletes a subject (a pairing, a piece of evidence, a claim) and the rows that
depend on it, in one transaction, under one `Removal`; each deleted row's last version is
tagged with it. Restoring re-inserts those rows with their ids, parents before children, and
their many-to-many fields as they stood; a dependent row whose other end has gone since (a
link to a claim deleted later) is left out and named, while a subject that cannot come back
(its speaker deleted, its quote no longer in the source) stops the restore with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from claims.history.records import (
    Removal,
    ledger_models,
    record_version,
    recorded_as,
    removing,
    without_versions,
)
from claims.models import Claim, ClaimLink, ClaimStatus

# Fields a revert leaves as they stand: the status changes through the review workflow's own
# steps, and the version counts saves (claims.concurrency), so a revert raises it like any save.
WORKFLOW_FIELDS = {"status", "version"}
SUMMARY_LENGTH = Removal._meta.get_field("summary").max_length


class RestoreError(Exception):
    """The removal cannot be restored; the message says why."""


@dataclass
class Restored:
    """What a restore put back, and the dependent rows it had to leave out (with why)."""

    rows: list[models.Model] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


@dataclass
class Dependents:
    """A claim's dependent rows, grouped by the relation they hang off it by."""

    groups: list[tuple[str, list[models.Model]]]

    @property
    def rows(self) -> list[models.Model]:
        return [row for _, rows in self.groups for row in rows]

    def responding_claims(self, claim: Claim) -> list[Claim]:
        """The claims that answer this one: they stay, only their links to it go."""
        return [
            row.from_claim
            for row in self.rows
            if isinstance(row, ClaimLink) and row.to_claim_id == claim.pk
        ]


def describe(row: models.Model) -> str:
    """A removed row in words, for messages; by its id when what names it is gone too."""
    try:
        return f"{row._meta.verbose_name} “{row}”"
    except ObjectDoesNotExist:
        return f"{row._meta.verbose_name} #{row.pk}"


def dependents(claim: Claim) -> Dependents:
    """Every ledger row that points at `claim` and would have to go with it.

    Found through the app registry, so rows that later models hang off a claim go too.
    """
    groups = []
    for relation in claim._meta.related_objects:
        if not relation.one_to_many or relation.related_model not in ledger_models():
            continue
        rows = relation.related_model._base_manager.filter(**{relation.field.name: claim})
        if relation.related_model is ClaimLink:
            rows = rows.select_related("from_claim__speaker", "to_claim__speaker")
        rows = list(rows)
        if rows:
            label = str(relation.related_model._meta.verbose_name_plural)
            # A model that points at claims twice (a link's two ends) says which end.
            ends = [f for f in relation.related_model._meta.fields if f.related_model is Claim]
            if len(ends) > 1:
                label += f" ({relation.field.verbose_name})"
            groups.append((label, rows))
    return Dependents(groups)


@transaction.atomic
def remove(
    subject: models.Model,
    by: AbstractBaseUser | None,
    summary: str,
    dependent_rows: list[models.Model] = (),
) -> Removal:
    """Delete `dependent_rows`, then `subject`, as one restorable removal."""
    removal = Removal.objects.create(
        removed_by=by if by and by.is_authenticated else None,
        summary=summary[:SUMMARY_LENGTH],
        subject_type=subject._meta.label_lower,
        subject_id=subject.pk,
    )
    with removing(removal):
        for row in [*dependent_rows, subject]:
            row.delete()
    return removal


def delete_claim(claim: Claim, by: AbstractBaseUser) -> Removal:
    """Delete a claim with its links (both ways), evidence and figures, restorably."""
    found = dependents(claim)
    summary = f"Deleted claim #{claim.pk} “{claim.summary}”"
    if found.rows:
        summary += f" with {len(found.rows)} dependent row(s)"
    return remove(claim, by, summary, found.rows)


def may_delete(user: AbstractBaseUser, claim: Claim) -> bool:
    """Reviewers may delete any claim; an editor, only drafts they recorded: a claim sent
    for review or published is the desk's record, no longer its author's alone."""
    if user.has_perm("claims.delete_claim"):
        return True
    return (
        claim.created_by_id == user.pk
        and claim.status == ClaimStatus.DRAFT
        and user.has_perm("claims.add_claim")
    )


def may_restore(user: AbstractBaseUser, removal: Removal) -> bool:
    """Restoring adds rows back: it takes the right to add what was removed."""
    model = removal.subject_model
    return user.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}")


def removed_versions(removal: Removal) -> list[models.Model]:
    """The last versions of the rows `removal` deleted, parents before the rows on them."""
    versions = []
    for rank, model in enumerate(_parents_first(ledger_models())):
        for version in model.history.filter(removal=removal, history_type="-"):
            versions.append((rank, version.history_id, version))
    return [version for *_, version in sorted(versions, key=lambda item: item[:2])]


def restore(removal_id: int, by: AbstractBaseUser) -> tuple[Removal, Restored]:
    """Put back every row of a removal, with its m2m fields, in one transaction."""
    with transaction.atomic():
        removal = Removal.objects.select_for_update().filter(pk=removal_id).first()
        if removal is None:
            raise RestoreError("There is no such removal.")
        if removal.restored_at is not None:
            raise RestoreError(f"“{removal.summary}” was restored already.")
        result = Restored()
        with recorded_as(f"Restored (removal #{removal.pk})"):
            for version in removed_versions(removal):
                is_subject = version.instance_type._meta.label_lower == removal.subject_type and (
                    version.instance.pk == removal.subject_id
                )
                try:
                    result.rows.append(_reinsert(version))
                except (ValidationError, DatabaseError) as error:
                    reason = _reason(error)
                    if is_subject:
                        raise RestoreError(
                            f"{describe(version.instance).capitalize()} cannot come back: {reason}"
                        ) from error
                    result.left_out.append(f"{describe(version.instance)}: {reason}")
        removal.restored_at = timezone.now()
        removal.restored_by = by
        removal.save(update_fields=["restored_at", "restored_by"])
    return removal, result


def _reinsert(version: models.Model) -> models.Model:
    """One removed row back under its own id, as it stood, recorded as one new version."""
    instance = version.instance
    instance.full_clean()
    with transaction.atomic(), without_versions(instance):
        instance.save(force_insert=True)
        _set_m2m(instance, _version_before(version))
    record_version(instance, "+")
    return instance


def _version_before(version: models.Model) -> models.Model | None:
    """The version before a deletion: a row's m2m rows are gone by the time `-` is written."""
    history = version.instance_type.history
    return (
        history.filter(id=version.instance.pk, history_id__lt=version.history_id)
        .order_by("-history_id")
        .first()
    )


def _set_m2m(instance: models.Model, version: models.Model | None) -> None:
    """Give `instance` the m2m members `version` had, of those still on record."""
    if version is None:
        return
    for m2m in instance._meta.many_to_many:
        members = _m2m_members(version, m2m)
        getattr(instance, m2m.name).set(
            m2m.related_model._base_manager.filter(pk__in=members).values_list("pk", flat=True)
        )


def _m2m_members(version: models.Model, m2m: models.ManyToManyField) -> list:
    return list(
        getattr(version, m2m.name).values_list(f"{m2m.m2m_reverse_field_name()}_id", flat=True)
    )


def revert(claim: Claim, version: models.Model, by: AbstractBaseUser) -> None:
    """Make `claim` read as `version` did (its workflow fields aside), as one new version.

    Raises ValidationError when that version would break the ledger's rules now, such as a
    quote no longer found at its place in an edited source.
    """
    old = version.instance
    for model_field in claim._meta.concrete_fields:
        if (
            model_field.editable
            and not model_field.primary_key
            and model_field.name not in WORKFLOW_FIELDS
        ):
            setattr(claim, model_field.attname, getattr(old, model_field.attname))
    # A revert is an edit: its author becomes the last editor, whom four eyes excludes.
    claim.updated_by = by
    claim.full_clean()
    label = date_format(timezone.localtime(version.history_date), "j M Y H:i")
    try:
        with transaction.atomic(), recorded_as(f"Reverted to the version of {label}"):
            with without_versions(claim):
                claim.save()
                _set_m2m(claim, version)
            record_version(claim)
    except DatabaseError as error:
        raise ValidationError(_reason(error)) from error


def removals_touching(claim_pk: int) -> QuerySet[Removal]:
    """Unrestored removals that deleted this claim or a row pointing at it, newest first."""
    touching = Q(pk__in=[])
    for model in ledger_models():
        conditions = [
            Q(**{model_field.attname: claim_pk})
            for model_field in model._meta.concrete_fields
            if model_field.is_relation and model_field.related_model is Claim
        ]
        if model is Claim:
            conditions.append(Q(id=claim_pk))
        if conditions:
            removed = model.history.filter(reduce(or_, conditions), history_type="-")
            touching |= Q(pk__in=removed.exclude(removal=None).values("removal_id"))
    return recent_removals().filter(touching)


def recent_removals() -> QuerySet[Removal]:
    return Removal.objects.filter(restored_at=None).select_related("removed_by")


def _parents_first(ledger: list[type[models.Model]]) -> list[type[models.Model]]:
    """Ledger models ordered so that each comes after the models its foreign keys point to."""
    ordered: list[type[models.Model]] = []
    pending = list(ledger)
    while pending:
        for model in pending:
            parents = {
                f.related_model
                for f in model._meta.concrete_fields
                if f.many_to_one and f.related_model in ledger and f.related_model is not model
            }
            if parents <= set(ordered):
                ordered.append(model)
                pending.remove(model)
                break
        else:
            raise RuntimeError(f"Ledger models refer to each other in a loop: {pending}")
    return ordered


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != NON_FIELD_ERRORS else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error).strip() or "the database refused it"
