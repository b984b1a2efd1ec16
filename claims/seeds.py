"""Load the seed dossier (seeds/dossier.yaml) into the ledger, adding only what is missing.

Every entry is matched by its natural key: actors by name, places by name and country,
incidents by slug, sources by title and outlet, claims by source and quote, and so on. An
entry that already exists is left exactly as it is, because an editor may have corrected it
since the last load; only missing rows are created. Loading twice therefore changes nothing.

Each new object is validated with `full_clean()` before it is saved, and the whole load runs
in one transaction, so a bad seed file stops with a message naming its entry and leaves the
database as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.models import Group as Role
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from claims.models import (
    Actor,
    Claim,
    ClaimLink,
    ClaimStatus,
    EvidenceLink,
    Figure,
    Group,
    Incident,
    Place,
    Source,
)
from claims.review import ReviewRefused
from claims.roles import EDITOR, REVIEWER, ensure_roles

# (required keys, optional keys) of each kind of entry; anything else is a typo to report.
ENTRY_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "actors": ({"name"}, {"kind", "parent", "title", "country", "aliases"}),
    "places": ({"name"}, {"country", "latitude", "longitude"}),
    "incidents": ({"slug", "title"}, {"summary", "occurred_on", "places"}),
    "sources": (
        {"key", "title"},
        {
            "kind",
            "outlet",
            "url",
            "archive_url",
            "published_at",
            "retrieved_at",
            "language",
            "reliability",
            "text_file",
        },
    ),
    "claims": (
        {"key", "source", "speaker", "kind", "summary"},
        {
            "quote",
            "incident",
            "stated_on",
            "accused",
            "places",
            "credibility",
            "status",
            "figures",
            "evidence",
        },
    ),
    "figures": ({"measure", "low"}, {"group", "high"}),
    "evidence": (set(), {"url", "source", "stance", "kind", "excerpt", "archived_url", "note"}),
    "links": ({"from", "relation", "to"}, {"facets", "note"}),
}
SECTIONS = ("actors", "places", "incidents", "sources", "claims", "links")
# The accounts the seed claims are recorded, submitted and published by: they cannot sign
# in, and they keep four eyes on the seeds as on everything else.
SEED_EDITOR = "seed-editor"
SEED_REVIEWER = "seed-reviewer"
# Any fixed number will do: it only has to differ from other advisory locks in the app.
SEED_LOCK = 0x5EED


class SeedError(Exception):
    """The seed file cannot be loaded. The message names the entry at fault."""


@dataclass
class SeedReport:
    """How many rows of each model the load created, and how many it found already there."""

    created: Counter[type[models.Model]] = field(default_factory=Counter)
    existing: Counter[type[models.Model]] = field(default_factory=Counter)

    def total(self, model: type[models.Model]) -> int:
        return self.created[model] + self.existing[model]

    @property
    def new(self) -> int:
        return self.created.total()

    def summary(self) -> str:
        return (
            f"Seed dossier: {self.total(Claim)} claims, {self.total(ClaimLink)} links "
            f"({self.new} new)"
        )


def default_dossier_path() -> Path:
    return Path(settings.BASE_DIR) / "seeds" / "dossier.yaml"


def load_seed_dossier(path: Path | None = None) -> SeedReport:
    """Load the dossier at `path` (the project's seed dossier by default), all or nothing."""
    path = Path(path) if path is not None else default_dossier_path()
    dossier = _read(path)
    loader = _Loader(path)
    with transaction.atomic():
        _wait_for_other_loads()
        loader.load(dossier)
    return loader.report


def _wait_for_other_loads() -> None:
    """Let one load at a time run, so app servers starting together cannot seed twice.

    Claims and sources have no unique constraint to stop a duplicate, so two loads that both
    found nothing would both create. SQLite already serializes writers (transactions begin
    IMMEDIATE); PostgreSQL needs a lock, held until the transaction ends.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEED_LOCK])


def _read(path: Path) -> dict[str, Any]:
    try:
        dossier = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SeedError(f"Cannot read the seed dossier {path}: {error.strerror}.") from None
    except yaml.YAMLError as error:
        raise SeedError(f"{path.name} is not valid YAML: {error}") from None
    if not isinstance(dossier, dict):
        raise SeedError(f"{path.name} must be a mapping of sections: {', '.join(SECTIONS)}.")
    unknown = sorted(set(dossier) - set(SECTIONS))
    if unknown:
        raise SeedError(
            f"{path.name} has unknown section(s) {', '.join(unknown)}; "
            f"expected {', '.join(SECTIONS)}."
        )
    return dossier


def _describe(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(
        " ".join(messages) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(messages)}"
        for name, messages in error.message_dict.items()
    )


def _key(name: Any) -> str:
    """References are case-insensitive, as actor and place names are in the database."""
    return str(name).strip().lower()


def _moment(value: Any) -> Any:
    """A YAML date or naive timestamp as an aware datetime (midnight for a bare date)."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time()))
    return value


class _Loader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.report = SeedReport()
        # What the dossier's references resolve to, keyed as the YAML names them.
        self.actors: dict[str, Actor] = {}
        self.places: dict[str, Place] = {}
        self.incidents: dict[str, Incident] = {}
        self.sources: dict[str, Source] = {}
        self.claims: dict[str, Claim] = {}
        self.accounts: dict[str, AbstractBaseUser] = {}

    def load(self, dossier: dict[str, Any]) -> None:
        # Sections load in dependency order, whatever their order in the file.
        for section, label, build in (
            ("actors", "name", self._actor),
            ("places", "name", self._place),
            ("incidents", "slug", self._incident),
            ("sources", "key", self._source),
            ("claims", "key", self._claim),
        ):
            index = getattr(self, section)
            for where, entry in self._entries(dossier.get(section), section, label):
                if _key(entry[label]) in index:
                    raise SeedError(f"{where} is listed twice.")
                index[_key(entry[label])] = build(where, entry)
        for where, entry in self._entries(dossier.get("links"), "links", "from"):
            self._link(where, entry)

    # Reading entries

    def _entries(
        self, raw: Any, section: str, label: str, within: str = ""
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each entry of a section with a label for messages, its keys checked."""
        prefix = f"{within}, {section}" if within else f"{self.path.name}, {section}"
        if raw is None:
            return
        if not isinstance(raw, list):
            raise SeedError(f"{prefix} must be a list of entries.")
        required, optional = ENTRY_KEYS[section]
        for index, entry in enumerate(raw):
            where = f"{prefix}[{index}]"
            if not isinstance(entry, dict):
                raise SeedError(f"{where} must be a mapping of fields.")
            if entry.get(label):
                where = f"{where} “{entry[label]}”"
            missing = sorted(required - set(entry))
            if missing:
                raise SeedError(f"{where} is missing {', '.join(missing)}.")
            unknown = sorted(set(entry) - required - optional)
            if unknown:
                raise SeedError(f"{where} has unknown field(s) {', '.join(unknown)}.")
            yield where, entry

    def _ref(self, section: str, key: Any, where: str) -> Any:
        """The object that an entry names, from a section loaded before it."""
        found = getattr(self, section).get(_key(key))
        if found is None:
            what = section.removesuffix("s")
            raise SeedError(f"{where}: unknown {what} “{key}”; list it under {section} first.")
        return found

    def _refs(self, section: str, keys: Any, where: str) -> list[Any]:
        if keys is None:
            return []
        if not isinstance(keys, list):
            raise SeedError(f"{where}: the {section} named here must be a list.")
        return [self._ref(section, key, where) for key in keys]

    # Creating what is missing

    def _ensure(
        self,
        where: str,
        model: type[models.Model],
        lookup: dict[str, Any],
        fields: dict[str, Any],
        many: dict[str, list] | None = None,
    ) -> Any:
        """The row matching `lookup`, untouched, or a new one built from `fields`.

        Many-to-many sets are filled only on a new row: on an existing one an editor may
        have removed members on purpose.
        """
        existing = model.objects.filter(**lookup).first()
        if existing is not None:
            self.report.existing[model] += 1
            return existing
        obj = model(**fields)
        try:
            obj.full_clean()
        except ValidationError as error:
            raise SeedError(f"{where}: {_describe(error)}") from None
        obj.save()
        for name, members in (many or {}).items():
            getattr(obj, name).set(members)
        self.report.created[model] += 1
        return obj

    def _actor(self, where: str, entry: dict) -> Actor:
        parent = self._ref("actors", entry["parent"], where) if entry.get("parent") else None
        fields = {**entry, "parent": parent}
        return self._ensure(where, Actor, {"name__iexact": entry["name"]}, fields)

    def _place(self, where: str, entry: dict) -> Place:
        lookup = {"name__iexact": entry["name"], "country": entry.get("country", "")}
        fields = {**entry}
        for axis in ("latitude", "longitude"):
            # YAML reads 33.3338 as a float; through str() it stays 5 decimals, not 33.333799…
            if isinstance(entry.get(axis), float):
                fields[axis] = Decimal(str(entry[axis]))
        return self._ensure(where, Place, lookup, fields)

    def _incident(self, where: str, entry: dict) -> Incident:
        places = self._refs("places", entry.get("places"), where)
        fields = {key: value for key, value in entry.items() if key != "places"}
        return self._ensure(where, Incident, {"slug": entry["slug"]}, fields, {"places": places})

    def _source(self, where: str, entry: dict) -> Source:
        fields = {key: value for key, value in entry.items() if key not in {"key", "text_file"}}
        fields["outlet"] = (
            self._ref("actors", entry["outlet"], where) if entry.get("outlet") else None
        )
        for moment in ("published_at", "retrieved_at"):
            if moment in fields:
                fields[moment] = _moment(fields[moment])
        fields["text"] = self._text(entry.get("text_file"), where)
        lookup = {"title": entry["title"], "outlet": fields["outlet"]}
        return self._ensure(where, Source, lookup, fields)

    def _text(self, name: str | None, where: str) -> str:
        if not name:
            return ""
        try:
            return (self.path.parent / name).read_text(encoding="utf-8")
        except OSError as error:
            raise SeedError(f"{where}: cannot read text_file {name}: {error.strerror}.") from None

    def _claim(self, where: str, entry: dict) -> Claim:
        fields = {
            key: value
            for key, value in entry.items()
            if key not in {"key", "accused", "places", "figures", "evidence"}
        }
        fields["source"] = self._ref("sources", entry["source"], where)
        fields["speaker"] = self._ref("actors", entry["speaker"], where)
        if entry.get("incident"):
            fields["incident"] = self._ref("incidents", entry["incident"], where)
        many = {
            "accused": self._refs("actors", entry.get("accused"), where),
            "places": self._refs("places", entry.get("places"), where),
        }
        if entry.get("quote"):
            lookup = {"source": fields["source"], "quote": entry["quote"]}
        else:
            lookup = {key: fields[key] for key in ("source", "speaker", "summary")}
        status = fields.pop("status", ClaimStatus.DRAFT)
        if status not in ClaimStatus.values:
            raise SeedError(f"{where}: status must be one of {', '.join(ClaimStatus.values)}.")
        fields["created_by"] = fields["updated_by"] = self._account(SEED_EDITOR, EDITOR)
        created = self.report.created[Claim]
        claim = self._ensure(where, Claim, lookup, fields, many)
        if self.report.created[Claim] > created:
            self._review(where, claim, status)
        for figure_where, figure in self._entries(
            entry.get("figures"), "figures", "measure", where
        ):
            self._figure(figure_where, claim, figure)
        for evidence_where, evidence in self._entries(
            entry.get("evidence"), "evidence", "source", where
        ):
            self._evidence(evidence_where, claim, evidence)
        return claim

    def _review(self, where: str, claim: Claim, status: str) -> None:
        """Bring a new claim to its listed status the way the desk would: through review."""
        try:
            if status != ClaimStatus.DRAFT:
                claim.submit(by=self._account(SEED_EDITOR, EDITOR))
            if status == ClaimStatus.PUBLISHED:
                claim.publish(by=self._account(SEED_REVIEWER, REVIEWER))
        except ReviewRefused as refusal:
            raise SeedError(f"{where}: {refusal.message}") from None

    def _account(self, username: str, role: str) -> AbstractBaseUser:
        """A seed account with its role, made on first use; it has no password to sign in with."""
        if username not in self.accounts:
            user, created = get_user_model().objects.get_or_create(username=username)
            if created:
                user.set_unusable_password()
                user.save()
                ensure_roles()
                user.groups.add(Role.objects.get(name=role))
            self.accounts[username] = user
        return self.accounts[username]

    def _figure(self, where: str, claim: Claim, entry: dict) -> Figure:
        group = entry.get("group", Group.UNSPECIFIED)
        lookup = {"claim": claim, "measure": entry["measure"], "group": group}
        return self._ensure(where, Figure, lookup, {**entry, "claim": claim, "group": group})

    def _evidence(self, where: str, claim: Claim, entry: dict) -> EvidenceLink:
        fields = {**entry, "claim": claim}
        if entry.get("source"):
            fields["source"] = self._ref("sources", entry["source"], where)
        if entry.get("url"):
            lookup = {"claim": claim, "url": entry["url"]}
        else:
            lookup = {"claim": claim, "url": "", "source": fields.get("source")}
        return self._ensure(where, EvidenceLink, lookup, fields)

    def _link(self, where: str, entry: dict) -> ClaimLink:
        from_claim = self._ref("claims", entry["from"], where)
        to_claim = self._ref("claims", entry["to"], where)
        lookup = {"from_claim": from_claim, "to_claim": to_claim, "relation": entry["relation"]}
        fields = {**lookup, "facets": entry.get("facets") or [], "note": entry.get("note", "")}
        return self._ensure(where, ClaimLink, lookup, fields)
