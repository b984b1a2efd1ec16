"""Arbitrary input to every endpoint: never a 500, never a partial write.

Each URL that `claims.urls` routes, and each model the admin edits, gets hypothesis-made
requests: form posts whose fields are missing, duplicated, hostile (NUL bytes, numbers far
past any column, invalid UTF-8 where a lone surrogate would be, 100k-character strings) or
valid enough to be written, and query strings made the same way. After each request:

- the status is never 500 (the test client re-raises a view's exception, so that fails too);
- a refused request (4xx, or a form shown again with its errors) left every row of every model
  in the app registry as it was;
- an accepted one left only rows that pass their model's own validation (`full_clean()`).

Endpoints and models are discovered (URL resolver, admin registry, app registry): a URL with
no strategy below fails `test_every_url_has_a_strategy`, so new pages get one. The number of
examples per endpoint comes from the hypothesis profile: HYPOTHESIS_PROFILE=ci (the default,
20 each, about a minute on SQLite; HYPOTHESIS_EXAMPLES overrides it) or deep (1,000 each,
for a manual run of an hour or more).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_from_bytes

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.autocomplete import LOOKUPS
from claims.forms import (
    REVIEW_FORMS,
    ActorForm,
    ClaimCreateForm,
    ClaimDetailsForm,
    EvidenceForm,
    IncidentForm,
    PairingForm,
    PlaceForm,
    ResponseForm,
)
from claims.history import removal
from claims.intake.forms import AcceptForm, NewSourceForm
from claims.intake.table import ROW_FIELDS
from claims.models import Claim, ClaimKind, ClaimStatus, Relation
from claims.search import ClaimFilterForm
from claims.views.claims import PREFILLED_FIELDS
from tests.factories import (
    SOURCE_TEXT,
    extract_one,
    make_claim,
    make_evidence,
    make_figure,
    make_incident,
    make_intake,
    make_link,
    make_place,
    make_user,
)

settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 20)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "deep",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytestmark = pytest.mark.django_db


# The ledger every example starts from -----------------------------------------------------


@dataclass
class Ledger:
    """A small dossier with one row of every kind, and values that name its rows.

    Its claims stand at each step of review (a draft, one in review, one published) so that
    every review action has a claim it applies to; one piece of evidence is already removed,
    so that restoring has something to put back.
    """

    accusation: Claim
    denial: Claim
    published: Claim
    link_pk: int
    incident_slug: str
    evidence_pk: int
    removal_pk: int
    intake_pk: int
    names: list[str] = field(default_factory=list)

    @property
    def claims(self) -> list[Claim]:
        return [self.accusation, self.denial, self.published]

    @property
    def claim_pks(self) -> list[int]:
        return [claim.pk for claim in self.claims]

    @property
    def versions(self) -> list[str]:
        """The stored `version` of each claim: what an edit must post to be saved."""
        return sorted({str(claim.version) for claim in self.claims})

    @property
    def history_ids(self) -> list[int]:
        return [record.history_id for claim in self.claims for record in claim.history.all()]


def build_ledger() -> Ledger:
    place = make_place(name="Khost")
    incident = make_incident(title="Khost strikes", summary="Airstrikes reported.")
    incident.places.add(place)
    accusation = make_claim(
        quote="accused the army of airstrikes in Khost", incident=incident, summary="Strikes"
    )
    accusation.places.add(place)
    denial = make_claim(
        kind=ClaimKind.DENIAL,
        quote="The army denied that any strikes took place.",
        source=accusation.source,
        incident=incident,
        status=ClaimStatus.IN_REVIEW,
    )
    published = make_claim(incident=incident, status=ClaimStatus.PUBLISHED)
    link = make_link(denial, accusation)
    make_figure(accusation)
    evidence = make_evidence(accusation, excerpt="An excerpt", note="A note")
    gone = make_evidence(accusation, excerpt="Removed")
    removed = removal.remove(gone, None, "Removed evidence")
    intake = make_intake(
        accusation.source,
        [
            extract_one(accusation.source.text, "accused the army of airstrikes in Khost"),
            extract_one(accusation.source.text, responds_to=0, relation="denies"),
        ],
    )
    names = [
        f"c{accusation.pk}",
        "p0",
        accusation.speaker.name,
        f"{denial.speaker.name} (#{denial.speaker.pk})",
        accusation.source.title,
        str(accusation.source.pk),
        incident.slug,
        incident.title,
        "Khost",
    ]
    return Ledger(
        accusation,
        denial,
        published,
        link.pk,
        incident.slug,
        evidence.pk,
        removed.pk,
        intake.pk,
        names,
    )


# Values ------------------------------------------------------------------------------------

HUGE = [10**30, -(10**30), 2**63, 2**31, -1, 0]
# Bytes that are not UTF-8: what a lone surrogate (\ud800) or a truncated character arrives as.
BAD_UTF8 = [b"\xed\xa0\x80", b"\xff\xfe", b"abc\xc3", b"\x00\xed\xb2\x80"]
CHOICES = sorted(
    {*ClaimKind.values, *Relation.values, "draft", "in_review", "published", "occurrence"}
)


def values(ledger: Ledger) -> st.SearchStrategy[str | bytes]:
    """One form or query value: plausible, hostile, or plain arbitrary."""
    plausible = st.sampled_from(
        [
            *ledger.names,
            *map(str, ledger.claim_pks),
            *CHOICES,
            "1",
            "3",
            "6",
            "on",
            "2025-10-15",
            "https://example.org/report",
            SOURCE_TEXT[:40],
            "accused the army of airstrikes in Khost",
        ]
    )
    hostile = st.one_of(
        st.sampled_from([str(number) for number in HUGE]),
        st.integers().map(str),
        st.sampled_from(BAD_UTF8),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=20).map(lambda s: f"{s}\x00{s}"),
        st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(1000, 40_000)),
        st.sampled_from(["javascript:alert(1)", "data:text/html,x", "1e309", "NaN", "-0", "[]"]),
    )
    arbitrary = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
    return st.one_of(plausible, hostile, arbitrary)


def encoded(pairs: list[tuple[str, str | bytes]]) -> str:
    """An urlencoded body or query string, raw bytes kept as they are (invalid UTF-8 too)."""
    return "&".join(
        f"{quote_from_bytes(_bytes(key))}={quote_from_bytes(_bytes(value))}" for key, value in pairs
    )


def _bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def field_data(names: tuple[str, ...], ledger: Ledger) -> st.SearchStrategy[list[tuple]]:
    """Each named field missing, once or twice (duplicate keys), plus a few unknown keys.

    A `version` is the stored one as often as not, so that edits get past the version check
    and are saved (or refused for their other fields), not only answered 409.
    """
    value = values(ledger)
    version = st.one_of(st.sampled_from(ledger.versions), value)
    per_field = [
        st.lists(version if name == "version" else value, max_size=2).map(
            lambda vs, name=name: [(name, v) for v in vs]
        )
        for name in names
    ]
    strangers = st.lists(st.tuples(st.text(max_size=10), value), max_size=2)
    return st.tuples(st.tuples(*per_field), strangers).map(
        lambda both: [pair for group in both[0] for pair in group] + both[1]
    )


# Endpoints ---------------------------------------------------------------------------------


def some_pk(pks: Callable[[Ledger], list[int]]) -> Callable[[Ledger], st.SearchStrategy]:
    return lambda ledger: st.fixed_dictionaries(
        {"pk": st.one_of(st.sampled_from(pks(ledger)), st.sampled_from(HUGE[:4]).map(abs))}
    )


def claim_pk(ledger: Ledger) -> st.SearchStrategy[dict]:
    return some_pk(lambda ledger: ledger.claim_pks)(ledger)


def incident_slug(ledger: Ledger) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {
            "slug": st.one_of(
                st.just(ledger.incident_slug), st.from_regex(r"[-a-z0-9_]{1,30}", fullmatch=True)
            )
        }
    )


def no_args(ledger: Ledger) -> st.SearchStrategy[dict]:
    return st.just({})


def fields(form: type) -> tuple[str, ...]:
    return tuple(form.base_fields)


@dataclass(frozen=True)
class Endpoint:
    """How to reach a URL (its path arguments) and what to send: GET query keys, POST fields.

    `get`/`post` set to None means the method is not the endpoint's business (405 or the
    page itself: still sent, with no fields).
    """

    args: Callable[[Ledger], st.SearchStrategy[dict]] = no_args
    get: tuple[str, ...] = ()
    post: tuple[str, ...] | None = None


ENDPOINTS: dict[str, Endpoint] = {
    "desk": Endpoint(get=("page",)),
    "claim_list": Endpoint(get=(*fields(ClaimFilterForm), "page")),
    "claim_create": Endpoint(get=PREFILLED_FIELDS, post=fields(ClaimCreateForm)),
    "claim_detail": Endpoint(args=claim_pk),
    "claim_claimreview": Endpoint(args=claim_pk),
    "claim_edit": Endpoint(args=claim_pk, post=fields(ClaimDetailsForm)),
    "claim_review": Endpoint(
        args=lambda ledger: st.fixed_dictionaries(
            {
                "pk": st.sampled_from(ledger.claim_pks),
                "action": st.one_of(
                    st.sampled_from(sorted(REVIEW_FORMS)),
                    st.from_regex(r"[-a-z0-9_]{1,12}", fullmatch=True),
                ),
            }
        ),
        post=tuple(sorted({name for form in REVIEW_FORMS.values() for name in form.base_fields})),
    ),
    "claim_history": Endpoint(args=claim_pk, get=("before",)),
    "claim_revert": Endpoint(
        args=lambda ledger: st.fixed_dictionaries(
            {
                "pk": st.sampled_from(ledger.claim_pks),
                "version": st.one_of(
                    st.sampled_from(ledger.history_ids), st.sampled_from(HUGE[:4]).map(abs)
                ),
            }
        ),
        post=(),
    ),
    "claim_delete": Endpoint(args=claim_pk, post=()),
    "evidence_delete": Endpoint(args=some_pk(lambda ledger: [ledger.evidence_pk]), post=()),
    "removed_list": Endpoint(get=("page",)),
    "removal_restore": Endpoint(args=some_pk(lambda ledger: [ledger.removal_pk]), post=("next",)),
    "evidence_add": Endpoint(args=claim_pk, post=fields(EvidenceForm)),
    "claim_pair": Endpoint(args=claim_pk, get=("q",), post=()),
    "link_create": Endpoint(args=claim_pk, post=(*fields(PairingForm), "q")),
    "response_create": Endpoint(args=claim_pk, post=(*fields(ResponseForm), "q")),
    "link_undo": Endpoint(args=some_pk(lambda ledger: [ledger.link_pk]), post=("claim", "q")),
    "incident_detail": Endpoint(args=incident_slug, get=("side", "page")),
    "source_detail": Endpoint(
        args=some_pk(lambda ledger: [ledger.accusation.source_id]), get=("kind",)
    ),
    "actor_detail": Endpoint(
        args=some_pk(lambda ledger: [ledger.accusation.speaker_id, ledger.denial.speaker_id]),
        get=("list", "page"),
    ),
    "autocomplete": Endpoint(
        args=lambda ledger: st.fixed_dictionaries(
            {
                "kind": st.one_of(
                    st.sampled_from(sorted(LOOKUPS)), st.from_regex(r"[a-z]{1,8}", fullmatch=True)
                )
            }
        ),
        get=("q", "field", "speaker", "source", "incident", "places"),
    ),
    "healthz": Endpoint(),
    "claim_export": Endpoint(get=fields(ClaimFilterForm)),
    "dossier_csv": Endpoint(args=incident_slug),
    "dossier_json": Endpoint(args=incident_slug),
    "incident_feed": Endpoint(args=incident_slug),
    "published_feed": Endpoint(),
    "claim_annotation": Endpoint(args=claim_pk),
    "source_annotations": Endpoint(
        args=some_pk(lambda ledger: [ledger.accusation.source_id]), get=("page",)
    ),
    "intake_new": Endpoint(post=fields(NewSourceForm)),
    "actor_create": Endpoint(post=fields(ActorForm)),
    "incident_create": Endpoint(post=fields(IncidentForm)),
    "place_create": Endpoint(get=("next",), post=fields(PlaceForm)),
    "intake_start": Endpoint(args=some_pk(lambda ledger: [ledger.accusation.source_id]), post=()),
    "intake_detail": Endpoint(args=some_pk(lambda ledger: [ledger.intake_pk])),
    "intake_accept": Endpoint(
        args=some_pk(lambda ledger: [ledger.intake_pk]),
        post=(
            "accept",
            *fields(AcceptForm),
            *(f"row-{n}-{name}" for n in (0, 1) for name in ROW_FIELDS),
        ),
    ),
}

# URL includes and why they are not fuzzed here, or where they are.
INCLUDES = {
    "admin": "the ledger's admin pages: test_admin_* below",
    "accounts/": "django.contrib.auth's sign-in and password-reset pages, both throttled (a "
    "fuzzed sign-in is an attack the throttling answers); their status per role is in the URL "
    "table test, with mail set up and without, and the reset's own in tests/test_password_reset.py",
}


def app_urls() -> tuple[list[str], list[str]]:
    """The names of the project's own URLs, and the includes beside them."""
    names, includes = [], []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLPattern):
            names.append(entry.name or str(entry.pattern))
        elif isinstance(entry, URLResolver):
            includes.append(entry.namespace or str(entry.pattern))
    return names, includes


