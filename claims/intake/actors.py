"""Speakers named in an article who are not on record yet: what kind of actor each is.

Matching speakers to the actors on record is `Actor.objects.named()`.
"""

from __future__ import annotations

import re

from claims.models import Actor, ActorKind

NAME_LENGTH = Actor._meta.get_field("name").max_length
# Words that make a speaker a body rather than a person.
BODY_WORDS = re.compile(
    r"\b(ministry|department|office|army|forces|military|police|government|council|agency|"
    r"relations|committee|commission|authority|authorities|officials|spokesperson's office|"
    r"party|movement|group|taliban|nations|union|organi[sz]ation|administration|command|"
    r"service|services|press|news|media|embassy|mission|court|parliament|senate|cabinet)\b",
    re.IGNORECASE,
)


def guess_kind(name: str) -> str:
    """A new speaker's kind: a body when its name says so ("the ministry", "local
    officials"), a person otherwise. The editor can correct it on the actor's page."""
    if BODY_WORDS.search(name) or name[:1].islower():
        return ActorKind.ORGANIZATION
    return ActorKind.PERSON
