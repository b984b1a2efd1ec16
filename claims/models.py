"""The claim ledger: who said what, where it was said, and how statements answer each other.

Every invariant that the database can express is a constraint here; the ones it cannot
(a quote matching its source's text, facets drawn from a fixed list, no affiliation loops)
are checked in `clean()` and, for quotes, also by triggers (migration 0002).
Deletes are PROTECTed so that nothing recorded disappears by cascade. Every model is a
`LedgerRow`: each write, bulk ones included, leaves a version in its history
(claims.history), and a save that did not start from the stored version is refused
(claims.concurrency).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, time
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OrderBy, OuterRef, Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import Exact, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from claims.concurrency.models import Versioned
from claims.fields import WebURLField, web_url_condition
from claims.history.records import LedgerModel, LedgerQuerySet
from claims.lookalike import difference, skeleton
from claims.sides import members_subquery
from claims.text import around


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    GOVERNMENT = "government", "Government"
    MILITARY = "military", "Military"
    ARMED_GROUP = "armed_group", "Armed group"
    MEDIA = "media", "Media"
    INTERNATIONAL_BODY = "international_body", "International body"
    OTHER = "other", "Other"


class SourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    BROADCAST = "broadcast", "Broadcast"
    OFFICIAL_STATEMENT = "official_statement", "Official statement"
    SOCIAL_POST = "social_post", "Social media post"
    PRESS_RELEASE = "press_release", "Press release"
    REPORT = "report", "Report"
    OTHER = "other", "Other"


class Reliability(models.TextChoices):
    """Admiralty source reliability, kept apart from the credibility of what is said."""

    A = "A", "A – completely reliable"
    B = "B", "B – usually reliable"
    C = "C", "C – fairly reliable"
    D = "D", "D – not usually reliable"
    E = "E", "E – unreliable"
    F = "F", "F – reliability cannot be judged"


class Credibility(models.IntegerChoices):
    """Admiralty information credibility."""

    CONFIRMED = 1, "1 – confirmed by other sources"
    PROBABLE = 2, "2 – probably true"
    POSSIBLE = 3, "3 – possibly true"
    DOUBTFUL = 4, "4 – doubtful"
    IMPROBABLE = 5, "5 – improbable"
    UNKNOWN = 6, "6 – truth cannot be judged"


class ClaimKind(models.TextChoices):
    ACCUSATION = "accusation", "Accusation"
    DENIAL = "denial", "Denial"
    ASSERTION = "assertion", "Assertion"
    ADMISSION = "admission", "Admission"
    COMMITMENT = "commitment", "Commitment"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", "Submitted for review"
    PUBLISH = "publish", "Published"
    WITHDRAW = "withdraw", "Withdrawn to draft"


class Measure(models.TextChoices):
    KILLED = "killed", "Killed"
    INJURED = "injured", "Injured"
    DETAINED = "detained", "Detained"
    DISPLACED = "displaced", "Displaced"
    OTHER = "other", "Other"


class Group(models.TextChoices):
    CIVILIANS = "civilians", "Civilians"
    MILITARY = "military", "Military"
    POLICE = "police", "Police"
    MILITANTS = "militants", "Militants"
    UNSPECIFIED = "unspecified", "Unspecified"


class Relation(models.TextChoices):
    DENIES = "denies", "denies"
    DISPUTES = "disputes", "disputes"
    CONFIRMS = "confirms", "confirms"
    SUPPORTS = "supports", "supports"
    QUALIFIES = "qualifies", "qualifies"


# Relations that count as an answer to an accusation.
ANSWERING_RELATIONS = (Relation.DENIES, Relation.DISPUTES)

# Longest evidence excerpt and note: room for a few paragraphs, not a whole document (a
# document belongs in a source). The forms report them; a check constraint holds them.
EXCERPT_LENGTH = 5000
NOTE_LENGTH = 2000


class Facet(models.TextChoices):
    OCCURRENCE = "occurrence", "Occurrence"
    RESPONSIBILITY = "responsibility", "Responsibility"
    LOCATION = "location", "Location"
    TIMING = "timing", "Timing"
    CASUALTIES = "casualties", "Casualties"
    CIVILIAN_STATUS = "civilian_status", "Civilian status"
    OTHER = "other", "Other"


def in_facet_order(values: list[str]) -> list[str]:
    """Facets once each, in the order `Facet` declares them, so equal sets compare equal."""
    chosen = set(values)
    return [facet for facet in Facet.values if facet in chosen]


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    IMAGERY = "imagery", "Imagery"
    VIDEO = "video", "Video"
    TESTIMONY = "testimony", "Testimony"
    OFFICIAL_RECORD = "official_record", "Official record"
    DATASET = "dataset", "Dataset"
    OTHER = "other", "Other"


def choices_condition(field: str, choices: type[models.Choices]) -> Q:
    return Q(**{f"{field}__in": choices.values})


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class NullsLastIndex(models.Index):
    """An index that may end in `DESC NULLS LAST` columns, the order of every claim list.

    PostgreSQL serves `ORDER BY stated_on DESC NULLS LAST` from an index only if the index
    says NULLS LAST too. SQLite refuses the words in an index, and needs no telling: its
    descending order puts NULLs last already, so a plain DESC index serves the same order.
    """

    def create_sql(
        self, model: type[models.Model], schema_editor: Any, using: str = "", **kwargs: Any
    ) -> Any:
        index = self
        if schema_editor.connection.vendor == "sqlite":
            index = self.clone()
            index.expressions = [
                OrderBy(column.expression, descending=column.descending)
                if isinstance(column, OrderBy)
                else column
                for column in self.expressions
            ]
        return models.Index.create_sql(index, model, schema_editor, using=using, **kwargs)


def newest_first_index(*columns: str, name: str) -> models.Index:
    """An index on `columns` (the filter) followed by the claim lists' order."""
    return NullsLastIndex(*columns, F("stated_on").desc(nulls_last=True), F("id").desc(), name=name)


