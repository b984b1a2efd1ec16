"""Speakers named in an article, matched to the actors on record by name and alias.

A whole batch is matched in one query: every actor whose name is one of the speakers' or
whose aliases mention one of them (case-insensitively), then the aliases are checked line by
line in Python, so "ISPR" matches the actor with that alias and not one whose alias merely
contains the letters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q

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


def key(name: str) -> str:
    """How speaker names are compared: case and spacing aside."""
    return " ".join(name.split()).casefold()


def match_speakers(names: Iterable[str]) -> dict[str, Actor]:
    """The actor each name (by `key`) belongs to, for those on record, in one query."""
    # A name longer than any on record, or holding a NUL, can match nothing: not asked.
    wanted = {
        key(name): name.strip()
        for name in names
        if name.strip() and len(name) <= NAME_LENGTH and "\x00" not in name
    }
    if not wanted:
        return {}
    condition = reduce(
        or_, (Q(name__iexact=name) | Q(aliases__icontains=name) for name in wanted.values())
    )
    actors = sorted(Actor.objects.filter(condition), key=lambda actor: actor.pk)
    found: dict[str, Actor] = {}
    # Own names win over aliases: an alias never displaces the actor a name belongs to.
    for actor in actors:
        if key(actor.name) in wanted:
            found.setdefault(key(actor.name), actor)
    for actor in actors:
        for alias in actor.alias_list():
            if key(alias) in wanted:
                found.setdefault(key(alias), actor)
    return found


def guess_kind(name: str) -> str:
    """A new speaker's kind: a body when its name says so ("the ministry", "local
    officials"), a person otherwise. The editor can correct it on the actor's page."""
    if BODY_WORDS.search(name) or name[:1].islower():
        return ActorKind.ORGANIZATION
    return ActorKind.PERSON
