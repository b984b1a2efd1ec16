"""The intake forms: the new source (usually a pasted article), and the batch-wide choices made
when accepting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import normalize_newlines

from claims.autocomplete import AutocompleteChoiceField
from claims.forms import DATE_INPUT, PageForm
from claims.models import Incident, Source, SourceKind


class NewSourceForm(PageForm, forms.ModelForm):
    """A new source: what identifies it (title, kind, outlet, link, date, language) and, for an
    article, its pasted text.

    A source with no text to capture (a broadcast, a post since deleted, a statement read
    out) needs a link instead, so that what is quoted from it can still be traced; its claims
    are recorded unanchored.
    """

    outlet_name = forms.CharField(
        label="Outlet",
        max_length=200,
        required=False,
        help_text="The publication, e.g. Dawn. Matched to the actors on record by name or "
        "alias; a new name is added as a media actor.",
    )
    published_on = forms.DateField(label="Date", required=False, widget=DATE_INPUT)

    class Meta:
        model = Source
        fields = ["title", "kind", "outlet_name", "url", "published_on", "language", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16, "cols": 100})}
        help_texts = {
            "text": "Paste the article’s body. Quotes are anchored in it exactly as pasted, and "
            "its attributed statements are proposed as claims. Leave it empty for a source "
            "with no text to capture, and give its link."
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.Meta.fields)
        # Quotes are anchored by character offset: trimming the text would move them all.
        self.fields["text"].strip = False
        self.fields["language"].required = False
        self.fields["kind"].required = False

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or Source._meta.get_field("language").default

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or SourceKind.ARTICLE

    def clean_text(self) -> str:
        text = normalize_newlines(self.cleaned_data["text"])
        return text if text.strip() else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("text") and not cleaned.get("url") and "url" not in self.errors:
            self.add_error(
                "text",
                "Paste the source’s text, or give its link if it has no text to capture: "
                "what is quoted from it must be traceable.",
            )
        return cleaned


class AcceptForm(PageForm, forms.Form):
    """What applies to every accepted proposal at once."""

    incident = AutocompleteChoiceField(
        Incident.objects.all(),
        required=False,
        help_text="Optional: the contested event these statements are about.",
        placeholder="Type a few letters of the incident’s title",
    )
