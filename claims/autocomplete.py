"""Choices from tables that grow: a search box with suggestions instead of a `<select>`.

A `<select>` over actors or sources ships every row of the table with the page. These fields
render a text box instead, with a `<datalist>` that htmx fills from `/autocomplete/<kind>/`
(at most `SUGGESTIONS` names starting with what was typed, found through an index on the
lower-cased name). A suggestion reads "Name (#id)", so picking one names exactly one row.

Without JavaScript the form still works: whatever was typed is resolved when the form is
cleaned, from an id ("12"), a suggestion ("Khawaja Asif (#12)"), the field's own key (an
incident's slug), a name in any case ("khawaja asif") or the start of one ("khawaja"); a
name that fits no row, or several, is a form error that says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.forms.renderers import TemplatesSetting
from django.urls import reverse

from claims.models import Actor, Incident, Place, Source

SUGGESTIONS = 20
# Longer than any name or title the ledger accepts: nothing could match, so nothing is asked.
MAX_TEXT_LENGTH = 300
# How many rows an ambiguous name lists in its error before "and more".
NAMED_IN_ERROR = 5
# "Khawaja Asif (#12)": the form a suggestion takes, and the id that decides it.
REFERENCE = re.compile(r".*\(#(?P<pk>[0-9]{1,18})\)", re.DOTALL)
ID = re.compile(r"#?(?P<pk>[0-9]{1,18})")
# Above every character a name can hold, so `lower(name) < prefix + LAST` bounds a prefix.
LAST = "\U0010ffff"


@dataclass(frozen=True)
class Lookup:
    """One kind of row that can be picked by name: where to look and what to call it."""

    kind: str
    noun: str
    plural: str
    queryset: models.QuerySet
    name_field: str
    # The columns a suggestion shows; a source's captured text (a whole article) is not one.
    columns: tuple[str, ...]

    def label(self, obj: models.Model) -> str:
        """How a row is suggested and shown in the box: its name and id."""
        return f"{obj} (#{obj.pk})"

    def suggest(self, text: str) -> list[str]:
        """Up to SUGGESTIONS labels of rows whose name starts with `text`, in any case."""
        text = text.strip()
        if not text or len(text) > MAX_TEXT_LENGTH:
            return []
        picked = REFERENCE.fullmatch(text)
        rows = (
            self.queryset.filter(pk=picked["pk"])
            if picked
            else self.starting_with(self.queryset, text)
        )
        return [self.label(obj) for obj in rows.only(*self.columns)[:SUGGESTIONS]]

    def starting_with(self, queryset: models.QuerySet, text: str) -> models.QuerySet:
        """The rows of `queryset` whose name starts with `text` in any case, by name."""
        # A range rather than LIKE, so that both engines serve it from the lower(name) index.
        prefix = text.lower()
        return (
            queryset.alias(key=Lower(self.name_field))
            .filter(key__gte=prefix, key__lt=prefix + LAST)
            .order_by("key")
        )

    def named(self, queryset: models.QuerySet, text: str) -> list[models.Model]:
        """The rows of `queryset` called `text` in any case or, failing that, whose name
        starts with it: a few, when many do."""
        for rows in (
            queryset.alias(key=Lower(self.name_field)).filter(key=text.lower()),
            self.starting_with(queryset, text),
        ):
            found = list(rows[: NAMED_IN_ERROR + 1])
            if found:
                return found
        return []


LOOKUPS = {
    lookup.kind: lookup
    for lookup in [
        Lookup("actor", "actor", "actors", Actor.objects.all(), "name", ("name",)),
        Lookup("side", "side", "sides", Actor.objects.filter(parent=None), "name", ("name",)),
        Lookup("source", "source", "sources", Source.objects.all(), "title", ("title",)),
        Lookup("incident", "incident", "incidents", Incident.objects.all(), "title", ("title",)),
        Lookup("place", "place", "places", Place.objects.all(), "name", ("name", "country")),
    ]
}
# The lookup a model's own relations use; "side" is only ever asked for by name.
LOOKUP_FOR_MODEL = {
    lookup.queryset.model: lookup for lookup in LOOKUPS.values() if lookup.kind != "side"
}


PROJECT_TEMPLATES = TemplatesSetting()


class AutocompleteWidget(forms.TextInput):
    """A text box with a datalist of suggestions; `chosen` rows (several at once) as ticks."""

    template_name = "widgets/autocomplete.html"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.kind = ""
        self.multiple = False

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        chosen, text = ([], value) if not self.multiple else _split(value)
        context = super().get_context(name, text, attrs)
        context["widget"].update(
            chosen=chosen,
            suggestions_url=reverse("autocomplete", args=[self.kind]),
            multiple=self.multiple,
        )
        return context

    def format_value(self, value: Any) -> str | None:
        return None if value in ("", None) else str(value)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple and hasattr(data, "getlist"):
            return [value for value in data.getlist(name) if value.strip()]
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        # Unticking every picked row sends nothing for them: that is a choice, not an omission.
        return not self.multiple and name not in data

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> str:
        # The project's templates: the default form renderer only sees Django's own.
        return super().render(name, value, attrs, renderer=PROJECT_TEMPLATES)


def _split(values: Any) -> tuple[list[models.Model], str]:
    """Rows already picked, and the text typed but not (yet) resolved to one."""
    chosen = [value for value in values or [] if isinstance(value, models.Model)]
    typed = [str(value) for value in values or [] if not isinstance(value, models.Model)]
    return chosen, "; ".join(typed)


class AutocompleteChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField picked by typing a name, for tables too large for a `<select>`.

    `kind` names the lookup (see LOOKUPS); by default, the one for the queryset's model.
    """

    widget = AutocompleteWidget

    def __init__(self, queryset: models.QuerySet, *, kind: str = "", **kwargs: Any) -> None:
        placeholder = kwargs.pop("placeholder", None)
        super().__init__(queryset, **kwargs)
        self.lookup = LOOKUPS[kind] if kind else LOOKUP_FOR_MODEL[queryset.model]
        self.widget.kind = self.lookup.kind
        self.widget.attrs.setdefault("autocomplete", "off")
        self.widget.attrs.setdefault(
            "placeholder", placeholder or f"Type a few letters of the {self.lookup.noun}’s name"
        )
        self._resolved: dict[str, list[models.Model]] = {}

    def __deepcopy__(self, memo: dict) -> AutocompleteChoiceField:
        result = super().__deepcopy__(memo)
        result._resolved = {}
        return result

    def resolve(self, value: Any) -> list[models.Model]:
        """The rows `value` could mean: one when it names a row, none or several when not."""
        text = str(value).strip()
        if text not in self._resolved:
            self._resolved[text] = self._find(text)
        return self._resolved[text]

    def _find(self, text: str) -> list[models.Model]:
        if not text or len(text) > MAX_TEXT_LENGTH or "\x00" in text:
            return []
        reference = REFERENCE.fullmatch(text) or ID.fullmatch(text)
        if self.to_field_name not in (None, "pk", "id") and not REFERENCE.fullmatch(text):
            # An incident's slug in an address (?incident=khost-strikes) names it too.
            rows = list(self.queryset.filter(**{self.to_field_name: text})[:1])
            if rows:
                return rows
        if reference:
            rows = list(self.queryset.filter(pk=int(reference["pk"])))
            if rows or REFERENCE.fullmatch(text):
                return rows
        return self.lookup.named(self.queryset, text)

    def to_python(self, value: Any) -> models.Model | None:
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            return value
        return self._one(value)

    def _one(self, value: Any) -> models.Model:
        text = str(value).strip()
        rows = self.resolve(text)
        if len(rows) == 1:
            return rows[0]
        noun, plural = self.lookup.noun, self.lookup.plural
        if not rows:
            reference = REFERENCE.fullmatch(text)
            message = (
                f"There is no {noun} #{reference['pk']} (any more): type its name again."
                if reference
                else f"No {noun} is called “{text[:80]}”: type a few letters and pick one of "
                "the suggestions."
            )
            raise ValidationError(message, code="invalid_choice")
        count = f"More than {NAMED_IN_ERROR}" if len(rows) > NAMED_IN_ERROR else str(len(rows))
        named = ", ".join(self.lookup.label(row) for row in rows[:NAMED_IN_ERROR])
        raise ValidationError(
            f"{count} {plural} match “{text[:80]}”: {named}; pick one.", code="ambiguous"
        )

    def prepare_value(self, value: Any) -> Any:
        """What the box shows: the row's name and id when the value names one row."""
        if isinstance(value, models.Model):
            return self.lookup.label(value)
        if value in self.empty_values:
            return ""
        rows = self.resolve(value)
        return self.lookup.label(rows[0]) if len(rows) == 1 else value

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        return _keys(self, [initial]) != _keys(self, [data])


