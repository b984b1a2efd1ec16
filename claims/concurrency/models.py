"""Optimistic locking: each ledger row carries a version that every save checks and bumps.

The check is part of the save's own UPDATE (`... WHERE id = %s AND version = %s`), not a
read before the write, so two saves of the same stale version cannot both succeed on either
engine: the second matches no row and raises `EditConflict`. The save still goes through
`Model.save()`, so `pre_save`/`post_save` fire and django-simple-history records it.

Why not django-concurrency: it wraps the same `_do_update`, but brings its own version field
classes (one of them trigger-based), a ModelAdmin, templates and a middleware, each one more
thing to keep in step with Django 6.1 and with the historical models simple-history copies
from ours. The part this app needs is the few lines below, and a plain integer field that
simple-history copies like any other.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F


class EditConflict(Exception):
    """A save of a row that someone else changed, or removed, after it was read."""

    def __init__(self, instance: models.Model) -> None:
        super().__init__(
            f"{instance._meta.verbose_name} #{instance.pk} changed since version "
            f"{instance.version} was read."
        )
        self.instance = instance


class Versioned(models.Model):
    """A model whose saves refuse to overwrite a version they did not read."""

    version = models.PositiveIntegerField(
        default=1,
        # Rows written in bulk by raw SQL (the benchmark's ledger) start at 1 too.
        db_default=1,
        help_text="Raised by one on every save; an edit form carries the version it shows.",
    )

    class Meta:
        abstract = True

    def _do_update(
        self,
        base_qs: models.QuerySet,
        using: str,
        pk_val: Any,
        values: list[tuple],
        update_fields: Any,
        forced_update: bool,
        returning_fields: list[models.Field],
    ) -> list:
        version = self._meta.get_field("version")
        # The database raises the version (so it never goes back, whatever the instance
        # holds) and hands the new one back through RETURNING; Django's caller reads it
        # from this same list.
        values = [value for value in values if value[0] is not version]
        values.append((version, None, F("version") + 1))
        if version not in returning_fields:
            returning_fields.append(version)
        # A row read from the database must still be at the version it was read at. An
        # instance built in memory with a pk (a restore, an import) has no version to defend.
        checked = not self._state.adding
        if checked:
            base_qs = base_qs.filter(version=self.version)
        updated = super()._do_update(
            base_qs, using, pk_val, values, update_fields, forced_update, returning_fields
        )
        if checked and not updated:
            # Changed or deleted meanwhile. Without this, Django would go on to INSERT the
            # row afresh: a deleted record would come back, or a changed one be overwritten.
            raise EditConflict(self)
        return updated
