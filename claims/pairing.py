"""Pairing: proposing which claims answer which, and recording the answer.

An accusation is paired with the responses to it; any other claim (a denial, an assertion…)
is paired with the accusations it answers. Either way the response is the link's
`from_claim` and what it answers is its `to_claim`.

Suggestions come from a pool of candidates scored in Python. The pool is the union of small
sub-pools, each the newest `SUB_POOL_SIZE` claims that one indexed lookup finds: the same
incident, each of the claim's places, the answering side, each of the claim's most
distinctive words in the text index. Each lookup walks an index newest first and stops after
a few dozen rows, and the union is loaded in one query, so neither the work nor the number
of queries grows with the ledger.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from claims.history.records import Removal
from claims.history.removal import remove
from claims.models import Actor, Claim, ClaimKind, ClaimLink, Place, Relation
from claims.search import matching
from claims.sides import SideMap, members_subquery

logger = logging.getLogger(__name__)

SUB_POOL_SIZE = 20
# A claim tagged with many places, or worded at length, is still a handful of lookups.
MAX_PLACES = 5
WORD_LOOKUPS = 3
SIDE_MEMBERS = 100

# What each signal adds to a candidate's score. Same incident and the accused side say most
# about whether one statement answers another; wording says least, since both sides of a
# dispute use the same words ("strikes", "civilians") for opposite claims.
SAME_INCIDENT = 4.0
SHARED_PLACE = 2.0
ACCUSED_SIDE = 3.0
ANSWERING_KIND = {
    ClaimKind.DENIAL: 2.0,
    ClaimKind.ADMISSION: 1.0,
    ClaimKind.ASSERTION: 0.5,
}
ANSWERED_KIND = {ClaimKind.ACCUSATION: 2.0}
IN_ORDER = 1.0  # a response stated after the accusation
SAME_DAY = 0.5
WORDING = 4.0  # times the Jaccard similarity of the two texts
SIMILAR_WORDING = 0.15  # the similarity from which "similar wording" is worth saying

# The relation a response usually bears to what it answers, preselected on the page.
RELATION_FOR_KIND = {
    ClaimKind.DENIAL: Relation.DENIES,
    ClaimKind.ADMISSION: Relation.CONFIRMS,
    ClaimKind.COMMITMENT: Relation.SUPPORTS,
    ClaimKind.ASSERTION: Relation.DISPUTES,
    ClaimKind.ACCUSATION: Relation.DISPUTES,
}

# Words too common to say two statements are about the same thing.
_STOP_WORDS = """
    a about after against all also an and any are as at be been before being but by can could
    did do does during for from had has have he her here him his how i if in into is it its
    me more most no nor not of on or other our out over own said says same she should so some
    such than that the their them then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_UNIQUE_PAIR = next(c for c in ClaimLink._meta.constraints if c.name == "claimlink_unique_relation")
_RECORDED_ONCE = next(c for c in Claim._meta.constraints if c.name == "claim_recorded_once")


@dataclass
class Suggestion:
    claim: Claim
    score: float
    reasons: list[str]
    relation: str  # what pairing it records unless the editor picks another relation


def finds_responses(claim: Claim) -> bool:
    """An accusation looks for its responses; any other claim for the accusations it answers."""
    return claim.kind == ClaimKind.ACCUSATION


def ends(claim: Claim, candidate: Claim) -> tuple[Claim, Claim]:
    """(response, target) when pairing the page's claim with a candidate."""
    return (candidate, claim) if finds_responses(claim) else (claim, candidate)


def default_relation(response: Claim) -> str:
    return RELATION_FOR_KIND.get(response.kind, Relation.DISPUTES)


def describe(link: ClaimLink) -> str:
    """The link as a sentence: "Ahmed Sharif Chaudhry's denial denies Zabihullah Mujahid's accusation"."""
    response, target = link.from_claim, link.to_claim
    return (
        f"{response.speaker}’s {response.get_kind_display().lower()} {link.relation} "
        f"{target.speaker}’s {target.get_kind_display().lower()}"
    )


