"""Versions of ledger rows: the tracker every ledger model shares, and bulk writes that record.

Every ledger model inherits `LedgerModel`, so it gets a `history` (django-simple-history,
with each of its many-to-many fields versioned alongside) and a manager built on
`LedgerQuerySet`, whose `update()` (and so `bulk_update()`) and `bulk_create()` write a
version of every row they touch. Saves, deletes and m2m changes are recorded by the library's
signals, with the signed-in user from `HistoryRequestMiddleware`; management commands record
with no user and their name as the reason (`recorded_as`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import batched

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

# Rows a bulk write re-reads per query: well inside SQLite's limit on query parameters.
BATCH = 1000

_reason: contextvars.ContextVar[str] = contextvars.ContextVar("history_reason", default="")
_removal: contextvars.ContextVar[Removal | None] = contextvars.ContextVar(
    "history_removal", default=None
)


class Removal(models.Model):
    """Rows deleted together by one action: their last (`-`) versions point here, and they are
    restored together."""

    removed_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(max_length=300)
    # What the action removed (a claim, a link); the rest of its rows went with it.
    subject_type = models.CharField(max_length=100)
    subject_id = models.BigIntegerField()
    restored_at = models.DateTimeField(null=True, blank=True)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-removed_at", "-id"]
        indexes = [models.Index(fields=["restored_at", "-removed_at"], name="removal_recent_idx")]

    def __str__(self) -> str:
        return self.summary

    @property
    def subject_model(self) -> type[models.Model]:
        return apps.get_model(self.subject_type)


class LedgerVersion(models.Model):
    """What every historical record adds to the library's: the removal a `-` version belongs to."""

    removal = models.ForeignKey(
        Removal, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class LedgerHistoricalRecords(HistoricalRecords):
    """History for a ledger model and every many-to-many field it has, present or future."""

    trackers: dict[type[models.Model], LedgerHistoricalRecords] = {}

    def get_m2m_fields_from_model(self, model: type[models.Model]) -> list:
        return list(model._meta.many_to_many)

    def finalize(self, sender: type[models.Model], **kwargs) -> None:
        super().finalize(sender, **kwargs)
        if hasattr(sender._meta, "simple_history_manager_attribute") and not sender._meta.abstract:
            self.trackers.setdefault(sender, self)


class LedgerQuerySet(models.QuerySet):
    """Bulk writes that leave a version of each row, as a save does."""

    def update(self, **kwargs) -> int:
        if "version" not in kwargs and any(
            field.name == "version" for field in self.model._meta.concrete_fields
        ):
            # A bulk change is a save like any other to the edit forms open on these rows
            # (claims.concurrency): counted, so that a form read before it cannot overwrite it.
            kwargs["version"] = F("version") + 1
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            record_versions(self.model, pks, "~", using=self.db)
        return count

    update.alters_data = True

    def bulk_create(self, objs: Iterable[models.Model], *args, **kwargs) -> list[models.Model]:
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            # The rows skipped or merged cannot be told from the rows written.
            raise ValueError("Ledger rows are bulk-created without conflict handling.")
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            record_versions(self.model, [obj.pk for obj in created], "+", using=self.db)
        return created

    bulk_create.alters_data = True


class LedgerModel(models.Model):
    """A row of the ledger: versioned on every write, whatever path the write takes."""

    history = LedgerHistoricalRecords(inherit=True, bases=[LedgerVersion])
    objects = LedgerQuerySet.as_manager()

    class Meta:
        abstract = True


def ledger_models() -> list[type[models.Model]]:
    """Every model whose rows are versioned, as the app registry has them."""
    return list(LedgerHistoricalRecords.trackers)


def record_versions(
    model: type[models.Model], pks: list, history_type: str, using: str = "default"
) -> None:
    """Write a version of each row `pks` names as it now stands, m2m fields included."""
    history = model.history
    for chunk in batched(pks, BATCH):
        rows = list(model._base_manager.using(using).filter(pk__in=chunk))
        versions = history.bulk_history_create(
            rows, update=history_type == "~", default_change_reason=_reason.get()
        )
        for field in model._meta.many_to_many:
            _copy_m2m(field, versions, using)


def _copy_m2m(field: models.ManyToManyField, versions: list, using: str) -> None:
    """Each version's share of the m2m field's rows, into the field's history table."""
    through = field.remote_field.through
    own = f"{field.m2m_field_name()}_id"
    version_of = {version.instance.pk: version for version in versions}
    links = through._base_manager.using(using).filter(**{f"{own}__in": list(version_of)})
    columns = [column.attname for column in through._meta.concrete_fields]
    history_model = LedgerHistoricalRecords.m2m_models[field]
    history_model._base_manager.using(using).bulk_create(
        history_model(
            history=version_of[getattr(link, own)],
            **{name: getattr(link, name) for name in columns},
        )
        for link in links
    )


def record_version(instance: models.Model, history_type: str = "~") -> None:
    """Write one version of `instance` now, after changes made `without_versions`."""
    LedgerHistoricalRecords.trackers[type(instance)].create_historical_record(
        instance, history_type
    )


@contextmanager
def without_versions(instance: models.Model) -> Iterator[None]:
    """Save `instance` and set its m2m fields without a version for each step: the caller
    records the one version the whole change deserves."""
    instance.skip_history_when_saving = True
    try:
        yield
    finally:
        del instance.skip_history_when_saving


@contextmanager
def recorded_as(reason: str) -> Iterator[None]:
    """Versions written inside carry `reason` (a command's name, "restored …") unless a
    write gives its own."""
    token = _reason.set(reason)
    try:
        yield
    finally:
        _reason.reset(token)


@contextmanager
def removing(removal: Removal) -> Iterator[None]:
    """Rows deleted inside are tagged as part of `removal`, to be restored with it."""
    token = _removal.set(removal)
    try:
        yield
    finally:
        _removal.reset(token)


@receiver(pre_delete)
def _note_listing_rows(sender, instance: models.Model, **kwargs) -> None:
    """A row that others list in an m2m field (a place, an actor) takes those m2m rows with it
    when deleted, with no m2m signal: note who listed it, to version them afterwards."""
    if sender not in LedgerHistoricalRecords.trackers:
        return
    instance._listed_by = [
        owner
        for model in LedgerHistoricalRecords.trackers
        for field in model._meta.many_to_many
        if field.related_model is sender
        for owner in model._base_manager.filter(**{field.name: instance})
    ]


@receiver(post_delete)
def _version_listing_rows(sender, instance: models.Model, **kwargs) -> None:
    for owner in getattr(instance, "_listed_by", ()):
        record_version(owner)


@receiver(pre_create_historical_record)
def _tag_version(sender, history_instance: LedgerVersion, **kwargs) -> None:
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = _reason.get()
    if history_instance.history_type == "-":
        history_instance.removal = _removal.get()
