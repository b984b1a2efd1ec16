"""What a backup carries, found in the app registry so that models added later come along.

- the user model: accounts are who wrote the ledger, and a restored desk must sign in again;
- auth groups (the roles), which are *merged*: named by their natural key and matched by
  name to the groups the migrations already made, because their ids are not the ledger's;
- every model of the claims app, auto-created many-to-many tables included;
- with history, every django-simple-history model of those (its marker: `instance_type`).

A foreign key to a carried model is written as the target's primary key; one to a merged
or uncarried model (a group, a permission, a content type) as the target's natural key. A
many-to-many field is written as rows of its through table when that table is carried,
otherwise as a sorted list of natural keys (a user's groups and permissions).

Tables come in dependency order (each after the tables its foreign keys point to, otherwise
in registry order), and rows by primary key, so that the order is a function of the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models

from claims.backup.format import BackupError

LEDGER_APP = "claims"
MERGED: tuple[type[models.Model], ...] = (Group,)


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    merged: bool
    carried: frozenset[type[models.Model]]  # the models whose rows the backup holds by pk

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @cached_property
    def columns(self) -> tuple[models.Field, ...]:
        """Every stored field but the primary key, as the model declares them today."""
        return tuple(field for field in self.model._meta.concrete_fields if not field.primary_key)

    @cached_property
    def named_lists(self) -> tuple[models.ManyToManyField, ...]:
        """Many-to-many fields written as lists of natural keys: their tables are not carried."""
        return tuple(
            field
            for field in self.model._meta.local_many_to_many
            if field.remote_field.through not in self.carried
        )

    def by_natural_key(self, field: models.Field) -> bool:
        """Whether `field` points at its target by natural key rather than by primary key."""
        return field.is_relation and field.related_model not in self.carried

    def dependencies(self) -> set[type[models.Model]]:
        targets = {field.related_model for field in self.columns if field.is_relation}
        targets |= {field.related_model for field in self.named_lists}
        return targets - {self.model}


def _historical(model: type[models.Model]) -> type[models.Model] | None:
    """The model a django-simple-history model records, or None for any other model."""
    tracked = getattr(model, "instance_type", None)
    return tracked if isinstance(tracked, type) and issubclass(tracked, models.Model) else None


def ledger_tables(*, history: bool) -> list[Table]:
    """The tables a backup holds, in the order they are written and restored."""
    registry = apps.get_models(include_auto_created=True)
    user = get_user_model()
    ledger = [
        model
        for model in apps.get_app_config(LEDGER_APP).get_models(include_auto_created=True)
        if _historical(model) is None
    ]
    by_pk = [user, *(model for model in ledger if model is not user)]
    if history:
        by_pk += [model for model in registry if _historical(model) in {*by_pk}]
    carried = frozenset(by_pk)
    tables = [Table(model, True, carried) for model in MERGED] + [
        Table(model, False, carried) for model in by_pk
    ]
    for table in tables:
        _check_nameable(table)
    return _in_dependency_order(tables)


def _check_nameable(table: Table) -> None:
    """Fail loudly when a relation leads to rows that a backup can neither hold nor name."""
    for field in (*table.columns, *table.named_lists):
        if not table.by_natural_key(field):
            continue
        target = field.related_model
        if not hasattr(target, "natural_key") or not hasattr(
            target._default_manager, "get_by_natural_key"
        ):
            raise BackupError(
                f"{table.label}.{field.name} points at {target._meta.label}, which a "
                "backup neither carries nor can name (it has no natural key)."
            )


def _in_dependency_order(tables: list[Table]) -> list[Table]:
    ordered: list[Table] = []
    placed: set[type[models.Model]] = set()
    within = {table.model for table in tables}
    waiting = list(tables)
    while waiting:
        ready = next(
            (t for t in waiting if (t.dependencies() & within) <= placed),
            # A cycle (none today): keep registry order, foreign keys are checked at commit.
            waiting[0],
        )
        waiting.remove(ready)
        ordered.append(ready)
        placed.add(ready.model)
    return ordered