class AutocompleteMultipleChoiceField(AutocompleteChoiceField):
    """Several rows picked by name: each one picked stays as a ticked box, untick to drop it."""

    default_error_messages = {"required": "Pick at least one."}

    def __init__(self, queryset: models.QuerySet, **kwargs: Any) -> None:
        kwargs.pop("empty_label", None)
        super().__init__(queryset, **kwargs)
        self.widget.multiple = True

    def clean(self, value: Any) -> list[models.Model]:
        values = _listed(value)
        if not values:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        rows, errors = {}, []
        for item in values:
            try:
                row = item if isinstance(item, self.queryset.model) else self._one(item)
            except ValidationError as error:
                errors.append(error)
            else:
                rows[row.pk] = row
        if errors:
            raise ValidationError(errors)
        return list(rows.values())

    def prepare_value(self, value: Any) -> list[Any]:
        """The picked rows as rows, and anything that names none (or several) as typed."""
        return [self._shown(item) for item in _listed(value)]

    def _shown(self, item: Any) -> Any:
        if isinstance(item, models.Model):
            return item
        rows = self.resolve(item)
        return rows[0] if len(rows) == 1 else item

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        return _keys(self, _listed(initial)) != _keys(self, _listed(data))


def _listed(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    if isinstance(value, (str, models.Model)):
        return [value]
    return [item for item in value if item not in (None, "")]


def _keys(field: AutocompleteChoiceField, values: Iterable[Any]) -> set:
    """The ids `values` resolve to, to tell a changed choice from the same one written anew."""
    keys = set()
    for value in values:
        if isinstance(value, models.Model):
            keys.add(value.pk)
        elif value not in field.empty_values:
            rows = field.resolve(value)
            keys.add(rows[0].pk if len(rows) == 1 else str(value))
    return keys


def autocomplete_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A ModelForm's `formfield_callback`: relations to growing tables become autocompletes."""
    lookup = LOOKUP_FOR_MODEL.get(db_field.related_model) if db_field.is_relation else None
    if lookup is not None:
        kwargs["form_class"] = (
            AutocompleteMultipleChoiceField if db_field.many_to_many else AutocompleteChoiceField
        )
    return db_field.formfield(**kwargs)
