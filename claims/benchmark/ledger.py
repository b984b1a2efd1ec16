"""The synthetic ledger: N claims shaped like a desk's years of work, written in bulk.

Shape, for N claims: N/10 actors in side trees (nine roots, up to four levels below, some
aliases); N/50 incidents, a few very large (the largest N/100 claims, at most 10,000) and
the rest a few dozen each; about N/5 sources whose captured text holds the quotes of their
claims; claims of every kind, status and credibility over ten years; one claim link per two
claims (mostly denials answering earlier accusations of the same incident); one evidence
link per claim; figures, accused actors and places on some claims.

Rows are made in plain Python from one seeded `random.Random`, so a size always gives the
same ledger, and written in large transactions straight through the real tables (COPY on
PostgreSQL, executemany on SQLite): every constraint and trigger the migrations installed
(the quote anchors, the search index) runs on every row, so the ledger is as true as one
typed in through the pages.

The one thing it skips is history: its rows are written beside the ledger models' managers
(`LedgerQuerySet` would version each one), so the synthetic ledger has no versions. It is
outside the desk's ledger on purpose, in a database of its own that no page writes to
through this path, and a version per row would double the build for nothing measured.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from itertools import accumulate
from typing import Any, NamedTuple

from django.contrib.auth.models import Group, User
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils.text import slugify

from claims.benchmark import text
from claims.lookalike import skeleton
from claims.models import (
    Actor,
    ActorKind,
    Claim,
    ClaimKind,
    ClaimLink,
    ClaimStatus,
    EvidenceLink,
    Figure,
    Incident,
    Place,
    Source,
)
from claims.roles import EDITOR, REVIEWER

SEED = 6
# Bump when the generator changes, so that `--reuse` rebuilds ledgers made by the old one.
VERSION = 3
LARGEST_INCIDENT = 10_000
IN_AN_INCIDENT = 0.85  # the rest of the claims are filed without an incident
BATCH = 20_000  # claims per transaction
FIRST_DAY = date(2016, 1, 1).toordinal()
LAST_DAY = date(2026, 6, 30).toordinal()

LOADTEST_USER = "loadtest"
# A fixed, documented password: the ledger is synthetic and served on loopback only.
LOADTEST_PASSWORD = "loadtest-ledger"
AUTHORS = 8
REVIEWERS = 3

KINDS = [
    (ClaimKind.ACCUSATION, 30),
    (ClaimKind.DENIAL, 20),
    (ClaimKind.ASSERTION, 25),
    (ClaimKind.ADMISSION, 10),
    (ClaimKind.COMMITMENT, 15),
]
# What a claim of each kind links to an earlier accusation with, and how likely it does.
RESPONSES = {
    ClaimKind.DENIAL: (1.0, ["denies"] * 4 + ["disputes"]),
    ClaimKind.ASSERTION: (0.6, ["supports", "confirms", "qualifies", "disputes"]),
    ClaimKind.ADMISSION: (0.8, ["confirms", "qualifies"]),
    ClaimKind.COMMITMENT: (0.2, ["qualifies"]),
}
SECOND_DENIAL = 0.3  # a denial that also disputes a second accusation
FACETS = [
    '["occurrence"]',
    '["responsibility"]',
    '["civilian_status"]',
    '["casualties", "civilian_status"]',
    '["location", "timing"]',
]
STATUSES = [("draft", 4), ("in_review", 2), ("published", 4)]
SOURCE_KINDS = [
    ("article", 5),
    ("broadcast", 1),
    ("official_statement", 2),
    ("social_post", 2),
    ("press_release", 1),
    ("report", 1),
]
FIGURE_GROUPS = {
    "civilians": "civilians",
    "militants": "militants",
    "soldiers": "military",
    "police officers": "police",
}
ROOTS = [
    ("Islamic Emirate of Afghanistan", "Afghanistan", ActorKind.GOVERNMENT, "Afghanistan"),
    ("Pakistan Armed Forces", "Pakistan", ActorKind.MILITARY, "Pakistan"),
    ("Tehrik-i-Taliban Pakistan", "TTP", ActorKind.ARMED_GROUP, "Pakistan"),
    ("Government of Iran", "Iran", ActorKind.GOVERNMENT, "Iran"),
    ("National Resistance Front", "NRF", ActorKind.ARMED_GROUP, "Afghanistan"),
    ("Baloch Liberation Army", "BLA", ActorKind.ARMED_GROUP, "Pakistan"),
    ("Government of Tajikistan", "Tajikistan", ActorKind.GOVERNMENT, "Tajikistan"),
    ("United Nations", "UN", ActorKind.INTERNATIONAL_BODY, ""),
]
PRESS = ("Independent press", "press", ActorKind.MEDIA, "")


@dataclass(frozen=True)
class Targets:
    """The records the pages are measured on, chosen from the ledger as it was built."""

    large_incident: tuple[int, str]  # (id, slug) of the incident with the most claims
    typical_incident: tuple[int, str]  # the incident of median size
    claim: int  # the most answered accusation of the largest incident
    source: int  # that claim's source
    actor: int  # the most accused actor among those who have denied something


def incident_sizes(claims: int, rng: random.Random) -> list[int]:
    """Claims per incident: four very large incidents, then a long run of a few dozen each."""
    count = max(5, claims // 50)
    assigned = int(claims * IN_AN_INCIDENT)
    # The largest is N/100 at scale; on a small ledger it must still stand out from the rest.
    largest = min(LARGEST_INCIDENT, max(claims // 100, 4 * assigned // count))
    top = [largest // rank for rank in range(1, 5)]
    weights = [min(rng.lognormvariate(0, 1), 8.0) for _ in range(count - len(top))]
    scale = max(0, assigned - sum(top)) / sum(weights)
    return top + [max(1, int(weight * scale)) for weight in weights]


class ClaimDraft(NamedTuple):
    """A claim before its source is written: the row's leading values, and its quote."""

    pk: int
    speaker: int
    created_at: str
    quote: str
    values: tuple  # CLAIM_FIELDS up to reviewed_at


