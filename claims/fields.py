"""URL fields that accept only web addresses.

Links are shown to readers and opened by editors, so a `javascript:` or `data:` URL is never
stored: the form field rejects it and a check constraint keeps it out of the database too.
"""

from django import forms
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q

WEB_SCHEMES = ("http", "https")


def web_url_condition(field: str) -> Q:
    """Empty, or starting with http:// or https:// (the form field lower-cases the scheme)."""
    return (
        Q(**{field: ""})
        | Q(**{f"{field}__startswith": "http://"})
        | Q(**{f"{field}__startswith": "https://"})
    )


def normalize_scheme(value: str) -> str:
    scheme, separator, rest = value.strip().partition("://")
    return f"{scheme.lower()}{separator}{rest}" if separator else value.strip()


class WebURLFormField(forms.URLField):
    default_validators = [URLValidator(schemes=list(WEB_SCHEMES))]
    default_error_messages = {"invalid": "Enter a web address starting with http:// or https://."}

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_scheme(super().to_python(value))

    def run_validators(self, value):
        # URLValidator calls any address over 2,048 characters invalid, which would tell the
        # editor of a long but well-formed https link to start it with https://: say the length.
        if self.max_length is not None and len(value) > self.max_length:
            raise forms.ValidationError(
                f"This link is {len(value):,} characters long: the limit is {self.max_length:,}. "
                "Link to a shorter address (an archived copy, or the page without its tracking "
                "parameters).",
                code="max_length",
            )
        super().run_validators(value)


class WebURLField(models.URLField):
    default_validators = [URLValidator(schemes=list(WEB_SCHEMES))]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebURLFormField, **kwargs})
