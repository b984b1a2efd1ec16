"""The admin's change forms and inline rows carry the version too.

A stale admin save is refused like a stale page save: the change form comes back with an error
naming each field saved meanwhile (theirs against yours), nothing is written, and the form now
holds the stored version, so that saving again deliberately keeps these values. The admin
validates inside its own transaction, where `VersionedForm` locks the row it checks.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest

from claims.concurrency.forms import VersionedForm
from claims.concurrency.models import Versioned


def versioned(form_class: type[ModelForm]) -> type[ModelForm]:
    """`form_class` with the version field and its check, when its model is `Versioned`."""
    if issubclass(form_class, VersionedForm) or not issubclass(form_class._meta.model, Versioned):
        return form_class
    return type(form_class.__name__, (VersionedForm, form_class), {"differences_in_errors": True})


def with_version(fieldsets: list, model: type) -> list:
    """The fieldsets with the (hidden) version field in the first one, once."""
    if not issubclass(model, Versioned) or "version" in flatten_fieldsets(fieldsets):
        return fieldsets
    (name, options), *rest = fieldsets
    return [(name, {**options, "fields": [*options["fields"], "version"]}), *rest]


class VersionedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose change form refuses to overwrite a newer version."""

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list:
        return with_version(super().get_fieldsets(request, obj), self.model)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:
        return versioned(super().get_form(request, obj, change, **kwargs))


class VersionedInline(admin.options.InlineModelAdmin):
    """Inline rows that refuse to overwrite a newer version, like their parent's form.

    A read-only inline shows rows and saves none, so it is left as it is.
    """

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if not self.has_change_permission(request, obj):
            return fieldsets
        return with_version(fieldsets, self.model)

    def get_formset(
        self, request: HttpRequest, obj: Any = None, **kwargs: Any
    ) -> type[BaseModelFormSet]:
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = versioned(formset.form)
        return formset
