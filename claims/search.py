"""Finding claims: the full-text search and filters behind the claim list.

`search_claims()` is the claim list's entry point; `matching()` is the text match it shares
with pairing. The index lives in the database (migration 0006): an external-content FTS5
table on SQLite, a `tsvector` table with a GIN index on PostgreSQL, both fed by triggers
from one view of each claim's quote, summary, speaker names and aliases, and source title.

User text never reaches either engine's query syntax. `parse_query()` reads it as plain
words (all required), `"quoted phrases"` and `prefix*` words; every other character is text,
so `NEAR(`, `POL-358`, a stray `"` or `AND` are searched as words, never as operators. Each
term is then quoted for FTS5 (embedded quotes doubled) or turned into a tsquery with
`phraseto_tsquery`, so both engines see the same terms.

Ranking is bounded: only the newest `RANKED_MATCHES` matching claims (by id) are candidates,
and only they are ranked (bm25 / `ts_rank`), because ranking every claim that contains a
common word costs time in proportion to the ledger. Both engines find that set cheaply:
FTS5 walks a term's doclist in rowid order, so `ORDER BY rowid DESC LIMIT n` stops after n
entries; PostgreSQL either walks the search table's primary key backwards testing `@@` (a
common word) or reads the GIN index (a rare one) and sorts the few hits. Filters then
narrow the candidates, so a common word with a narrow filter finds matches among the newest
candidates only; more words reach further back. The ranked query reads the claims table
alone: the page's speakers, sources and incidents come afterwards for its 25 rows, since
joining all the candidates to them cost PostgreSQL more than the ranking itself.

Snippets come from the engine (FTS5 `snippet()`, PostgreSQL `ts_headline()`), in one query
for the fetched page only (`SearchResults`), with matches between private-use marker
characters; `marked()` escapes the text and only then turns the markers into `<mark>`, so a
quote can never inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import connections
from django.db.models import Expression, F, FloatField
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.autocomplete import AutocompleteChoiceField
from claims.models import Actor, Claim, ClaimKind, ClaimQuerySet, ClaimStatus, Incident

# Longer queries are almost certainly pasted by mistake.
MAX_QUERY_LENGTH = 200
# How many of the newest matching claims a search ranks (see the module docstring).
RANKED_MATCHES = 1000
# Private-use characters the engines put around each match, turned into <mark> after escaping.
MARK_OPEN, MARK_CLOSE, ELLIPSIS = "\ue000", "\ue001", "…"
# Characters PostgreSQL's parser reads as syntax ("-358" is a negative number, "<b>" a tag it
# drops): the index and the query see spaces instead (migration 0006), and a headline sees
# private-use stand-ins that marked() turns back, so matches next to them are marked.
PG_SEPARATORS, PG_STAND_INS = "-<", "\ue002\ue003"
SNIPPET_WORDS = 32


class ClaimFilterForm(forms.Form):
    """The claim list's query string. Every field is optional; an invalid one is reported
    and left out of the search rather than failing the page."""

    q = forms.CharField(
        label="Search", required=False, max_length=MAX_QUERY_LENGTH, widget=forms.SearchInput
    )
    kind = forms.ChoiceField(
        choices=[("", "Any kind"), *ClaimKind.choices], required=False, label="Kind"
    )
    # Picked by name (see claims.autocomplete); pages link here with `?incident=<slug>`,
    # `?speaker=<id>` and `?side=<id>`, which name the row as well.
    incident = AutocompleteChoiceField(
        Incident.objects.all(), to_field_name="slug", required=False, placeholder="Any incident"
    )
    speaker = AutocompleteChoiceField(
        Actor.objects.all(), required=False, placeholder="Any speaker"
    )
    side = AutocompleteChoiceField(
        Actor.objects.filter(parent=None),
        kind="side",
        required=False,
        label="Side",
        placeholder="Any side",
    )
    status = forms.ChoiceField(
        choices=[("", "Any status"), *ClaimStatus.choices], required=False, label="Status"
    )
    unanswered = forms.BooleanField(required=False, label="Only unanswered accusations")
    stated_from = forms.DateField(
        required=False, label="Stated from", widget=forms.DateInput(attrs={"type": "date"})
    )
    stated_to = forms.DateField(
        required=False, label="Stated until", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("stated_from"), cleaned.get("stated_to")
        if start and end and start > end:
            self.add_error("stated_to", "The end of the date range is before its start.")
        return cleaned


def search_claims(params: QueryDict) -> tuple[ClaimQuerySet, ClaimFilterForm]:
    """Claims matching the query string and the parsed filters: the best matches first when
    there is search text, otherwise the newest statement first.

    The form carries the cleaned filters (`form.cleaned_data`) and the rejected ones
    (`form.errors`); only the valid filters narrow the result. With search text each claim
    carries `search_snippet`, its quote with the matches marked.
    """
    form = ClaimFilterForm(params)
    form.is_valid()
    filters = form.cleaned_data
    text = filters.get("q", "")
    terms = parse_query(text)
    # Undated claims go last on every database (PostgreSQL would put NULLs first).
    newest = (F("stated_on").desc(nulls_last=True), "-id")
    if terms:
        # Ranking sorts every candidate: joining each to its speaker, source and incident
        # would cost more than the ranking, so the page's rows fetch theirs afterwards.
        claims = ranked(filtered(matching(Claim.objects.only("id"), text), filters), terms)
        return claims.order_by("search_rank", *newest), form
    # Blank, or nothing searchable in it: every claim, or none.
    claims = matching(Claim.objects.with_context().defer("source__text"), text)
    return filtered(claims, filters).order_by(*newest), form


def matching(claims: ClaimQuerySet, text: str, *, as_you_type: bool = False) -> ClaimQuerySet:
    """Those of `claims` among the newest `RANKED_MATCHES` claims of the ledger that contain
    every term of `text` in their quote, summary, speaker's name or aliases, or source title.

    Blank text matches everything; text with nothing searchable in it (only punctuation,
    say) matches nothing. `as_you_type` reads a last word still being typed as a prefix,
    for autocompletes.
    """
    if not text.strip():
        return claims
    # The claim list's form refuses longer text; pairing's search box reads only its start,
    # since a phrase of thousands of words is too deep a tsquery for PostgreSQL (an error).
    terms = parse_query(text[:MAX_QUERY_LENGTH])
    if as_you_type and terms and not text[-1].isspace() and _PREFIX.fullmatch(f"{terms[-1].text}*"):
        terms[-1] = Term(terms[-1].text, prefix=True)
    if not terms:
        return claims.none()
    engine = _engine(claims.db)
    return claims.filter(pk__in=RawSQL(*engine.newest_matches(terms)))


def ranked(claims: ClaimQuerySet, terms: Sequence[Term]) -> SearchResults:
    """`claims` (a plain queryset, already narrowed by `matching()`) with `search_rank`
    (lower is better), and `search_snippet` once fetched."""
    results = SearchResults(model=Claim, query=claims.query.chain(), using=claims.db)
    results.terms = tuple(terms)
    return results.annotate(
        search_rank=_ClaimSQL(*_engine(claims.db).rank(terms), output_field=FloatField())
    )


class SearchResults(ClaimQuerySet):
    """Ranked claims, fetched in three steps: the ranking picks the rows' ids, then one
    query loads those rows with their speakers, sources and incidents, and one more marks
    their snippets. Snippets are the costly part of a search (the engine re-reads and marks
    the text), so a page of 25 pays for 25, not for every ranked candidate; and the same
    three queries run whatever the rows hold (a prefetch skips its query when no row has
    an incident, so the page's query count would depend on the data)."""

    terms: tuple[Term, ...] = ()

    def _clone(self) -> SearchResults:
        clone = super()._clone()
        clone.terms = self.terms
        return clone

    def _fetch_all(self) -> None:
        fetched = self._result_cache is not None
        super()._fetch_all()
        # values() and friends fetch something other than claims: nothing to mark.
        if fetched or not self.terms or self._iterable_class is not ModelIterable:
            return
        ranks = {claim.pk: claim.search_rank for claim in self._result_cache}
        if not ranks:
            return
        rows = Claim.objects.using(self.db).with_context().defer("source__text").in_bulk(ranks)
        snippets = dict(_engine(self.db).snippets(self.terms, list(ranks), self.db))
        # A claim deleted between the two queries is left out rather than shown half-loaded.
        self._result_cache = [rows[pk] for pk in ranks if pk in rows]
        for claim in self._result_cache:
            claim.search_rank = ranks[claim.pk]
            claim.search_snippet = marked(snippets.get(claim.pk) or "")


def marked(snippet: str) -> SafeString:
    """A snippet from the database, matches between markers, as escaped HTML with <mark>s."""
    text = snippet.translate(str.maketrans(PG_STAND_INS, PG_SEPARATORS))
    html = re.sub(f"{MARK_OPEN}(.*?){MARK_CLOSE}", r"<mark>\1</mark>", escape(text), flags=re.S)
    # A marker in the stored text itself must not leave a tag open.
    return mark_safe(html.replace(MARK_OPEN, "").replace(MARK_CLOSE, ""))


def rebuild_search_index(using: str = "default") -> None:
    """Re-index every claim from the tables, as after a bulk load.

    It tokenizes every claim's text once: for a million claims expect a minute or so.
    """
    with connections[using].cursor() as cursor:
        for statement in _engine(using).rebuild:
            cursor.execute(statement)


@dataclass(frozen=True)
class Term:
    """One thing a claim must contain: a word or phrase (`text`), or a word's start."""

    text: str
    prefix: bool = False


# A closed "quoted phrase", or a run of anything else up to the next space.
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_PREFIX = re.compile(r"([^\W_]+)\*")
_SEARCHABLE = re.compile(r"[^\W_]")


def parse_query(text: str) -> list[Term]:
    """The terms of a search box's text: plain words, "quoted phrases" and prefix* words.

    Terms with no letter or digit in them would give neither engine anything to look for,
    so they are left out.
    """
    terms = []
    for phrase, chunk in _TOKEN.findall(text.replace("\x00", " ")):
        prefix = _PREFIX.fullmatch(chunk)
        if prefix:
            terms.append(Term(prefix[1], prefix=True))
        elif _SEARCHABLE.search(phrase or chunk):
            terms.append(Term(phrase or chunk))
    return terms


class _ClaimSQL(Expression):
    """SQL about one claim row, in which `{pk}` stands for the claim's id.

    Written as an expression rather than raw SQL so that the id is named by whatever alias
    the claim table has, also when the queryset ends up inside another query.
    """

    def __init__(self, sql: str, params: list[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sql, self.params, self.pk = sql, params, F("pk")

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, expressions: list[Any]) -> None:
        (self.pk,) = expressions

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        pk, pk_params = compiler.compile(self.pk)
        return self.sql.format(pk=pk), [*self.params, *pk_params]


class _SQLite:
    """FTS5: each term a quoted string (a one-word phrase at least), all of them required."""

    table = "claims_claim_fts"
    rebuild = [f"INSERT INTO {table}({table}) VALUES ('rebuild')"]

    def match(self, terms: Sequence[Term]) -> str:
        quoted = (
            '"{}"{}'.format(t.text.replace('"', '""'), "*" if t.prefix else "") for t in terms
        )
        return " AND ".join(quoted)

    def newest_matches(self, terms: Sequence[Term]) -> tuple[str, list[Any]]:
        return (
            f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s"
            f" ORDER BY rowid DESC LIMIT {RANKED_MATCHES}",
            [self.match(terms)],
        )

    def rank(self, terms: Sequence[Term]) -> tuple[str, list[Any]]:
        # bm25() in one pass over the candidates, looked up per row: SQLite computes the
        # subquery once and indexes it, and bm25 counts each term's matches only once.
        newest, params = self.newest_matches(terms)
        ranks = newest.replace("SELECT rowid", f"SELECT rowid AS id, bm25({self.table}) AS rank")
        return f"(SELECT r.rank FROM ({ranks}) r WHERE r.id = {{pk}})", params

    def snippets(self, terms: Sequence[Term], ids: list[int], using: str) -> list[tuple[int, str]]:
        # One MATCH over the ids' range of rowids, marking only the ids' rows: the `+`
        # keeps SQLite from running the MATCH again for each id. Column 0 is the quote.
        listed = ", ".join(["%s"] * len(ids))
        return _rows(
            using,
            f"SELECT rowid, snippet({self.table}, 0, %s, %s, %s, {SNIPPET_WORDS})"
            f" FROM {self.table} WHERE {self.table} MATCH %s"
            f" AND rowid BETWEEN %s AND %s AND +rowid IN ({listed})",
            [MARK_OPEN, MARK_CLOSE, ELLIPSIS, self.match(terms), min(ids), max(ids), *ids],
        )


class _PostgreSQL:
    """tsquery: phraseto_tsquery() per word or phrase, a `:*` prefix per prefix word, ANDed."""

    config = "'claims_search'"
    rebuild = [
        "TRUNCATE claims_claim_search",
        "INSERT INTO claims_claim_search (claim_id, document) SELECT id,"
        " claims_search_document(quote, summary, speaker, source) FROM claims_claim_document",
        # The planner picks between the GIN index and a walk of the newest ids by how
        # common each word is: it needs fresh statistics after a bulk load.
        "ANALYZE claims_claim_search",
    ]

    def query(self, terms: Sequence[Term]) -> tuple[str, list[Any]]:
        parts = [
            f"to_tsquery({self.config}, %s)" if t.prefix else f"phraseto_tsquery({self.config}, %s)"
            for t in terms
        ]
        # A prefix term is letters and digits only (see _PREFIX), so it is safe in to_tsquery.
        separated = str.maketrans(PG_SEPARATORS, " " * len(PG_SEPARATORS))
        params = [f"{t.text}:*" if t.prefix else t.text.translate(separated) for t in terms]
        return f"({' && '.join(parts)})", params

    def newest_matches(self, terms: Sequence[Term]) -> tuple[str, list[Any]]:
        query, params = self.query(terms)
        return (
            f"SELECT claim_id FROM claims_claim_search WHERE document @@ {query}"
            f" ORDER BY claim_id DESC LIMIT {RANKED_MATCHES}",
            params,
        )

    def rank(self, terms: Sequence[Term]) -> tuple[str, list[Any]]:
        query, params = self.query(terms)
        return (
            f"(SELECT -ts_rank(document, {query}) FROM claims_claim_search"
            f" WHERE claim_id = {{pk}})",
            params,
        )

    def snippets(self, terms: Sequence[Term], ids: list[int], using: str) -> list[tuple[int, str]]:
        query, params = self.query(terms)
        options = (
            f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords={SNIPPET_WORDS}, MinWords=12"
        )
        return _rows(
            using,
            f"SELECT id, ts_headline({self.config}, translate(quote, %s, %s), {query}, %s)"
            " FROM claims_claim WHERE id = ANY(%s)",
            [PG_SEPARATORS, PG_STAND_INS, *params, options, ids],
        )


_ENGINES = {"sqlite": _SQLite(), "postgresql": _PostgreSQL()}


def _engine(using: str) -> _SQLite | _PostgreSQL:
    return _ENGINES[connections[using].vendor]


def _rows(using: str, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def filtered(claims: ClaimQuerySet, filters: dict[str, Any]) -> ClaimQuerySet:
    """Narrow `claims` by each filter that was given and valid."""
    if filters.get("unanswered"):
        claims = claims.unanswered_accusations()
    if filters.get("side") is not None:
        claims = claims.on_side(filters["side"])
    lookups = {
        "kind": filters.get("kind"),
        "status": filters.get("status"),
        "incident": filters.get("incident"),
        "speaker": filters.get("speaker"),
        "stated_on__gte": filters.get("stated_from"),
        "stated_on__lte": filters.get("stated_to"),
    }
    return claims.filter(**{lookup: value for lookup, value in lookups.items() if value})