@dataclass(frozen=True)
class IncidentPlan:
    """What the claims of one incident (or of a run of claims filed without one) share."""

    id: int | None
    slug: str
    day: int  # date ordinal the incident occurred on
    spread: int  # over how many days it is talked about
    places: list[tuple[int, str]]
    accusing: int  # root of the accusing side
    accused: int  # root of the accused side, which denies
    third: int | None  # a third side that comments, sometimes


# The columns written for each table, in the order its rows are made.
# fmt: off
SOURCE_FIELDS = ("id", "title", "kind", "outlet", "url", "archive_url", "published_at",
                 "retrieved_at", "language", "text", "text_sha256", "reliability")
CLAIM_FIELDS = ("id", "speaker", "incident", "kind", "summary", "stated_on", "credibility",
                "status", "created_by", "created_at", "updated_at",
                "submitted_at", "reviewed_by", "reviewed_at",
                "quote", "source", "quote_start", "quote_end")  # these four from the source
LINK_FIELDS = ("from_claim", "relation", "to_claim", "facets", "note", "created_by",
               "created_at")
EVIDENCE_FIELDS = ("claim", "url", "source", "stance", "kind", "excerpt", "archived_url",
                   "content_sha256", "retrieved_at", "note", "added_by", "added_at")
# fmt: on
TABLES: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    # Sources first: the anchor trigger reads a source's text as each claim is inserted.
    "source": (Source, SOURCE_FIELDS),
    "claim": (Claim, CLAIM_FIELDS),
    "link": (ClaimLink, LINK_FIELDS),
    "evidence": (EvidenceLink, EVIDENCE_FIELDS),
    "figure": (Figure, ("claim", "measure", "group", "low", "high")),
    "accused": (Claim.accused.through, ("claim", "actor")),
    "places": (Claim.places.through, ("claim", "place")),
}


def stamp(day: int, seconds: int) -> str:
    """A timestamp as Django writes one in UTC, which both engines read back."""
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return f"{date.fromordinal(day + hour // 24).isoformat()} {hour % 24:02d}:{minute:02d}:{second:02d}"


class Weighted:
    """Values drawn in proportion to their weights."""

    def __init__(self, weighted: list[tuple[Any, int]]) -> None:
        self.values = [value for value, _ in weighted]
        self.cum_weights = list(accumulate(weight for _, weight in weighted))

    def draw(self, rng: random.Random) -> Any:
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


