"""Plain builder functions for test data: `make_claim(kind="denial")`, and so on.

Each builder saves a valid object with sensible defaults; pass keyword overrides for the
fields a test is about.
"""

from itertools import count

from django.contrib.auth.models import Group, User
from django.utils import timezone

from claims.models import (
    Actor,
    Claim,
    ClaimKind,
    ClaimLink,
    ClaimStatus,
    EvidenceLink,
    Figure,
    Incident,
    Place,
    Relation,
    Source,
)
from claims.roles import ensure_roles

_serial = count(1)

SOURCE_TEXT = (
    "The spokesperson accused the army of airstrikes in Khost that killed 10 civilians. "
    "The army denied that any strikes took place."
)


def unique(prefix: str) -> str:
    return f"{prefix} {next(_serial)}"


def make_user(username: str | None = None, *, groups: tuple[str, ...] = (), **overrides) -> User:
    user = User.objects.create_user(
        username=username or unique("user").replace(" ", ""),
        password="correct-horse-battery",
        **overrides,
    )
    if groups:
        ensure_roles()
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_actor(**overrides) -> Actor:
    return Actor.objects.create(**{"name": unique("Actor"), "kind": "person", **overrides})


def make_place(**overrides) -> Place:
    return Place.objects.create(**{"name": unique("Place"), "country": "Afghanistan", **overrides})


def make_incident(**overrides) -> Incident:
    title = overrides.pop("title", unique("Incident"))
    return Incident.objects.create(
        **{"title": title, "slug": title.lower().replace(" ", "-"), **overrides}
    )


def make_source(**overrides) -> Source:
    return Source.objects.create(
        **{"title": unique("Source"), "text": SOURCE_TEXT, "reliability": "B", **overrides}
    )


def make_claim(**overrides) -> Claim:
    """A claim anchored in its source when `quote` is given (offsets found automatically).

    A claim made `in_review` or `published` has its submission, and a published one a
    reviewer of its own, recorded as the review workflow would.
    """
    fields = {"kind": ClaimKind.ACCUSATION, "summary": unique("Summary"), **overrides}
    fields.setdefault("speaker", make_actor())
    fields.setdefault("source", make_source())
    if fields.get("status", ClaimStatus.DRAFT) != ClaimStatus.DRAFT:
        fields.setdefault("submitted_at", timezone.now())
    if fields.get("status") == ClaimStatus.PUBLISHED:
        fields.setdefault("reviewed_by", make_user(groups=("reviewer",)))
        fields.setdefault("reviewed_at", timezone.now())
    claim = Claim(**fields)
    claim.anchor_quote()
    claim.save()
    return claim


def make_link(from_claim: Claim, to_claim: Claim, **overrides) -> ClaimLink:
    return ClaimLink.objects.create(
        **{
            "from_claim": from_claim,
            "to_claim": to_claim,
            "relation": Relation.DENIES,
            "facets": ["occurrence"],
            **overrides,
        }
    )


def make_figure(claim: Claim, **overrides) -> Figure:
    return Figure.objects.create(
        **{
            "claim": claim,
            "measure": "killed",
            "group": "civilians",
            "low": 10,
            "high": 10,
            **overrides,
        }
    )


def make_evidence(claim: Claim, **overrides) -> EvidenceLink:
    return EvidenceLink.objects.create(
        **{"claim": claim, "url": f"https://example.org/{next(_serial)}", **overrides}
    )


def extract_one(text: str, quote: str = "denied that any strikes took place", **fields):
    """A proposal of `quote` in `text`, as the extractor would make it, without running it."""
    from claims.intake.extraction import Proposal

    start = text.index(quote)
    proposed = {"speaker": "The army", "kind": ClaimKind.DENIAL, **fields}
    return Proposal(quote=quote, start=start, end=start + len(quote), **proposed)


def make_intake(source: Source | None = None, proposals: list | None = None, **overrides):
    """A finished intake run over `source` holding `proposals` (Proposal objects or dicts)."""
    from claims.intake.models import Intake, IntakeStatus

    found = [
        {"ledger_targets": [], **(p if isinstance(p, dict) else p.as_json())}
        for p in proposals or []
    ]
    return Intake.objects.create(
        **{
            "source": source or make_source(),
            "status": IntakeStatus.DONE,
            "proposals": found,
            **overrides,
        }
    )
