"""URL fields that accept only web addresses, shown as they lead.

Links are shown to readers and opened by editors, so a `javascript:` or `data:` URL is never
stored: the form field rejects it and a check constraint keeps it out of the database too.
Nor is an address that reads as leading elsewhere than it does (issue 10): one with a user
name before its host (`https://example.org@evil.test/` goes to evil.test), or one holding
characters that reorder or hide what is displayed (a right-to-left override turns
`https://evil.test/\u202egro.elpmaxe` into what reads as `…/example.org`).
"""

import unicodedata
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q

WEB_SCHEMES = ("http", "https")

# Bidirectional controls: each reorders the text around it on screen.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _named(char: str) -> str:
    return f"{unicodedata.name(char, 'unnamed')}, U+{ord(char):04X}"


class WebURLValidator(URLValidator):
    """An http(s) address with no user name or password and nothing hidden in it.

    Checked before the address's form, so that each of these gets its own message rather
    than "Enter a web address".
    """

    def __init__(self) -> None:
        super().__init__(schemes=list(WEB_SCHEMES))

    def __call__(self, value: str) -> None:
        for char in str(value):
            if char in BIDI_CONTROLS:
                raise ValidationError(
                    f"This link holds a hidden direction mark ({_named(char)}), which makes it "
                    "read differently from where it leads. Paste the address again without it.",
                    code="bidi",
                )
            # Format characters (zero-width spaces and joiners, soft hyphens, tags) are
            # invisible; control characters have no business in an address either.
            if unicodedata.category(char) in ("Cf", "Cc"):
                raise ValidationError(
                    f"This link holds an invisible character ({_named(char)}). Paste the "
                    "address again without it.",
                    code="invisible",
                )
        try:
            credentials = "@" in urlsplit(str(value)).netloc
        except ValueError:
            credentials = False  # not an address at all: URLValidator says so below
        if credentials:
            raise ValidationError(
                "This link has a user name or password before its host (user:password@host): "
                "remove it. Readers see every link, and an address such as "
                "https://example.org@other.site/ leads to other.site.",
                code="credentials",
            )
        super().__call__(value)


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
    default_validators = [WebURLValidator()]
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
    default_validators = [WebURLValidator()]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebURLFormField, **kwargs})
