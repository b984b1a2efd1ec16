"""Forms for entering ledger records, shared by the admin and the editorial pages.

The models decide what is valid (`clean()` and constraints); these forms turn what an editor
types or pastes into domain values and make sure each refusal lands next to the field it is
about. URL fields need nothing here: `WebURLField` already hands out `WebURLFormField`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import normalize_newlines, slugify

from claims.autocomplete import autocomplete_formfield
from claims.concurrency.forms import VersionedForm
from claims.models import (
    NOTE_LENGTH,
    Actor,
    Claim,
    ClaimLink,
    Credibility,
    EvidenceLink,
    Facet,
    Figure,
    Incident,
    Place,
    Source,
    in_facet_order,
)

CLAIM_FIELDS = [
    "speaker",
    "source",
    "incident",
    "kind",
    "stated_on",
    "summary",
    "quote",
    "quote_start",
    "quote_end",
    "accused",
    "places",
    "credibility",
]


class LimitsReported:
    """Text too long is refused with an error by the form, never cut short by the browser.

    Django renders a field's `max_length` as the input's `maxlength`, and a browser then drops
    whatever is pasted past it without a word: a summary lost its last sentence that way. The
    limit stays on the field, whose validator says how long the text is and what is allowed.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)


class FacetsField(forms.TypedMultipleChoiceField):
    """The parts of a target claim that a response addresses, as a list for `ClaimLink.facets`."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", Facet.choices)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", ClaimLink._meta.get_field("facets").help_text)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[str]:
        return in_facet_order(super().clean(value))


class ClaimLinkForm(LimitsReported, forms.ModelForm):
    facets = FacetsField()

    class Meta:
        model = ClaimLink
        fields = ["from_claim", "relation", "to_claim", "facets", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        from_claim, to_claim = cleaned.get("from_claim"), cleaned.get("to_claim")
        if from_claim is not None and from_claim == to_claim:
            # Reported on the claim the editor picked (in an inline the other end is the page's
            # own claim). Failing that field also keeps the database constraint from adding
            # its own, less readable, message.
            picked = "to_claim" if self._is_choosable("to_claim") else "from_claim"
            self.add_error(picked, "A claim cannot respond to itself.")
        return cleaned

    def _is_choosable(self, name: str) -> bool:
        field = self.fields.get(name)
        return field is not None and not isinstance(field, forms.models.InlineForeignKeyField)


class ClaimForm(LimitsReported, forms.ModelForm):
    """A claim whose quote is pasted in and anchored in its source text by the model."""

    class Meta:
        model = Claim
        fields = CLAIM_FIELDS
        widgets = {
            "summary": forms.TextInput(attrs={"size": 80}),
            "quote": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "quote": "Paste the verbatim span from the source text; its offsets are found for you.",
            "quote_start": "Leave blank to have it found from the quote. Set it to pick one "
            "place when the quote appears more than once.",
            "quote_end": "Leave blank: it follows from the start and the quote's length.",
        }

    def clean_quote(self) -> str:
        # Browsers send textarea line breaks as CRLF, while captured texts use LF.
        return normalize_newlines(self.cleaned_data["quote"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        changed = set(self.changed_data)
        offsets_touched = bool(changed & {"quote_start", "quote_end"})
        # Compared after clean_quote, so a quote sent back with CRLF line breaks is not an edit.
        quote_edited = cleaned.get("quote", self.instance.quote) != self.instance.quote
        if (
            self.instance.pk is not None
            and not offsets_touched
            and (quote_edited or "source" in changed)
        ):
            # The old offsets belong to the old quote: drop them so the model re-anchors the new
            # one instead of reporting that the text at the old place differs.
            self._forget_offsets(cleaned, "quote_start", "quote_end")
        elif "quote_start" in changed and "quote_end" not in changed:
            # A start picked among several matches: the model works out the end.
            self._forget_offsets(cleaned, "quote_end")
        return cleaned

    def _forget_offsets(self, cleaned: dict[str, Any], *names: str) -> None:
        # On the instance too, for forms that show the quote but not its offsets.
        for name in names:
            cleaned[name] = None
            setattr(self.instance, name, None)


class SourceForm(LimitsReported, forms.ModelForm):
    """A source whose text may be corrected, but not so that an anchored quote moves."""

    class Meta:
        model = Source
        fields = [
            "title",
            "kind",
            "outlet",
            "url",
            "archive_url",
            "published_at",
            "retrieved_at",
            "language",
            "reliability",
            "text",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 20, "cols": 100})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "text" in self.fields:
            # Quotes are anchored by character offset: trimming leading space would move them all.
            self.fields["text"].strip = False

    def clean_text(self) -> str:
        text = normalize_newlines(self.cleaned_data["text"])
        # A browser sends the untouched text back with CRLF line breaks; keep the captured text
        # exactly as it was rather than rewrite it (and move every quote after a line break).
        if self.instance.pk is not None and text == normalize_newlines(self.instance.text):
            return self.instance.text
        return text


class FigureForm(LimitsReported, forms.ModelForm):
    """A number a claim asserts; an exact figure needs only `low`."""

    class Meta:
        model = Figure
        fields = ["claim", "measure", "group", "low", "high"]

    def clean(self) -> dict[str, Any]:
        # `high` is optional already (blank=True on the model); blank means the figure is exact.
        cleaned = super().clean()
        if cleaned.get("high") is None and "high" not in self.errors:
            cleaned["high"] = cleaned.get("low")
        return cleaned


# Forms of the editorial pages: recording a claim, editing it in place, evidence, pairing.

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PageForm(LimitsReported, forms.BaseForm):
    """What every form on the editorial pages shares: rows in error are marked for the CSS.

    Their Meta sets `formfield_callback = autocomplete_formfield`, so that an actor, source,
    incident or place is picked by typing its name, never from a list of every row.
    """

    error_css_class = "field-error"


class ClaimCreateForm(PageForm, ClaimForm):
    """A new claim as an editor records it: an ungraded draft until a reviewer takes it up."""

    class Meta(ClaimForm.Meta):
        fields = [name for name in CLAIM_FIELDS if name != "credibility"]
        formfield_callback = autocomplete_formfield
        widgets = {**ClaimForm.Meta.widgets, "stated_on": DATE_INPUT}


class ClaimDetailsForm(PageForm, VersionedForm):
    """A claim's summary, kind and credibility, edited in place on its page.

    Without the reviewer's permission the grade stays on show but disabled, and Django then
    keeps the stored value whatever is posted for it. The status moves only through review
    (claims.review), never through this form. A save over someone else's newer version is
    refused with both versions side by side (`VersionedForm`).
    """

    class Meta:
        model = Claim
        fields = ["summary", "kind", "credibility", "version"]
        widgets = {"summary": forms.TextInput(attrs={"data-autofocus": ""})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not user.has_perm("claims.grade_claim"):
            self.fields["credibility"].disabled = True
            self.fields["credibility"].help_text = "A reviewer sets this."


class PublishForm(PageForm, forms.Form):
    """Publishing a claim in review, with the grade the reviewer gives it."""

    grade = forms.TypedChoiceField(
        label="Credibility",
        choices=Credibility.choices,
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, claim: Claim, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "publish-%s")
        super().__init__(*args, initial={"grade": claim.credibility}, **kwargs)


class WithdrawForm(PageForm, forms.Form):
    """Taking a claim (or, in the admin, several) back to draft, with the reason that stays
    on its record."""

    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why: the reason stays on the claim's record."},
    )

    def __init__(self, *args: Any, claim: Claim | None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "withdraw-%s")
        super().__init__(*args, **kwargs)


class SubmitForm(PageForm, forms.Form):
    """Sending a draft for review: nothing to fill in."""

    def __init__(self, *args: Any, claim: Claim, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


# The form behind each review step's button.
REVIEW_FORMS: dict[str, type[forms.Form]] = {
    "submit": SubmitForm,
    "publish": PublishForm,
    "withdraw": WithdrawForm,
}


class EvidenceForm(PageForm, forms.ModelForm):
    """Evidence added on a claim's page: the claim comes from the page, the rest from the editor."""

    class Meta:
        model = EvidenceLink
        fields = ["url", "source", "stance", "kind", "excerpt", "note"]
        formfield_callback = autocomplete_formfield
        labels = {"url": "Link (URL)"}
        widgets = {
            "excerpt": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, claim: Claim, **kwargs: Any) -> None:
        # Its own ids, so its labels never point at the details form's fields on the same page.
        kwargs.setdefault("auto_id", "evidence-%s")
        super().__init__(*args, instance=EvidenceLink(claim=claim), **kwargs)

    def clean_url(self) -> str:
        # The claim is not a field here, so Django skips the "once per claim" constraint.
        url = self.cleaned_data["url"]
        if url and EvidenceLink.objects.filter(claim=self.instance.claim_id, url=url).exists():
            raise forms.ValidationError("This link is already evidence on this claim.")
        return url