class LedgerBuilder:
    """Writes a ledger of `claims` claims into the default database, freshly migrated."""

    def __init__(self, claims: int, progress: Callable[[int], None] = lambda done: None) -> None:
        self.claims = claims
        self.progress = progress
        self.rng = random.Random(SEED)
        self.vocabulary = text.Vocabulary(SEED)
        self.statements = text.Statements(self.vocabulary, self.rng)
        self.writer = BulkWriter()
        self.rows: dict[str, list[tuple]] = {name: [] for name in TABLES}
        self.actors: list[tuple] = []  # actor rows, by id - 1
        self.root_of: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}  # each party's actors, its top levels first
        self.accusable: dict[int, list[int]] = {}  # a party's root and its units
        self.offices: dict[int, list[int]] = {}  # the units that issue a party's statements
        self.outlets: list[int] = []
        self.next_claim = 1
        self.next_source = 1
        self.denials = 0
        self.rare_every = max(1, claims // max(3, claims // 20_000))
        self.large_incident = 0
        self.answers: Counter[int] = Counter()  # answers to the largest incident's accusations
        self.anchors: dict[int, list[int]] = {}  # its accusations' [source, speaker]
        self.accused: Counter[int] = Counter()  # accusations received, by actor
        self.deniers: set[int] = set()

    def build(self) -> Targets:
        sizes = incident_sizes(self.claims, self.rng)
        self.large_incident = sizes.index(max(sizes)) + 1
        with transaction.atomic():
            self.authors, self.reviewers = self._users()
            self._actors()
            self.places = self._places()
            incidents = self._incidents(sizes)
        for plan, size in zip(incidents, sizes, strict=True):
            self._claims(size, plan)
        rest = self.claims - sum(sizes)
        while rest > 0:
            self._claims(min(rest, 50), self._loose_plan())
            rest -= 50
        self._flush()
        self.writer.reset_sequences()
        claim = max(self.anchors, key=lambda pk: (self.answers[pk], -pk))
        source, speaker = self.anchors[claim]
        # The actor page lists statements, accusations received and denials: one with all three.
        both = [actor for actor in self.accused if actor in self.deniers] or [speaker]
        actor = max(both, key=lambda pk: (self.accused[pk], -pk))
        by_size = sorted(range(len(sizes)), key=lambda index: (sizes[index], index))
        large, typical = incidents[self.large_incident - 1], incidents[by_size[len(sizes) // 2]]
        return Targets(
            large_incident=(large.id, large.slug),
            typical_incident=(typical.id, typical.slug),
            claim=claim,
            source=source,
            actor=actor,
        )

    # People, places and incidents ------------------------------------------------------

    def _users(self) -> tuple[list[int], list[int]]:
        """The load-test editor, the editors the claims are attributed to, and the reviewers
        who published them (never their authors: four eyes)."""
        editors = Group.objects.get(name=EDITOR)
        loadtest = User.objects.create_user(
            LOADTEST_USER, password=LOADTEST_PASSWORD, is_staff=True
        )
        authors = [
            User.objects.create(username=f"editor{number}", password="!")
            for number in range(1, AUTHORS + 1)
        ]
        editors.user_set.add(loadtest, *authors)
        reviewers = [
            User.objects.create(username=f"reviewer{number}", password="!")
            for number in range(1, REVIEWERS + 1)
        ]
        Group.objects.get(name=REVIEWER).user_set.add(*reviewers)
        return [user.pk for user in authors], [user.pk for user in reviewers]

    def _actors(self) -> None:
        rng, taken = self.rng, set()
        people = text.person_names()

        def add(name: str, kind: str, parent: int | None, title="", country="", aliases="") -> int:
            # Distinct as the app keeps actors: by what the name looks like (claims.lookalike).
            unique, number = name, 1
            while skeleton(unique) in taken:
                number += 1
                unique = f"{name} {number}"
            taken.add(skeleton(unique))
            self.actors.append(
                (
                    len(self.actors) + 1,
                    unique,
                    kind,
                    parent,
                    title,
                    country,
                    aliases,
                    skeleton(unique),
                )
            )
            return len(self.actors)

        for name, short, kind, country in ROOTS:
            root = add(name, kind, None, country=country, aliases=short if short != country else "")
            self.root_of[root] = root
            self.members[root], self.accusable[root], self.offices[root] = [], [root], []
        press = add(PRESS[0], PRESS[2], None)
        total = max(60, self.claims // 10)
        for number in range(max(3, total // 200)):
            outlet = text.MEDIA[number % len(text.MEDIA)]
            self.outlets.append(add(outlet, ActorKind.MEDIA, press))

        def level(count: int, parents: list[int], make: Callable[[int], tuple]) -> list[int]:
            made = []
            for number in range(count):
                # Every parent gets a member first, so that no side is left without speakers.
                parent = parents[number] if number < len(parents) else text.pick(rng, parents, 1.5)
                root = self.root_of[parent]
                actor = add(*make(root, parent))
                self.root_of[actor] = root
                self.members[root].append(actor)
                made.append(actor)
            return made

        def unit(root: int, parent: int) -> tuple:
            name = (
                f"{rng.choice(text.UNITS)}, {self.actors[root - 1][6] or self.actors[root - 1][5]}"
            )
            aliases = text.acronym(name) if rng.random() < 0.3 else ""
            return name, ActorKind.ORGANIZATION, parent, "", self.actors[root - 1][5], aliases

        def office(root: int, parent: int) -> tuple:
            place = rng.choice(text.PLACES)[0]
            name = f"{place} {rng.choice(text.SUB_UNITS)}, {self.actors[parent - 1][1]}"
            return name, ActorKind.ORGANIZATION, parent, "", self.actors[root - 1][5], ""

        def person(root: int, parent: int) -> tuple:
            name = next(people)
            aliases = name.split()[-1] if rng.random() < 0.15 else ""
            title = rng.choice(text.PERSON_TITLES)
            return name, ActorKind.PERSON, parent, title, self.actors[root - 1][5], aliases

        parties = [actor for actor in self.root_of if actor != press]
        units = level(max(16, total // 50), parties, unit)
        for actor in units:
            self.accusable[self.root_of[actor]].append(actor)
            self.offices[self.root_of[actor]].append(actor)
        offices = level(total // 8, units, office)
        remaining = total - len(self.actors)
        spokespeople = level(remaining * 2 // 3, offices, person)
        level(remaining - len(spokespeople), spokespeople, person)
        self.parties = parties
        self.writer.write(
            Actor,
            ("id", "name", "kind", "parent", "title", "country", "aliases", "name_skeleton"),
            self.actors,
        )

    def _places(self) -> list[tuple[int, str]]:
        rows = [(pk, name, country) for pk, (name, country) in enumerate(text.PLACES, start=1)]
        self.writer.write(Place, ("id", "name", "country"), rows)
        return [(pk, name) for pk, name, _ in rows]

    def _incidents(self, sizes: list[int]) -> list[IncidentPlan]:
        rng, plans, rows, places = self.rng, [], [], []
        for pk, size in enumerate(sizes, start=1):
            plan = self._plan(pk, spread=min(400, 3 + size // 10))
            act = rng.choice(text.ACTS).capitalize()
            title = f"{act} in {plan.places[0][1]}, {date.fromordinal(plan.day):%B %Y}"
            plan = replace(plan, slug=f"{slugify(title)}-{pk}")
            plans.append(plan)
            summary = self.vocabulary.sentence(rng)
            rows.append((pk, title, plan.slug, summary, date.fromordinal(plan.day).isoformat()))
            places.extend((pk, place) for place, _ in plan.places)
        self.writer.write(Incident, ("id", "title", "slug", "summary", "occurred_on"), rows)
        self.writer.write(Incident.places.through, ("incident", "place"), places)
        return plans

    def _plan(self, pk: int | None, spread: int) -> IncidentPlan:
        rng = self.rng
        accusing = text.pick(rng, self.parties, bias=1.5)
        accused = text.pick(rng, [party for party in self.parties if party != accusing], bias=1.5)
        return IncidentPlan(
            id=pk,
            slug="",
            day=rng.randint(FIRST_DAY, LAST_DAY - 60),
            spread=spread,
            places=rng.sample(self.places, rng.randint(1, 3)),
            accusing=accusing,
            accused=accused,
            third=rng.choice(self.parties) if rng.random() < 0.2 else None,
        )

    def _loose_plan(self) -> IncidentPlan:
        """Claims filed without an incident still come in runs about one quarrel."""
        return self._plan(None, spread=30)

    # Claims and what hangs off them ------------------------------------------------------

    def _claims(self, count: int, plan: IncidentPlan) -> None:
        """The claims of one incident in date order, the first of them an accusation."""
        rng = self.rng
        last = LAST_DAY + 150
        days = sorted(
            min(last, plan.day + int(rng.expovariate(3 / plan.spread))) for _ in range(count)
        )
        accusations: list[int] = []
        drafts: list[ClaimDraft] = []
        size = rng.randint(1, 9)
        for day in days:
            kind = ClaimKind.ACCUSATION if not accusations else KIND_WEIGHTS.draw(rng)
            drafts.append(self._claim(plan, day, kind, accusations))
            if len(drafts) == size:
                self._source(plan, drafts)
                drafts, size = [], rng.randint(1, 9)
        if drafts:
            self._source(plan, drafts)
        if len(self.rows["claim"]) >= BATCH:
            self._flush()

    def _claim(self, plan: IncidentPlan, day: int, kind: str, accusations: list[int]) -> ClaimDraft:
        """A claim's row without its source and quote offsets, which its source decides."""
        rng, rows, pk = self.rng, self.rows, self.next_claim
        self.next_claim += 1
        side = plan.accused if kind == ClaimKind.DENIAL else plan.accusing
        if kind not in (ClaimKind.ACCUSATION, ClaimKind.DENIAL):
            side = rng.choice([plan.accusing, plan.accused, plan.third or plan.accusing])
        speaker = text.pick(rng, self.members[side])
        place_id, place = rng.choice(plan.places)
        quote, summary = self._words(kind, plan, place, pk)
        created_at = stamp(day, rng.randrange(86_400 * 2))
        author = rng.choice(self.authors) if rng.random() < 0.9 else None
        updated_at = created_at if rng.random() < 0.7 else stamp(day + rng.randint(1, 30), 0)
        if rng.random() < 0.5:
            rows["places"].append((pk, place_id))
        if kind == ClaimKind.ACCUSATION:
            for actor in rng.sample(self.accusable[plan.accused], 1 + (rng.random() < 0.3)):
                rows["accused"].append((pk, actor))
                self.accused[actor] += 1
            if plan.id == self.large_incident:
                self.anchors[pk] = [0, speaker]
        self._respond(pk, kind, accusations, author, created_at)
        self._evidence(pk, created_at)
        if kind == ClaimKind.ACCUSATION:
            accusations.append(pk)
        elif kind == ClaimKind.DENIAL:
            self.deniers.add(speaker)
        status = STATUS_WEIGHTS.draw(rng)
        values = (
            pk,
            speaker,
            plan.id,
            kind,
            f"{self.actors[speaker - 1][1]}: {summary}"[:300],
            None if rng.random() < 0.01 else date.fromordinal(day).isoformat(),
            CREDIBILITY.draw(rng),
            status,
            author,
            created_at,
            updated_at,
            *self._review(status, created_at, updated_at),
        )
        return ClaimDraft(pk, speaker, created_at, quote, values)

    def _review(self, status: str, created_at: str, updated_at: str) -> tuple:
        """When a claim was submitted, and who published it when (never its author)."""
        if status == ClaimStatus.DRAFT:
            return None, None, None
        if status == ClaimStatus.IN_REVIEW:
            return created_at, None, None
        return created_at, self.rng.choice(self.reviewers), updated_at

    def _words(self, kind: str, plan: IncidentPlan, place: str, pk: int) -> tuple[str, str]:
        """The quote and summary, with the figures they state recorded alongside."""
        rng, statements = self.rng, self.statements
        toll = None
        if kind == ClaimKind.ACCUSATION:
            if rng.random() < 0.7:
                toll = (min(500, int(rng.paretovariate(1.2) * 3)), rng.choice(list(FIGURE_GROUPS)))
            accused = self.actors[plan.accused - 1][1]
            quote, summary = statements.accusation(accused, place, toll)
        elif kind == ClaimKind.DENIAL:
            self.denials += 1
            if rng.random() < 0.15:
                toll = (rng.randint(2, 40), "militants")
            quote, summary = statements.denial(place, toll, phrase=self.denials % 20 == 1)
        else:
            quote, summary = getattr(statements, kind)()
        if toll:
            self.rows["figure"].append((pk, "killed", FIGURE_GROUPS[toll[1]], toll[0], toll[0]))
        if pk % self.rare_every == 0:
            quote += f" near {text.RARE_WORD}"
        return quote, summary

    def _respond(self, pk: int, kind: str, accusations: list[int], author, created_at: str) -> None:
        """Link a response to an earlier accusation of the same incident, most often a recent one."""
        rng = self.rng
        chance, relations = RESPONSES.get(kind, (0.0, []))
        if not accusations or rng.random() >= chance:
            return
        targets = {
            accusations[-1 - int(len(accusations) * rng.random() ** 3)]: rng.choice(relations)
        }
        if kind == ClaimKind.DENIAL and rng.random() < SECOND_DENIAL:
            targets.setdefault(rng.choice(accusations), "disputes")
        for target, relation in targets.items():
            facets = rng.choice(FACETS)
            self.rows["link"].append((pk, relation, target, facets, "", author, created_at))
            if target in self.anchors and relation in ("denies", "disputes"):
                self.answers[target] += 1

    def _evidence(self, pk: int, added_at: str) -> None:
        rng = self.rng
        if self.next_source > 1 and rng.random() < 0.35:
            url, source = "", rng.randrange(1, self.next_source)
        else:
            url, source = f"https://evidence.example.org/claims/{pk}", None
        excerpt = self.statements.words(6, 20) if rng.random() < 0.4 else ""
        self.rows["evidence"].append(
            (
                pk,
                url,
                source,
                rng.choice(("supports", "refutes", "context")),
                rng.choice(("document", "imagery", "video", "testimony", "official_record")),
                excerpt,
                "",
                "",
                added_at if url else None,
                "",
                None,
                added_at,
            )
        )

    def _source(self, plan: IncidentPlan, drafts: list[ClaimDraft]) -> None:
        """A source whose captured text holds each draft's quote, then the drafts as claim rows."""
        rng, vocabulary, pk = self.rng, self.vocabulary, self.next_source
        self.next_source += 1
        pieces, at = [], 0
        for draft in drafts:
            for _ in range(rng.randint(0, 2)):
                sentence = vocabulary.sentence(rng) + " "
                pieces.append(sentence)
                at += len(sentence)
            _, name, _, _, title, *_ = self.actors[draft.speaker - 1]
            lead = f"{title} {name} said: “" if title else f"{name} said in a statement: “"
            start = at + len(lead)
            pieces.extend((lead, draft.quote, "”\n\n"))
            at = start + len(draft.quote) + 3
            self.rows["claim"].append(
                (*draft.values, draft.quote, pk, start, start + len(draft.quote))
            )
            if draft.pk in self.anchors:
                self.anchors[draft.pk][0] = pk
        pieces.append(vocabulary.sentence(rng))
        body = "".join(pieces)
        kind = SOURCE_KIND_WEIGHTS.draw(rng)
        if kind in ("official_statement", "press_release"):
            outlet = rng.choice(self.offices[self.root_of[drafts[0].speaker]])
        else:
            outlet = rng.choice(self.outlets)
        published = drafts[0].created_at
        title = f"{plan.places[0][1]}: {vocabulary.sentence(rng, 5, 10)[:-1]}"
        self.rows["source"].append(
            (
                pk,
                title,
                kind,
                outlet,
                f"https://news.example.org/{published[:7].replace('-', '/')}/{pk}",
                f"https://archive.example.org/{pk}" if rng.random() < 0.3 else "",
                published,
                published,
                "en",
                body,
                hashlib.sha256(body.encode()).hexdigest(),
                rng.choice("AABBBCCCDEF"),
            )
        )

    def _flush(self) -> None:
        with transaction.atomic():
            for name, (model, fields) in TABLES.items():
                self.writer.write(model, fields, self.rows[name])
                self.rows[name].clear()
        self.progress(self.next_claim - 1)


KIND_WEIGHTS = Weighted(KINDS)
STATUS_WEIGHTS = Weighted(STATUSES)
SOURCE_KIND_WEIGHTS = Weighted(SOURCE_KINDS)
CREDIBILITY = Weighted([(1, 1), (2, 2), (3, 3), (4, 2), (5, 1), (6, 3)])


class BulkWriter:
    """Rows into a table in one statement: COPY on PostgreSQL, executemany on SQLite."""

    def write(
        self, model: type[models.Model], fields: tuple[str, ...], rows: Iterable[tuple]
    ) -> None:
        quote = connection.ops.quote_name
        meta = model._meta
        columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
        table = quote(meta.db_table)
        raw = connection.connection  # the driver's own connection: no per-row work in Django
        if connection.vendor == "postgresql":
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join("?" * len(fields))
            raw.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)

    def reset_sequences(self) -> None:
        """Rows were written with their ids: move each id sequence past them."""
        models_with_ids = [Actor, Place, Incident, Source, Claim]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models_with_ids):
                cursor.execute(statement)