def test_every_url_has_a_strategy():
    names, includes = app_urls()
    missing = [name for name in names if name not in ENDPOINTS]
    assert not missing, (
        f"No property-test strategy for these URLs: add them to ENDPOINTS: {missing}"
    )
    unknown = [include for include in includes if include not in INCLUDES]
    assert not unknown, f"URL includes with no strategy (add to INCLUDES): {unknown}"
    assert not set(ENDPOINTS) - set(names), "ENDPOINTS names URLs that no longer exist"


# The database, before and after --------------------------------------------------------------


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every model, in primary-key order."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
    }


def assert_whole(before: dict[str, list[tuple]], response: Any, what: str) -> None:
    """No 500; a refusal wrote nothing; whatever was written is valid as a whole."""
    assert response.status_code != 500, what
    after = snapshot()
    if refused(response):
        changed = [label for label in after if after[label] != before[label]]
        assert not changed, f"{what} was refused ({response.status_code}) but changed {changed}"
        return
    for model in apps.get_models(include_auto_created=False):
        # Historical records are django-simple-history's to write (a deletion's has no
        # reason); what they hold is checked by the history tests.
        if model._meta.app_label != "claims" or hasattr(model, "instance_type"):
            continue
        old = {repr(row) for row in before[model._meta.label]}
        new_pks = [row[0] for row in after[model._meta.label] if repr(row) not in old]
        for obj in model._base_manager.filter(pk__in=new_pks):
            try:
                obj.full_clean()
            except ValidationError as error:  # pragma: no cover - the failure report
                pytest.fail(f"{what} wrote an invalid {model.__name__} #{obj.pk}: {error}")