class LedgerRow(Versioned, LedgerModel):
    """A row of the ledger: its saves check the version they read, and its writes are kept."""

    class Meta:
        abstract = True


def _actor_id(actor: Actor | int) -> int:
    return actor.pk if isinstance(actor, Actor) else int(actor)


def name_key(name: str) -> str:
    """How actors' names are compared: case, spacing and look-alike letters aside."""
    return skeleton(name)


class ActorQuerySet(LedgerQuerySet):
    def on_side(self, root: Actor | int) -> ActorQuerySet:
        """Actors whose side is `root` (the root itself included)."""
        return self.filter(pk__in=members_subquery(_actor_id(root)))

    def named(self, names: Iterable[str]) -> dict[str, Actor]:
        """The actor each of `names` belongs to (keyed by `name_key`), for those on record.

        One query: every actor whose name is one of them or looks like one (a pasted name
        with a Cyrillic а finds the actor spelt with a Latin a) or whose aliases mention one,
        then the aliases are checked line by line, so "ISPR" matches the actor with that alias
        and not one whose alias merely contains the letters. Own names win over aliases.
        """
        longest = self.model._meta.get_field("name").max_length
        # A name longer than any on record, or holding a NUL, can match nothing: not asked.
        wanted = {
            name_key(name): " ".join(name.split())
            for name in names
            if name.strip() and len(name) <= longest and "\x00" not in name
        }
        if not wanted:
            return {}
        condition = reduce(
            or_,
            (Q(name__iexact=name) | Q(aliases__icontains=name) for name in wanted.values()),
            Q(name_skeleton__in=wanted),
        )
        actors = sorted(self.filter(condition), key=lambda actor: actor.pk)
        found: dict[str, Actor] = {}
        for actor in actors:
            if name_key(actor.name) in wanted:
                found.setdefault(name_key(actor.name), actor)
        for actor in actors:
            for alias in actor.alias_list():
                if name_key(alias) in wanted:
                    found.setdefault(name_key(alias), actor)
        return found