def suggest(claim: Claim, limit: int = 10, query: str = "") -> list[Suggestion]:
    """Ranked candidates to pair with `claim`, each with the reasons it ranks where it does.

    With a `query`, the candidates are the claims matching it anywhere in the ledger (the
    search box is for what the ranking missed), ranked by the same signals.
    """
    # An unsaved claim (a statement proposed at intake) has no places or accused yet, and
    # perhaps no speaker on record: it is ranked on what it has.
    saved = claim.pk is not None
    places = list(claim.places.all()) if saved else []
    accused = [actor.pk for actor in claim.accused.all()] if saved else []
    speaker = [claim.speaker_id] if claim.speaker_id is not None else []
    own = SideMap.for_actors([*speaker, *accused])
    # The side of anyone an accusation names is the side expected to answer it; any other
    # claim answers accusations against its speaker's side.
    answering_sides = (
        {own.roots[pk] for pk in accused}
        if finds_responses(claim)
        else {own.roots[pk] for pk in speaker}
    )
    words = _words(claim)
    pool = list(_pool(claim, places, answering_sides, words, query.strip()))
    # Accusations found for a response are scored on whom they accuse (prefetched in `_pool`).
    accused_in_pool = (
        [] if finds_responses(claim) else [a.pk for c in pool for a in c.accused.all()]
    )
    sides = SideMap.for_claims(pool, actor_ids=accused_in_pool)
    suggestions = [
        _score(claim, candidate, places, answering_sides, words, sides) for candidate in pool
    ]
    suggestions.sort(key=lambda s: (-s.score, -s.claim.pk))
    return suggestions[:limit]


def _pool(
    claim: Claim, places: list[Place], answering_sides: set[int], words: set[str], query: str
) -> QuerySet[Claim]:
    """The newest few claims from each sub-pool, loaded with what scoring reads."""
    responses_wanted = finds_responses(claim)
    if responses_wanted:
        linked = ClaimLink.objects.filter(to_claim=claim.pk).values("from_claim")
    else:
        linked = ClaimLink.objects.filter(from_claim=claim.pk).values("to_claim")
    unpaired = (
        Claim.objects.exclude(pk=claim.pk).exclude(pk__in=linked)
        if claim.pk is not None
        else Claim.objects.all()
    )
    if query:
        sub_pools = [_matching(unpaired, query)]
    else:
        if not responses_wanted:
            unpaired = _accusations(unpaired)
        # A claim with nothing to go on gets the newest claims: wording can still rank them.
        sub_pools = _nearby(claim, unpaired, places, answering_sides, words) or [unpaired]
    prefetch = ["places"] if responses_wanted else ["places", "accused"]
    newest = [_newest_ids(sub_pool) for sub_pool in sub_pools]
    return (
        Claim.objects.filter(pk__in=newest[0].union(*newest[1:]))
        .with_context()
        .defer("source__text")  # a row shows the source's title; its text may be long
        .prefetch_related(*prefetch)
        .order_by()  # scoring orders them
    )


def _newest_ids(sub_pool: QuerySet[Claim]) -> QuerySet[Claim]:
    """The ids of the sub-pool's newest claims, cut inside a subquery of their own, where an
    index serves the order: a UNION may not order or cut its parts on SQLite."""
    return Claim.objects.filter(
        pk__in=sub_pool.order_by("-pk").values("pk")[:SUB_POOL_SIZE]
    ).values("pk")