def refused(response: Any) -> bool:
    # An export streams: read it all, which also runs the queries that make it.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code >= 400 or b"errorlist" in body or b"form-errors" in body


# The requests ---------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    """Who may reach every form: a role only narrows what is allowed."""
    return make_user("fuzz", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def request(client: Client, method: str, url: str, pairs: list, htmx: bool, as_json: bool) -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    if method == "GET":
        return client.get(f"{url}?{encoded(pairs)}", headers=headers)
    if as_json:  # a wrong type of body altogether: the form sees no fields
        body = {str(key): str(value) for key, value in pairs}
        return client.post(url, body, content_type="application/json", headers=headers)
    return client.post(
        url, encoded(pairs), content_type="application/x-www-form-urlencoded", headers=headers
    )


EXAMPLES_RUN: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def _examples_report(pytestconfig):
    """Say how many examples each endpoint got, at the end of the module's run."""
    yield
    if EXAMPLES_RUN:
        plugins = pytestconfig.pluginmanager
        write = plugins.get_plugin("terminalreporter").write_line
        # Past the output capture, which would keep it to itself when every test passes.
        with plugins.get_plugin("capturemanager").global_and_fixture_disabled():
            write(f"\nhypothesis examples: {sum(EXAMPLES_RUN.values())} in all")
            for name, count in sorted(EXAMPLES_RUN.items()):
                write(f"  {count:5} {name}")


def run_examples(
    client: Client, ledger: Ledger, method: str, url_for: Any, names: Any, label: str
) -> None:
    """Hypothesis's examples, each in a savepoint rolled back afterwards."""

    @given(
        url=url_for,
        pairs=field_data(names, ledger),
        htmx=st.booleans(),
        as_json=st.booleans() if method == "POST" else st.just(False),
    )
    def example(url: str, pairs: list, htmx: bool, as_json: bool) -> None:
        with transaction.atomic():
            before = snapshot()
            EXAMPLES_RUN[label] = EXAMPLES_RUN.get(label, 0) + 1
            response = request(client, method, url, pairs, htmx, as_json)
            assert_whole(before, response, f"{method} {url} {pairs!r:.300}")
            transaction.set_rollback(True)

    example()


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_endpoint_survives_arbitrary_input(superuser_client, name, method):
    endpoint = ENDPOINTS[name]
    names = endpoint.get if method == "GET" else endpoint.post
    if names is None:
        names = ()
    ledger = build_ledger()
    url_for = endpoint.args(ledger).map(lambda kwargs: reverse(name, kwargs=kwargs))
    run_examples(superuser_client, ledger, method, url_for, names, f"{method} {name}")


# The admin: every ledger model's changelist (query strings) and add form (posts) ------------------


def ledger_admins() -> list[str]:
    return sorted(
        model._meta.model_name
        for model in admin.site._registry
        if model._meta.app_label == "claims"
    )


# The changelist's own parameters: search, order, page, and the filters the admins declare.
CHANGELIST_KEYS = ("q", "o", "p", "e", "all", "kind", "status", "unanswered", "incident__id__exact")


@pytest.mark.parametrize("model_name", ledger_admins())
def test_admin_changelist_survives_arbitrary_query(superuser_client, model_name):
    ledger = build_ledger()
    url = st.just(reverse(f"admin:claims_{model_name}_changelist"))
    run_examples(
        superuser_client, ledger, "GET", url, CHANGELIST_KEYS, f"GET admin {model_name} list"
    )


@pytest.mark.parametrize("model_name", ledger_admins())
def test_admin_add_form_survives_arbitrary_post(superuser, superuser_client, rf, model_name):
    ledger = build_ledger()
    model_admin = admin.site._registry[apps.get_model("claims", model_name)]
    form_request = rf.get("/")
    form_request.user = superuser
    names = tuple(model_admin.get_form(form_request).base_fields)
    url = st.just(reverse(f"admin:claims_{model_name}_add"))
    run_examples(superuser_client, ledger, "POST", url, names, f"POST admin {model_name} add")
