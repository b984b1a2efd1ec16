"""The intake forms: the pasted article, and the batch-wide choices made when accepting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import normalize_newlines

from claims.autocomplete import AutocompleteChoiceField
from claims.forms import DATE_INPUT, PageForm
from claims.models import Incident, Source


class ArticleForm(PageForm, forms.ModelForm):
    """A pasted article: its text, and what identifies it (title, outlet, link, date, language)."""

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
        fields = ["title", "outlet_name", "url", "published_on", "language", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16, "cols": 100})}
        help_texts = {
            "text": "Paste the article’s body. Quotes are anchored in it exactly as pasted."
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.Meta.fields)
        self.fields["text"].required = True
        # Quotes are anchored by character offset: trimming the text would move them all.
        self.fields["text"].strip = False
        self.fields["language"].required = False

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or Source._meta.get_field("language").default

    def clean_text(self) -> str:
        text = normalize_newlines(self.cleaned_data["text"])
        if not text.strip():
            raise forms.ValidationError("Paste the article’s text.")
        return text


class AcceptForm(PageForm, forms.Form):
    """What applies to every accepted proposal at once."""

    incident = AutocompleteChoiceField(
        Incident.objects.all(),
        required=False,
        help_text="Optional: the contested event these statements are about.",
        placeholder="Type a few letters of the incident’s title",
    )