class Actor(LedgerRow):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ActorKind, default=ActorKind.PERSON)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The body this actor speaks for or belongs to. Its side is the top of this chain.",
    )
    title = models.CharField(max_length=200, blank=True, help_text="Role, e.g. Defence Minister.")
    country = models.CharField(max_length=100, blank=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other names, one per line (e.g. ISPR for Inter-Services Public Relations).",
    )
    # What the name looks like (claims.lookalike), set on every save: no two actors may look
    # the same. Empty (NULL) only for look-alikes recorded before the check (migration 0021).
    # NULL, not "": many NULLs pass a unique index, and adding a column with a default would
    # make SQLite rebuild the table, dropping its full-text triggers.
    name_skeleton = models.CharField(max_length=1000, null=True, editable=False)  # noqa: DJ001

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # The side filter's suggestions: roots by name, without walking past every member.
            models.Index(Lower("name"), condition=Q(parent=None), name="actor_side_name_idx"),
            # An actor's members by name, the first few of thousands.
            models.Index(fields=["parent", "name"], name="actor_members_idx"),
            # A side's colour counts the roots recorded before it (claims.sides): from this
            # index that is a short range, and on PostgreSQL the side query stays cheap
            # enough not to be JIT-compiled, which alone cost 300 ms a page at 100k actors.
            models.Index(fields=["id"], condition=Q(parent=None), name="actor_root_idx"),
        ]
        constraints = [
            # Also the index behind name suggestions (a prefix match on the lower-cased name).
            models.UniqueConstraint(Lower("name"), name="actor_name_unique_ci"),
            # Partial, so that SQLite makes it an index rather than rebuilding the table.
            models.UniqueConstraint(
                fields=["name_skeleton"],
                condition=Q(name_skeleton__isnull=False),
                name="actor_name_lookalike_unique",
            ),
            models.CheckConstraint(
                condition=choices_condition("kind", ActorKind), name="actor_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="actor_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actor_detail", args=[self.pk])

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def affiliation_chain(self) -> list[Actor]:
        """This actor, then each parent up to its side: [DG ISPR, ISPR, Pakistan Armed Forces]."""
        chain = [self]
        seen = {self.pk}
        node = self
        while node.parent_id is not None and node.parent_id not in seen:
            node = node.parent
            seen.add(node.pk)
            chain.append(node)
        return chain

    @property
    def side(self) -> Actor:
        """The root of the parent chain: the party this actor speaks for."""
        return self.affiliation_chain()[-1]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_skeleton = skeleton(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_skeleton"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self._refuse_lookalike()
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "An actor cannot be its own parent."})
        if self.pk is not None and any(a.pk == self.pk for a in self.parent.affiliation_chain()):
            raise ValidationError(
                {"parent": f"{self.parent} already belongs to {self}: that would make a loop."}
            )

    def _refuse_lookalike(self) -> None:
        """Refuse a name that looks like another actor's, saying which and why."""
        twin = Actor.objects.filter(name_skeleton=skeleton(self.name)).exclude(pk=self.pk).first()
        if twin is None:
            return
        link = format_html('<a href="{}">{}</a>', twin.get_absolute_url(), twin.name)
        if " ".join(self.name.split()).casefold() == " ".join(twin.name.split()).casefold():
            message = format_html("{} is already on record: pick that actor instead.", link)
        else:
            message = format_html(
                "This name looks identical to {}, already on record ({}). Pick that actor "
                "instead, or spell this one differently.",
                link,
                difference(self.name, twin.name),
            )
        raise ValidationError({"name": message})


class Place(LedgerRow):
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "country", name="place_name_country_unique"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="place_coordinates_valid",
                violation_error_message=(
                    "Latitude must be between -90 and 90 and longitude between -180 and 180."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.country}" if self.country else self.name

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Give both latitude and longitude, or neither.")


class Incident(LedgerRow):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    occurred_on = models.DateField(null=True, blank=True)
    places = models.ManyToManyField(Place, blank=True, related_name="incidents")

    class Meta:
        ordering = ["-occurred_on", "title"]
        indexes = [
            models.Index(fields=["-occurred_on", "title"], name="incident_latest_idx"),
            models.Index(Lower("title"), name="incident_title_ci_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("incident_detail", args=[self.slug])


class Source(LedgerRow):
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=SourceKind, default=SourceKind.ARTICLE)
    outlet = models.ForeignKey(
        Actor, on_delete=models.PROTECT, null=True, blank=True, related_name="published_sources"
    )
    url = WebURLField(blank=True)
    archive_url = WebURLField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    retrieved_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(
        max_length=35, default="en", help_text="BCP 47 tag, e.g. en, ps, ur."
    )
    text = models.TextField(blank=True, help_text="The captured body that quotes are anchored in.")
    text_sha256 = models.CharField(max_length=64, editable=False)
    reliability = models.CharField(max_length=1, choices=Reliability, default=Reliability.F)

    class Meta:
        ordering = ["-published_at", "title"]
        indexes = [
            models.Index(Lower("title"), name="source_title_ci_idx"),
            # Intake finds a pasted text already on record by its hash.
            models.Index(fields=["text_sha256"], name="source_sha256_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=choices_condition("kind", SourceKind), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=choices_condition("reliability", Reliability),
                name="source_reliability_valid",
            ),
            models.CheckConstraint(condition=web_url_condition("url"), name="source_url_http"),
            models.CheckConstraint(
                condition=web_url_condition("archive_url"), name="source_archive_url_http"
            ),
            models.CheckConstraint(
                condition=Exact(Length("text_sha256"), 64), name="source_sha256_set"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.text_sha256 = sha256_hex(self.text)
        if kwargs.get("update_fields") is not None and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "text_sha256"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("source_detail", args=[self.pk])

    def clean(self) -> None:
        self.text_sha256 = sha256_hex(self.text)
        if self.pk is None:
            return
        broken = [
            claim
            for claim in self.claims.exclude(quote_start=None)
            if self.text[claim.quote_start : claim.quote_end] != claim.quote
        ]
        if broken:
            raise ValidationError(
                {
                    "text": f"This edit would move {len(broken)} anchored quote(s) away from their "
                    f"place in the text (first: claim #{broken[0].pk}). Keep the quoted passages as "
                    "they are, or re-anchor those claims first."
                }
            )

    def find_quote(self, quote: str) -> list[int]:
        """Every offset at which `quote` starts in the captured text."""
        starts, at = [], self.text.find(quote)
        while quote and at != -1:
            starts.append(at)
            at = self.text.find(quote, at + 1)
        return starts


def user_field(related_name: str) -> models.ForeignKey:
    """Who did something to a row: set by the app from the signed-in user, never typed."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        editable=False,
    )


def review_constraints() -> list[models.CheckConstraint]:
    """What the review workflow (claims.review) guarantees, held by the database as well.

    A CHECK passes when its condition is NULL, so each comparison with a column that may be
    empty says what an empty one means instead of leaving it to NULL logic. That the reviewer
    is not the claim's last editor either is checked when a claim is published, by a trigger
    (migration 0011): afterwards the editor may change as the unlocked fields are edited.
    """
    published = Q(status=ClaimStatus.PUBLISHED)
    draft = Q(status=ClaimStatus.DRAFT)
    return [
        models.CheckConstraint(
            condition=(published & Q(reviewed_by__isnull=False, reviewed_at__isnull=False))
            | (~published & Q(reviewed_by__isnull=True, reviewed_at__isnull=True)),
            name="claim_publication_recorded",
            violation_error_message="A published claim names its reviewer; no other claim does.",
        ),
        models.CheckConstraint(
            condition=(draft & Q(submitted_at__isnull=True))
            | (~draft & Q(submitted_at__isnull=False)),
            name="claim_submission_recorded",
            violation_error_message="A claim in review or published records when it was submitted.",
        ),
        models.CheckConstraint(
            condition=Q(reviewed_by__isnull=True)
            | Q(created_by__isnull=True)
            | ~Q(reviewed_by=F("created_by")),
            name="claim_reviewer_not_author",
            violation_error_message="A claim is published by someone other than its author.",
        ),
    ]


class ClaimQuerySet(LedgerQuerySet):
    def accusations(self) -> ClaimQuerySet:
        return self.filter(kind=ClaimKind.ACCUSATION)

    def answered_condition(self) -> Exists:
        return Exists(
            ClaimLink.objects.filter(to_claim=OuterRef("pk"), relation__in=ANSWERING_RELATIONS)
        )

    def unanswered_accusations(self) -> ClaimQuerySet:
        """Accusations that no claim denies or disputes yet."""
        return self.accusations().exclude(self.answered_condition())

    def on_side(self, root: Actor | int) -> ClaimQuerySet:
        return self.filter(speaker_id__in=members_subquery(_actor_id(root)))

    def with_context(self) -> ClaimQuerySet:
        """What a claim row shows: speaker, source and incident without further queries."""
        return self.select_related("speaker", "source", "incident")


# What makes two claims one: the same span of the same source, said by the same speaker.
RECORDED_ONCE = ("speaker", "source", "quote_start", "quote_end")


class Claim(LedgerRow):
    speaker = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="claims")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims")
    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    kind = models.CharField(max_length=20, choices=ClaimKind)
    summary = models.CharField(max_length=300, help_text="The editor's one-line paraphrase.")
    quote = models.TextField(blank=True, help_text="The verbatim span of the source text.")
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    stated_on = models.DateField(null=True, blank=True)
    accused = models.ManyToManyField(Actor, blank=True, related_name="accusations_received")
    places = models.ManyToManyField(Place, blank=True, related_name="claims")
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility,
        default=Credibility.UNKNOWN,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    status = models.CharField(max_length=20, choices=ClaimStatus, default=ClaimStatus.DRAFT)
    created_by = user_field("claims_created")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Whoever last saved the claim's fields: four eyes keep them from publishing it.
    updated_by = user_field("claims_updated")
    # Set and cleared only by claims.review, which keeps the full record in ClaimReview.
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_by = user_field("claims_reviewed")
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-stated_on", "-id"]
        permissions = [
            ("grade_claim", "Can grade a claim's credibility"),
            ("publish_claim", "Can move a claim through review to published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=choices_condition("kind", ClaimKind), name="claim_kind_valid"
            ),
            models.CheckConstraint(
                condition=choices_condition("status", ClaimStatus), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(credibility__gte=1, credibility__lte=6), name="claim_credibility_1_to_6"
            ),
            models.CheckConstraint(
                condition=Q(quote_start__isnull=True, quote_end__isnull=True)
                | Q(
                    quote_start__isnull=False,
                    quote_end__gt=F("quote_start"),
                    quote_end=F("quote_start") + Length("quote"),
                ),
                name="claim_quote_anchor_consistent",
            ),
            # The same words of the same speaker are one claim. Conditional, so that SQLite
            # adds it as a partial index instead of rebuilding the table and dropping its
            # triggers (0012, 0014); an unanchored claim has no words to compare anyway.
            models.UniqueConstraint(
                fields=RECORDED_ONCE,
                condition=Q(quote_start__isnull=False),
                name="claim_recorded_once",
                violation_error_message="These words of this speaker are already recorded.",
            ),
            *review_constraints(),
        ]
        # One index per list order and filter, so that no list reads past the rows it shows.
        indexes = [
            newest_first_index(name="claim_newest_idx"),
            newest_first_index("kind", name="claim_kind_newest_idx"),
            newest_first_index("status", name="claim_status_newest_idx"),
            newest_first_index("incident", name="claim_incident_newest_idx"),
            newest_first_index("speaker", name="claim_speaker_newest_idx"),
            # The list filtered by incident and kind, and the desk's counts per incident
            # (of claims, and of accusations), read from the index alone.
            newest_first_index("incident", "kind", name="claim_incident_kind_idx"),
            # Accusations in the order they were recorded: the desk's unanswered ones.
            models.Index(fields=["kind", "created_at", "id"], name="claim_kind_created_idx"),
            models.Index(fields=["status", "-updated_at"], name="claim_status_updated_idx"),
            # The desk's recent claims, newest recorded first.
            models.Index(fields=["-created_at", "-id"], name="claim_recent_idx"),
            # The desk's review queues: everyone's, and one author's, oldest submitted first.
            models.Index(fields=["status", "submitted_at", "id"], name="claim_review_queue_idx"),
            models.Index(
                fields=["created_by", "status", "submitted_at", "id"],
                name="claim_author_queue_idx",
            ),
            # The Atom feeds (claims.interchange.feeds): the newest published, everyone's and
            # an incident's, without sorting every published claim.
            models.Index(
                F("reviewed_at").desc(),
                F("id").desc(),
                condition=Q(status=ClaimStatus.PUBLISHED),
                name="claim_published_idx",
            ),
            models.Index(
                "incident",
                F("reviewed_at").desc(),
                F("id").desc(),
                condition=Q(status=ClaimStatus.PUBLISHED),
                name="claim_incident_published_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_id and self.speaker}: {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from claims import review

        review.guard_save(self, kwargs)
        super().save(*args, **kwargs)
        review.remember_stored(self)

    def get_absolute_url(self) -> str:
        return reverse("claim_detail", args=[self.pk])

    def validate_constraints(self, exclude: Iterable[str] | None = None) -> None:
        """The table's constraints; a second record of the same words links to the first."""
        if not set(exclude or ()) & set(RECORDED_ONCE):
            earlier = self.recorded_earlier()
            if earlier is not None:
                raise ValidationError(
                    format_html(
                        'These words of this speaker are already recorded: <a href="{}">{}</a>.',
                        earlier.get_absolute_url(),
                        earlier.summary,
                    ),
                    code="claim_recorded_once",
                )
        super().validate_constraints(exclude)

    def recorded_earlier(self) -> Claim | None:
        """The claim already quoting the same words of the same speaker, if there is one."""
        if self.quote_start is None:
            return None
        same = {name: getattr(self, Claim._meta.get_field(name).attname) for name in RECORDED_ONCE}
        return Claim.objects.filter(**same).exclude(pk=self.pk).only("pk", "summary").first()

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any, **kwargs: Any) -> Claim:
        claim = super().from_db(db, field_names, values, **kwargs)
        # What the review workflow compares an edit against: the row as it was read.
        claim._stored = dict(zip(field_names, values, strict=True))
        return claim

    def stored(self, attname: str) -> Any:
        """A field's value as read from the database (None for a new or deferred one)."""
        return getattr(self, "_stored", {}).get(attname)

    def submit(self, *, by: Any) -> None:
        """Send a draft for review (see claims.review)."""
        from claims import review

        review.submit(self, by=by)

    def publish(self, *, by: Any, grade: int | None = None) -> None:
        """Publish a claim in review, graded by a second pair of eyes (see claims.review)."""
        from claims import review

        review.publish(self, by=by, grade=grade)

    def withdraw(self, *, by: Any, reason: str) -> None:
        """Take a claim in review or published back to draft, saying why (see claims.review)."""
        from claims import review

        review.withdraw(self, by=by, reason=reason)

    @property
    def waiting_since(self) -> datetime:
        """Since when an answer is due: the day it was said where known (a statement a year
        old recorded today has waited a year), else the moment it was recorded."""
        if self.stated_on is None:
            return self.created_at
        return timezone.make_aware(datetime.combine(self.stated_on, time.min))

    @property
    def is_anchored(self) -> bool:
        return self.quote_start is not None

    def anchor_quote(self) -> None:
        """Find the quote's offsets in the source text when only the quote was given.

        Raises ValidationError when the quote is absent or appears more than once, because
        a quote that cannot be traced to one exact place is not a quote we can stand behind.
        """
        if not self.quote or self.quote_start is not None or not self.source_id:
            return
        starts = self.source.find_quote(self.quote)
        if not starts:
            raise ValidationError(
                {
                    "quote": "This quote does not appear in the source text. Paste it exactly as captured."
                }
            )
        if len(starts) > 1:
            offsets = ", ".join(str(start) for start in starts)
            raise ValidationError(
                {
                    "quote": f"This quote appears {len(starts)} times in the source (at {offsets}). "
                    "Quote a longer passage, or set the start offset to pick one."
                }
            )
        self.quote_start = starts[0]
        self.quote_end = starts[0] + len(self.quote)

    def clean(self) -> None:
        from claims import review

        review.check_unlocked(self)
        if self.quote and self.quote_start is not None and self.quote_end is None:
            self.quote_end = self.quote_start + len(self.quote)
        # A quote is anchored when it is entered. One kept unanchored as stored (imported
        # from ClaimReview, whose source has no captured text) is not asked again on every
        # edit of the claim's other fields.
        if self._state.adding or self.quote != self.stored("quote"):
            self.anchor_quote()
        if (self.quote_start is None) != (self.quote_end is None):
            raise ValidationError("Give both quote offsets, or neither.")
        if self.quote_start is not None:
            if not self.quote:
                raise ValidationError({"quote": "Offsets are set but the quote is empty."})
            found = self.source.text[self.quote_start : self.quote_end] if self.source_id else ""
            if found != self.quote:
                raise ValidationError(
                    {
                        "quote": f"The source text at {self.quote_start}–{self.quote_end} reads "
                        f"“{found[:80]}”, not this quote."
                    }
                )

    def quote_in_context(self, width: int = 240) -> tuple[str, str, str]:
        """(text before, the quote, text after), trimmed to about `width` characters each side."""
        if not self.is_anchored:
            return "", self.quote, ""
        before, after = around(self.source.text, self.quote_start, self.quote_end, width)
        return before, self.quote, after

    def responses(self) -> models.QuerySet[ClaimLink]:
        """Links from claims that answer this one, with the answering claim ready to show."""
        return self.incoming_links.select_related("from_claim__speaker", "from_claim__source")

    def responds_to(self) -> models.QuerySet[ClaimLink]:
        """Links from this claim to the claims it answers."""
        return self.outgoing_links.select_related("to_claim__speaker", "to_claim__source")

    @property
    def is_unanswered_accusation(self) -> bool:
        return (
            self.kind == ClaimKind.ACCUSATION
            and not self.incoming_links.filter(relation__in=ANSWERING_RELATIONS).exists()
        )


class ClaimReview(LedgerRow):
    """One step of a claim's review, kept for good: who submitted, published or withdrew it."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="reviews")
    action = models.CharField(max_length=20, choices=ReviewAction)
    from_status = models.CharField(max_length=20, choices=ClaimStatus)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claim_reviews"
    )
    at = models.DateTimeField()
    grade = models.PositiveSmallIntegerField(
        choices=Credibility, null=True, blank=True, help_text="The credibility given on publishing."
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=choices_condition("action", ReviewAction), name="claimreview_action_valid"
            ),
            models.CheckConstraint(
                condition=choices_condition("from_status", ClaimStatus),
                name="claimreview_from_status_valid",
            ),
            models.CheckConstraint(
                # grade IS NOT NULL too: on its own, NULL >= 1 would let a CHECK pass.
                condition=Q(
                    action=ReviewAction.PUBLISH, grade__isnull=False, grade__gte=1, grade__lte=6
                )
                | (~Q(action=ReviewAction.PUBLISH) & Q(grade__isnull=True)),
                name="claimreview_grade_on_publish",
            ),
            models.CheckConstraint(
                condition=~Q(action=ReviewAction.WITHDRAW) | ~Q(reason=""),
                name="claimreview_withdrawal_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.claim_id} {self.get_action_display().lower()} by {self.by}"


class Figure(LedgerRow):
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="figures")
    measure = models.CharField(max_length=20, choices=Measure)
    group = models.CharField(max_length=20, choices=Group, default=Group.UNSPECIFIED)
    low = models.PositiveIntegerField()
    high = models.PositiveIntegerField(
        blank=True, help_text="Leave blank when the figure is exact."
    )

    class Meta:
        ordering = ["measure", "group"]
        constraints = [
            models.CheckConstraint(condition=Q(low__lte=F("high")), name="figure_low_le_high"),
            models.CheckConstraint(
                condition=choices_condition("measure", Measure), name="figure_measure_valid"
            ),
            models.CheckConstraint(
                condition=choices_condition("group", Group), name="figure_group_valid"
            ),
        ]

    def __str__(self) -> str:
        count = str(self.low) if self.low == self.high else f"{self.low}–{self.high}"
        group = "" if self.group == Group.UNSPECIFIED else f" {self.get_group_display().lower()}"
        return f"{count}{group} {self.get_measure_display().lower()}"

    def save(self, *args, **kwargs) -> None:
        if self.high is None:
            self.high = self.low
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.low is not None and self.high is None:
            self.high = self.low
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValidationError({"high": "The high figure cannot be below the low one."})


class ClaimLink(LedgerRow):
    """A sentence between two claims: "ISPR's statement *denies* Mujahid's accusation"."""

    from_claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="outgoing_links")
    relation = models.CharField(max_length=20, choices=Relation)
    to_claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="incoming_links")
    facets = models.JSONField(
        default=list,
        blank=True,
        help_text="Which parts of the target claim the response addresses.",
    )
    note = models.TextField(blank=True, max_length=NOTE_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claim_links_created",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")),
                name="claimlink_not_self",
                violation_error_message="A claim cannot respond to itself.",
            ),
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "relation"],
                name="claimlink_unique_relation",
                violation_error_message="These two claims are already linked this way.",
            ),
            models.CheckConstraint(
                condition=choices_condition("relation", Relation), name="claimlink_relation_valid"
            ),
            models.CheckConstraint(
                condition=Q(LessThanOrEqual(Length("note"), NOTE_LENGTH)),
                name="claimlink_note_length",
            ),
        ]
        indexes = [models.Index(fields=["to_claim", "relation"], name="claimlink_to_relation_idx")]

    def __str__(self) -> str:
        return f"#{self.from_claim_id} {self.relation} #{self.to_claim_id}"

    def clean(self) -> None:
        if not isinstance(self.facets, list) or not all(isinstance(f, str) for f in self.facets):
            raise ValidationError({"facets": "Facets must be a list of facet names."})
        unknown = sorted(set(self.facets) - set(Facet.values))
        if unknown:
            raise ValidationError({"facets": f"Unknown facet(s): {', '.join(unknown)}."})
        self.facets = in_facet_order(self.facets)

    @property
    def answers(self) -> bool:
        """Whether this link answers its target (a denial or dispute), so it is no longer unanswered."""
        return self.relation in ANSWERING_RELATIONS

    def facet_labels(self) -> list[str]:
        return [Facet(facet).label for facet in self.facets if facet in Facet.values]


class EvidenceLink(LedgerRow):
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="evidence")
    url = WebURLField(blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="cited_as_evidence"
    )
    stance = models.CharField(max_length=20, choices=Stance, default=Stance.CONTEXT)
    kind = models.CharField(max_length=20, choices=EvidenceKind, default=EvidenceKind.DOCUMENT)
    excerpt = models.TextField(blank=True, max_length=EXCERPT_LENGTH)
    archived_url = WebURLField(blank=True)
    content_sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the material as retrieved, 64 hex digits."
    )
    retrieved_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=NOTE_LENGTH)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_added",
        editable=False,
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | Q(source__isnull=False),
                name="evidence_has_url_or_source",
                violation_error_message="Give a URL or pick a source for this evidence.",
            ),
            models.CheckConstraint(condition=web_url_condition("url"), name="evidence_url_http"),
            models.CheckConstraint(
                condition=web_url_condition("archived_url"), name="evidence_archived_url_http"
            ),
            models.CheckConstraint(
                condition=choices_condition("stance", Stance), name="evidence_stance_valid"
            ),
            models.CheckConstraint(
                condition=choices_condition("kind", EvidenceKind), name="evidence_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(content_sha256="") | Q(Exact(Length("content_sha256"), 64)),
                name="evidence_sha256_length",
            ),
            models.CheckConstraint(
                condition=Q(LessThanOrEqual(Length("excerpt"), EXCERPT_LENGTH)),
                name="evidence_excerpt_length",
            ),
            models.CheckConstraint(
                condition=Q(LessThanOrEqual(Length("note"), NOTE_LENGTH)),
                name="evidence_note_length",
            ),
            models.UniqueConstraint(
                fields=["claim", "url"],
                condition=~Q(url=""),
                name="evidence_url_once_per_claim",
                violation_error_message="This link is already evidence on this claim.",
            ),
        ]

    def __str__(self) -> str:
        return self.url or str(self.source)

    def clean(self) -> None:
        self.content_sha256 = self.content_sha256.strip().lower()
        if self.content_sha256 and (
            len(self.content_sha256) != 64 or set(self.content_sha256) - set("0123456789abcdef")
        ):
            raise ValidationError({"content_sha256": "A SHA-256 is 64 hexadecimal digits."})


# Work state kept beside the ledger (not versioned): see its module.
from claims.intake.models import Intake, IntakeStatus  # noqa: E402, F401
