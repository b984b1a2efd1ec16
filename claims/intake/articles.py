"""Receiving a new source, usually a pasted article: saved once, however often it is pasted.

The same text (the same SHA-256) pasted again is not a new source: the editor is pointed to
the one on record. The check runs under a lock on the hash, so two editors pasting the same
article at once still make one source. A unique constraint would say it more simply, but
sources that share a text are legitimate elsewhere (an empty text, the same wire story
captured from two outlets by hand in the admin, the test factories' shared text), so the
rule belongs to intake, not to the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from claims.autocomplete import REFERENCE
from claims.intake import runs
from claims.intake.models import Intake
from claims.models import Actor, ActorKind, Source, name_key, sha256_hex


@dataclass
class Received:
    source: Source
    intake: Intake | None  # None when the text was already on record, or there is none
    existing: bool


@transaction.atomic
def receive(
    source: Source, outlet: str, published_on: date | None, by: AbstractBaseUser
) -> Received:
    """Save the new source and queue an intake run on its text, or find the source already
    holding that text."""
    if source.text:
        digest = sha256_hex(source.text)
        _lock(digest)
        same = Source.objects.filter(text_sha256=digest).exclude(text="").order_by("pk").first()
        if same is not None:
            return Received(source=same, intake=None, existing=True)
    source.outlet = _outlet(outlet, by)
    if published_on is not None:
        source.published_at = timezone.make_aware(datetime.combine(published_on, time()))
    source.retrieved_at = timezone.now()
    source.full_clean()
    source.save()
    intake = runs.start(source, by) if source.text else None
    return Received(source=source, intake=intake, existing=False)


def _lock(digest: str) -> None:
    """Hold the hash until the transaction ends, so that one paste at a time checks it.

    SQLite needs nothing: the app's transactions are IMMEDIATE, so writers already queue.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)",
                [int.from_bytes(bytes.fromhex(digest[:16]), "big", signed=True)],
            )


def _outlet(name: str, by: AbstractBaseUser) -> Actor | None:
    """The outlet on record by name, alias or "Name (#id)", or a new media actor."""
    name = " ".join(name.split())
    if not name:
        return None
    reference = REFERENCE.fullmatch(name)
    if reference:
        found = Actor.objects.filter(pk=int(reference["pk"])).first()
        if found is None:
            raise ValidationError({"outlet": "That actor is no longer on record: type the name."})
        return found
    found = Actor.objects.named([name]).get(name_key(name))
    if found is not None:
        return found
    if not by.has_perm("claims.add_actor"):
        raise ValidationError({"outlet": "No actor has this name, and you may not add actors."})
    outlet = Actor(name=name, kind=ActorKind.MEDIA)
    outlet.full_clean()
    outlet.save()
    return outlet