def _accusations(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """The accusations among `claims`, asked as "no other kind".

    A third of the ledger is accusations, yet an engine without statistics (SQLite, which
    Django never analyses) takes `kind = 'accusation'` for a handful of rows and would walk
    the kind index and sort, instead of the sub-pool's own index newest first. No engine
    serves a negation from an index.
    """
    return claims.exclude(kind__in=[kind for kind in ClaimKind if kind != ClaimKind.ACCUSATION])


def _nearby(
    claim: Claim,
    candidates: QuerySet[Claim],
    places: list[Place],
    answering_sides: set[int],
    words: set[str],
) -> list[QuerySet[Claim]]:
    """Claims about the same event, one sub-pool per indexed way to find them: the same
    incident, each shared place, the answering side, and each distinctive word."""
    sub_pools = []
    if claim.incident_id is not None:
        sub_pools.append(candidates.filter(incident_id=claim.incident_id))
    through_places = Claim.places.through.objects
    sub_pools += [
        candidates.filter(pk__in=_newest(through_places.filter(place=place)))
        for place in places[:MAX_PLACES]
    ]
    members = _speaking_for(answering_sides)
    if members and finds_responses(claim):
        sub_pools.append(candidates.filter(speaker_id__in=members))
    elif members:
        accusing = Claim.accused.through.objects.filter(actor_id__in=members)
        sub_pools.append(candidates.filter(pk__in=_newest(accusing)))
    sub_pools += [matching(candidates, word) for word in _distinctive(words)]
    return sub_pools


def _newest(links: QuerySet) -> QuerySet:
    """The newest claims of some rows of a claim's many-to-many table, read from its
    (other end, claim) index newest first: a place or an actor can have a hundred thousand."""
    return links.order_by("-claim_id").values("claim_id")[:SUB_POOL_SIZE]


def _speaking_for(roots: set[int]) -> list[int]:
    """The ids of each side's root and the members nearest it: those who speak, and are
    spoken of, for the side.

    A large side has tens of thousands of members, too many to gather every claim of; its
    deeper members' claims come in by incident, place and wording instead. The ids are read
    first, in a query of their own, because given as a list they let each engine estimate
    how many claims they have; behind a recursive subquery PostgreSQL guesses, and can
    guess into walking a hundred thousand rows.
    """
    parts = [
        Actor.objects.filter(pk__in=members_subquery(root, limit=SIDE_MEMBERS))
        .order_by()
        .values_list("pk", flat=True)
        for root in sorted(roots)
    ]
    return list(parts[0].union(*parts[1:])) if parts else []


def _distinctive(words: set[str]) -> list[str]:
    """The words most likely to find the same story: the longest, as long words are rare."""
    return sorted(words, key=lambda word: (-len(word), word))[:WORD_LOOKUPS]


def _matching(pool: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    """The claims list's text search, plus "#id" to name a claim directly."""
    named = re.fullmatch(r"#([0-9]{1,18})", query)  # ASCII digits, within a 64-bit id
    if named:
        return pool.filter(pk=int(named[1]))
    return matching(pool, query)


def _score(
    claim: Claim,
    candidate: Claim,
    places: list[Place],
    answering_sides: set[int],
    words: set[str],
    sides: SideMap,
) -> Suggestion:
    responses_wanted = finds_responses(claim)
    score, reasons = 0.0, []
    if claim.incident_id is not None and candidate.incident_id == claim.incident_id:
        score += SAME_INCIDENT
        reasons.append("same incident")
    shared = _shared_places(claim, candidate, places)
    if shared:
        score += SHARED_PLACE
        reasons.append(f"mentions {_and_list(shared)}")
    if responses_wanted and sides.roots[candidate.speaker_id] in answering_sides:
        score += ACCUSED_SIDE
        reasons.append(f"{candidate.speaker} is on the accused side")
    if not responses_wanted and any(
        sides.roots[actor.pk] in answering_sides for actor in candidate.accused.all()
    ):
        score += ACCUSED_SIDE
        reasons.append(f"accuses {claim.speaker}’s side")
    kind_weight = (ANSWERING_KIND if responses_wanted else ANSWERED_KIND).get(candidate.kind, 0.0)
    if kind_weight:
        score += kind_weight
        reasons.append(_with_article(candidate.get_kind_display().lower()))
    if claim.stated_on and candidate.stated_on:
        response, target = ends(claim, candidate)
        if response.stated_on == target.stated_on:
            score += SAME_DAY
            reasons.append("same day")
        elif response.stated_on > target.stated_on:
            score += IN_ORDER
            reasons.append("stated after" if responses_wanted else "stated before")
    similarity = _jaccard(words, _words(candidate))
    score += WORDING * similarity
    if similarity >= SIMILAR_WORDING:
        reasons.append("similar wording")
    response, _ = ends(claim, candidate)
    return Suggestion(
        claim=candidate,
        score=round(score, 3),
        reasons=reasons,
        relation=default_relation(response),
    )


def _shared_places(claim: Claim, candidate: Claim, places: list[Place]) -> list[str]:
    """Names of the places both claims are about, tagged or named in either text."""
    candidate_places = list(candidate.places.all())
    claim_text, candidate_text = _text(claim).lower(), _text(candidate).lower()
    return sorted(
        place.name
        for place in {place.pk: place for place in [*places, *candidate_places]}.values()
        if (place in places or _names(place.name, claim_text))
        and (place in candidate_places or _names(place.name, candidate_text))
    )


def _names(name: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(name.lower())}\b", text) is not None


def _text(claim: Claim) -> str:
    return f"{claim.summary}\n{claim.quote}"


def _words(claim: Claim) -> set[str]:
    return {
        word
        for word in re.findall(r"[^\W_]+", _text(claim).lower())
        if len(word) > 1 and word not in STOP_WORDS
    }


def _jaccard(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def _and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _with_article(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


@transaction.atomic
def pair(
    response: Claim,
    target: Claim,
    relation: str,
    facets: Iterable[str],
    note: str = "",
    by: AbstractBaseUser | None = None,
) -> ClaimLink:
    """Record that `response` answers `target`. A self-link or a duplicate is refused."""
    link = ClaimLink(
        from_claim=response,
        to_claim=target,
        relation=relation,
        facets=list(facets),
        note=note,
        created_by=by,
    )
    # The model's own checks first (self-link, relation, facets), then the constraints: in
    # one pass a self-link would also report the database constraint's terse message.
    link.full_clean(validate_constraints=False)
    link.validate_constraints()
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as error:
        # Someone recorded the same pairing between our check and our insert.
        raise ValidationError(_UNIQUE_PAIR.get_violation_error_message()) from error
    logger.info("%s paired: %s", by, link)
    return link


@transaction.atomic
def undo(link: ClaimLink, by: AbstractBaseUser | None = None) -> Removal:
    """Remove a pairing, restorably (the view checks that `by` may delete links)."""
    logger.info("%s undid: %s", by, link)
    return remove(link, by, f"Undid the pairing “{describe(link)}”")


@transaction.atomic
def record_response(
    target: Claim,
    fields: dict[str, Any],
    relation: str,
    facets: Iterable[str],
    by: AbstractBaseUser | None = None,
    note: str = "",
) -> ClaimLink:
    """Create the response claim (its quote anchored in its source) and pair it: both or neither.

    The same words of the same speaker already recorded as answering `target` are refused.
    """
    response = Claim(**{"incident": target.incident, **fields}, created_by=by, updated_by=by)
    response.full_clean()
    # Two editors recording the same response at once queue up on the target's row (SQLite's
    # IMMEDIATE transactions queue every writer anyway), so the second sees the first's.
    list(Claim.objects.select_for_update().filter(pk=target.pk).values_list("pk"))
    if response.quote and _recorded_responses(target, response).exists():
        raise ValidationError("This response is already recorded and paired with this claim.")
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:
        # The same words recorded meanwhile as another claim's response (claim_recorded_once).
        raise ValidationError(_RECORDED_ONCE.get_violation_error_message()) from error
    return pair(response, target, relation, facets, note, by)


def _recorded_responses(target: Claim, response: Claim) -> QuerySet[ClaimLink]:
    """Links to `target` from claims quoting the same words of the same speaker and source."""
    return ClaimLink.objects.filter(
        to_claim=target,
        from_claim__speaker=response.speaker_id,
        from_claim__source=response.source_id,
        from_claim__quote_start=response.quote_start,
        from_claim__quote_end=response.quote_end,
    )
