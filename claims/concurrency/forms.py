"""Edit forms that carry the version they show, and say so when it is out of date.

The form compares its version with the stored row while validating, so that a stale edit is
answered before anything is written; the save's UPDATE checks it again (`models`), which is
what actually closes the race. Either way the editor gets the same conflict: the form again
with their own values, the stored values beside them, and the stored version in the hidden
field, so that saving again deliberately keeps theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.forms.models import model_to_dict

from claims.concurrency.models import EditConflict

EMPTY = "—"


@dataclass(frozen=True)
class ConflictingField:
    """One field the other editor saved differently from what this editor is saving."""

    label: str
    theirs: str
    yours: str


@dataclass(frozen=True)
class Conflict:
    """What stands in the database now, against what this form was about to save."""

    theirs: models.Model | None  # None: the record was deleted meanwhile
    fields: list[ConflictingField]


class VersionedForm(forms.ModelForm):
    """A ModelForm for a `Versioned` model: put it first among the bases."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    conflict: Conflict | None = None
    # Pages show the differences as a table beside the form; the admin, which has no place
    # for one, lists them among the form's errors.
    differences_in_errors = False

    def clean_version(self) -> int:
        if self.instance._state.adding:
            # A new row starts at the model's default whatever is posted.
            return self.instance.version
        version = self.cleaned_data["version"]
        if version is None:
            raise forms.ValidationError(
                "This form did not say which version of the record it shows: reload the page "
                "and make your change again."
            )
        return version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.instance._state.adding and cleaned.get("version") is not None:
            stored = self._stored()
            if stored is None or stored.version != cleaned["version"]:
                self.report_conflict(stored)
        return cleaned

    def _stored(self) -> models.Model | None:
        """The row as stored now. Inside a transaction (the admin's) it stays locked until the
        save, so the check above holds until then; SQLite's IMMEDIATE transactions hold the
        write lock from their start, which serves the same end there."""
        rows = type(self.instance)._base_manager.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        return rows.first()

    def report_conflict(self, stored: models.Model | None = None) -> None:
        """Refuse this save: name what differs, and take on the stored version so that
        saving again is a deliberate choice to keep these values."""
        if stored is None:
            stored = type(self.instance)._base_manager.filter(pk=self.instance.pk).first()
        if stored is None:
            self.conflict = Conflict(theirs=None, fields=[])
            self.add_error(
                None,
                f"Someone deleted this {self.instance._meta.verbose_name} while you were "
                "editing it, so nothing was saved.",
            )
            return
        self.conflict = Conflict(theirs=stored, fields=self._differences(stored))
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = stored.version
        noun = self.instance._meta.verbose_name
        self.add_error(
            None,
            f"Someone else saved this {noun} after you opened this form, so nothing was saved. "
            + (
                "Their values and yours are side by side: save again to keep yours, or take theirs."
                if self.conflict.fields
                else "Their change left these fields as you have them: save again to keep them."
            ),
        )
        for field in self.conflict.fields if self.differences_in_errors else ():
            self.add_error(None, f"{field.label}: theirs “{field.theirs}”, yours “{field.yours}”.")

    def _differences(self, stored: models.Model) -> list[ConflictingField]:
        names = [
            name
            for name, field in self.fields.items()
            if name != "version" and not field.disabled and _is_model_field(stored, name)
        ]
        theirs = model_to_dict(stored, fields=names)
        return [
            ConflictingField(
                label=str(self.fields[name].label or name),
                theirs=_shown(stored, name, getattr(stored, name)),
                yours=_shown(stored, name, self._yours(name)),
            )
            for name in names
            if self.fields[name].has_changed(theirs.get(name), self[name].data)
        ]

    def _yours(self, name: str) -> Any:
        # Cleaned when valid; a field that failed its own checks shows what was typed.
        if name in getattr(self, "cleaned_data", {}):
            return self.cleaned_data[name]
        return self[name].data

    def save(self, commit: bool = True) -> models.Model:
        """Save, or report the conflict on this form and raise it for the caller to answer."""
        try:
            # A savepoint of its own: a refused save marks the transaction around it as
            # failed, and reporting the conflict still has to read the stored row.
            with transaction.atomic():
                return super().save(commit)
        except EditConflict:
            self.report_conflict()
            raise


def _is_model_field(instance: models.Model, name: str) -> bool:
    try:
        instance._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _shown(instance: models.Model, name: str, value: Any) -> str:
    """A field's value as an editor reads it: a choice's label, a record's name, a list."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        items = value.all() if hasattr(value, "all") else value or []
        return ", ".join(str(item) for item in items) or EMPTY
    if field.choices:
        value = dict(field.flatchoices).get(_typed(field, value), value)
    if value is None or value == "":
        return EMPTY
    return str(value)


def _typed(field: models.Field, value: Any) -> Any:
    try:
        return field.to_python(value)
    except Exception:  # what was typed is shown as typed
        return value
