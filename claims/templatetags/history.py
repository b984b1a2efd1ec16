"""Template filters for the history pages."""

from django import template
from django.contrib.auth.models import AbstractBaseUser

from claims.history import removal
from claims.models import Claim

register = template.Library()


@register.filter
def may_delete(user: AbstractBaseUser, claim: Claim) -> bool:
    """Whether to offer `user` the claim's Delete button (the view checks again)."""
    return user.is_authenticated and removal.may_delete(user, claim)
