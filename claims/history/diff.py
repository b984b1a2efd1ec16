"""A row's versions as an editor reads them: who, when, and each field old → new.

Fields are read from the model, so a field added later is diffed without a change here.
Text is diffed word by word (`<del>`/`<ins>`, every piece escaped); foreign keys and m2m
members are shown by name, looked up with one query per related model for a whole page of
versions, so a page costs the same few queries however long the history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from difflib import SequenceMatcher
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from claims.history.records import LedgerHistoricalRecords

VERSIONS_SHOWN = 20
EMPTY = "—"


@dataclass
class Change:
    label: str
    old: str
    new: str
    # Text fields: the new text with what went out struck and what came in marked.
    inline: SafeString | None = None


@dataclass
class Version:
    record: Any  # a historical record: history_user, history_date, history_type, ...
    changes: list[Change]
    current: bool

    @property
    def revertible(self) -> bool:
        return not self.current and self.record.history_type != "-"

    @property
    def author(self) -> str:
        user = self.record.history_user
        return str(user) if user else (self.record.history_change_reason or "the system")


@dataclass
class History:
    versions: list[Version]
    # The history_id to page on from, when older versions exist.
    older_than: int | None


def history_of(
    instance: models.Model, limit: int = VERSIONS_SHOWN, before: int | None = None
) -> History:
    """The newest `limit` versions of `instance` (older than `before`), each with its changes."""
    model = type(instance)
    records = model.history.filter(id=instance.pk)
    if before is not None:
        records = records.filter(history_id__lt=before)
    # One more than shown: the oldest shown version is diffed against it.
    records = list(
        records.select_related("history_user")
        .prefetch_related(*(_m2m_accessor(field) for field in model._meta.many_to_many))
        .order_by("-history_id")[: limit + 1]
    )
    raw = [
        (record, _raw_changes(model, record, _previous(records, at)))
        for at, record in enumerate(records[:limit])
    ]
    names = _Names([change for _, changes in raw for change in changes])
    versions = [
        Version(record, [names.change(*change) for change in changes], before is None and at == 0)
        for at, (record, changes) in enumerate(raw)
    ]
    older_than = records[limit - 1].history_id if len(records) > limit else None
    return History(versions, older_than)


def word_diff(old: str, new: str) -> SafeString:
    """`new` with the words `old` had and it lacks in <del>, and those it adds in <ins>."""
    before, after = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    pieces = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(conditional_escape("".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(format_html("<del>{}</del>", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(format_html("<ins>{}</ins>", "".join(after[j1:j2])))
    return mark_safe("".join(pieces))


def diffed_fields(model: type[models.Model]) -> list[models.Field]:
    """What a version can change: every field but the id and the automatic timestamps."""
    return [
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if not field.primary_key
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    ]


def _m2m_accessor(field: models.ManyToManyField) -> str:
    history_field = LedgerHistoricalRecords.m2m_models[field]._meta.get_field("history")
    return history_field.remote_field.get_accessor_name()


def _value(record: Any, field: models.Field) -> Any:
    if field.many_to_many:
        member = f"{field.m2m_reverse_field_name()}_id"
        return frozenset(
            getattr(row, member) for row in getattr(record, _m2m_accessor(field)).all()
        )
    return getattr(record, field.attname)


def _previous(records: list, at: int) -> Any | None:
    """The version `records[at]` follows, passing over deletions: a restored row is compared
    with the row as it stood before it was removed (a deletion keeps no m2m members)."""
    return next((record for record in records[at + 1 :] if record.history_type != "-"), None)


def _raw_changes(
    model: type[models.Model], record: Any, previous: Any | None
) -> list[tuple[models.Field, Any, Any]]:
    if previous is None or record.history_type == "-":
        return []
    changes = []
    for field in diffed_fields(model):
        old, new = _value(previous, field), _value(record, field)
        if old != new:
            changes.append((field, old, new))
    return changes


class _Names:
    """Names of the related rows a page of changes mentions, fetched once per related model."""

    def __init__(self, changes: list[tuple[models.Field, Any, Any]]) -> None:
        wanted: dict[type[models.Model], set] = {}
        for field, old, new in changes:
            if field.is_relation:
                ids = wanted.setdefault(field.related_model, set())
                for value in (old, new):
                    ids.update(value if field.many_to_many else {value} - {None})
        self.names = {
            model: {row.pk: str(row) for row in _light(model).filter(pk__in=ids)}
            for model, ids in wanted.items()
        }

    def change(self, field: models.Field, old: Any, new: Any) -> Change:
        label = str(field.verbose_name).capitalize()
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            return Change(label, old or EMPTY, new or EMPTY, word_diff(old or "", new or ""))
        return Change(label, self.show(field, old), self.show(field, new))

    def show(self, field: models.Field, value: Any) -> str:
        if value is None or value == "" or value == [] or value == frozenset():
            return EMPTY
        if field.is_relation:
            names = self.names[field.related_model]
            members = sorted(value) if field.many_to_many else [value]
            return "; ".join(names.get(pk, f"#{pk} (no longer on record)") for pk in members)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, datetime):
            return date_format(timezone.localtime(value), "j M Y H:i")
        if isinstance(value, date):
            return date_format(value, "j M Y")
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return str(value)


def _light(model: type[models.Model]) -> models.QuerySet:
    """Rows for their names only: long texts (a source's captured body) stay in the database."""
    texts = [
        field.name for field in model._meta.concrete_fields if isinstance(field, models.TextField)
    ]
    return model._base_manager.defer(*texts)