def relation_field(**kwargs: Any) -> forms.ChoiceField:
    """How a response answers its target, with the choices `ClaimLink.relation` allows."""
    choices = ClaimLink._meta.get_field("relation").choices
    names = ", ".join(value for value, _ in choices)
    return forms.ChoiceField(
        choices=choices,
        error_messages={"invalid_choice": f"“%(value)s” is not a relation: pick one of {names}."},
        **kwargs,
    )


class PairingForm(PageForm, forms.Form):
    """The pairing page's one form: how to pair, set once, and each suggestion's button names
    the candidate. Left blank, the relation is the usual one for the response's kind."""

    candidate = forms.ModelChoiceField(
        queryset=Claim.objects.select_related("speaker"),
        widget=forms.HiddenInput,
        error_messages={
            "required": "Say which claim to pair with.",
            "invalid_choice": "That claim is not in the ledger (any more): search for it again.",
        },
    )
    relation = relation_field(required=False)
    facets = FacetsField(initial=[Facet.OCCURRENCE])
    note = forms.CharField(required=False, max_length=NOTE_LENGTH)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relation = self.fields["relation"]
        relation.choices = [("", "As the response’s kind suggests"), *relation.choices]


class ResponseForm(PageForm, ClaimForm):
    """A response not yet in the ledger, quoted from its source, to record and pair in one step."""

    relation = relation_field()
    facets = FacetsField(initial=[Facet.OCCURRENCE])
    note = forms.CharField(
        required=False, max_length=NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta(ClaimForm.Meta):
        fields = ["speaker", "source", "quote", "kind", "summary", "stated_on"]
        formfield_callback = autocomplete_formfield
        widgets = {
            **ClaimForm.Meta.widgets,
            "stated_on": DATE_INPUT,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A response on record is words someone said: the quote is what the pairing stands on.
        self.fields["quote"].required = True

    def claim_fields(self) -> dict[str, Any]:
        """The new claim's own fields, as `pairing.record_response` takes them."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ActorForm(PageForm, forms.ModelForm):
    """A new speaker or side: a person, an organisation, a state or an outlet."""

    class Meta:
        model = Actor
        fields = ["name", "kind", "parent", "title", "country", "aliases"]
        formfield_callback = autocomplete_formfield


class PlaceForm(PageForm, forms.ModelForm):
    """A new place that claims and incidents can be tied to."""

    class Meta:
        model = Place
        fields = ["name", "country", "latitude", "longitude"]


class IncidentForm(PageForm, forms.ModelForm):
    """A new incident; its address (slug) is made from the title and must not be taken."""

    class Meta:
        model = Incident
        fields = ["title", "summary", "occurred_on", "places"]
        formfield_callback = autocomplete_formfield
        widgets = {"occurred_on": DATE_INPUT}

    def clean_title(self) -> str:
        title = self.cleaned_data["title"]
        slug = slugify(title)[: Incident._meta.get_field("slug").max_length]
        # "new" would be shadowed by the page that adds incidents (/incidents/new/).
        if not slug or slug == "new":
            raise forms.ValidationError("Give the incident a title with letters or digits.")
        if Incident.objects.filter(slug=slug).exists():
            raise forms.ValidationError(
                "An incident with this title is already on record; give this one another title."
            )
        self.instance.slug = slug
        return title
