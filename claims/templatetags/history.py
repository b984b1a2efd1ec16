"""Template filters for the history pages."""

from django import template
from django.contrib.auth.models import AbstractBaseUser

from claims import pairing
from claims.history import removal
from claims.models import Claim, ClaimLink

register = template.Library()


@register.filter
def may_delete(user: AbstractBaseUser, claim: Claim) -> bool:
    """Whether to offer `user` the claim's Delete button (the view checks again)."""
    return user.is_authenticated and removal.may_delete(user, claim)


@register.filter
def in_words(row: object) -> str:
    """A row about to be removed, as the desk reads it: a link as its sentence."""
    return pairing.describe(row) if isinstance(row, ClaimLink) else str(row)
