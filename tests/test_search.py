"""Full-text search over claims: what matches, in what order, with what snippet, and that no
typed text can break it. Every case runs on whichever engine the suite runs on (SQLite by
default, PostgreSQL under bin/with-postgres), so both give the same answers."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from claims.models import Claim
from claims.pairing import suggest
from claims.search import Term, matching, parse_query, rebuild_search_index
from tests.factories import make_actor, make_claim, make_incident, make_source

pytestmark = pytest.mark.django_db

URL = reverse("claim_list")


def listed(response) -> list[int]:
    return [claim.pk for claim in response.context["page"]]


def quoted(quote: str, **overrides) -> Claim:
    """A claim whose quote is anchored in a source made to contain it."""
    return make_claim(quote=quote, source=make_source(text=f"Preamble. {quote} Coda."), **overrides)


def found(text: str) -> set[int]:
    return set(matching(Claim.objects.all(), text).values_list("pk", flat=True))


@pytest.fixture
def ledger() -> dict[str, Claim]:
    """A few claims whose words the shared cases below are about."""
    return {
        "border": make_claim(summary="Strikes near the border"),
        "reference": make_claim(summary="Complaint POL-358 filed"),
        "baseless": make_claim(summary="Minister calls it baseless and false"),
        "false": make_claim(summary="Officials say it's false and baseless"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"baseless and false"', {"baseless"}),
        ("baseless false", {"baseless", "false"}),
        ("false baseless", {"baseless", "false"}),
        ("POL-358", {"reference"}),
        ("pol 358", {"reference"}),
        ("NEAR(", {"border"}),
        ("near", {"border"}),
        ("strikes -border", {"border"}),
        ("border:", {"border"}),
        ("it's", {"false"}),
        ("'false'", {"baseless", "false"}),
        ("^false", {"baseless", "false"}),
        ("(false)", {"baseless", "false"}),
        ("AND", {"baseless", "false"}),
        ("baseless OR border", set()),
        ("NOT false", set()),
        ('false "', {"baseless", "false"}),
        ('"baseless', {"baseless", "false"}),
        ('""false""', {"baseless", "false"}),
        ("🔥 false", {"baseless", "false"}),
        ("bas*", {"baseless", "false"}),
        ("*", set()),
        ('"', set()),
        ("🔥", set()),
        ("-", set()),
        ("." * 200, set()),
    ],
)
def test_search_terms_mean_the_same_on_every_engine(viewer_client, ledger, query, expected):
    response = viewer_client.get(URL, {"q": query})
    assert response.status_code == 200
    assert set(listed(response)) == {ledger[key].pk for key in expected}


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"""',
        "-",
        ":",
        "NEAR(",
        "NEAR(a b, 2)",
        "POL-358",
        "'",
        "*",
        "**a*",
        "^",
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "a AND OR NOT b",
        "col:word",
        "{quote summary}: x",
        "x" * 200,
        "🔥🚀",
        "\\",
        "%_",
        "!@#$%^&*()_+-=[]{};':\",./<>?`~|" * 6,
        "'; DROP TABLE claims_claim; --",
    ],
)
def test_no_search_text_breaks_the_claim_list(viewer_client, htmx_headers, query):
    make_claim(summary="A plain claim about strikes")
    for headers in ({}, htmx_headers):
        response = viewer_client.get(URL, {"q": query}, headers=headers)
        assert response.status_code == 200


def test_nul_bytes_are_spaces_to_the_search_itself():
    claim = make_claim(summary="Strikes near the border")
    assert found("strikes\x00border") == {claim.pk}


def test_parser_reads_words_phrases_and_prefixes():
    # The stray quote, dash and star carry no letter or digit: nothing to search for.
    assert parse_query('Paktik* "baseless and false" POL-358 " - *') == [
        Term("Paktik", prefix=True),
        Term("baseless and false"),
        Term("POL-358"),
    ]


def test_phrase_needs_the_words_together_and_in_order():
    together = quoted("The claims are baseless and false, he said.")
    quoted("They are false and baseless.")
    quoted("Baseless rumours, and false ones.")
    assert found('"baseless and false"') == {together.pk}


def test_prefix_finds_the_words_that_start_with_it():
    paktika = quoted("Strikes hit Paktika province.")
    assert found("Paktik*") == {paktika.pk}
    assert found("Paktik") == set()


def test_stemming_finds_other_forms_of_a_word():
    strike = quoted("A single strike hit the village.")
    striking = quoted("Jets were striking the hills.")
    assert found("strikes") == {strike.pk, striking.pk}


def test_diacritics_do_not_matter_either_way():
    accented = quoted("Shelling reported in Paktīkā.")
    plain = quoted("Shelling reported in Paktika.")
    assert found("paktika") == found("Paktīkā") == {accented.pk, plain.pk}


def test_search_finds_a_speaker_by_alias_and_a_source_by_title():
    ispr = make_claim(speaker=make_actor(name="Inter-Services Public Relations", aliases="ISPR"))
    geo = make_claim(source=make_source(title="Geo News bulletin"))
    make_claim()
    assert found("ISPR") == {ispr.pk}
    assert found("inter services") == {ispr.pk}
    assert found("geo bulletin") == {geo.pk}


def test_best_match_comes_first_not_the_newest(viewer_client):
    best = quoted("Airstrikes, airstrikes and more airstrikes.", summary="Airstrikes again")
    quoted(
        "The ministry spoke at length about trade, roads, schools, water, power, "
        "harvests and, once, airstrikes, before turning to the weather.",
        summary="Ministry briefing",
    )
    response = viewer_client.get(URL, {"q": "airstrikes"})
    assert listed(response)[0] == best.pk
    assert len(listed(response)) == 2


def test_without_search_text_the_newest_statement_comes_first(viewer_client):
    older, newer = make_claim(), make_claim()
    assert listed(viewer_client.get(URL, {"q": "  "})) == [newer.pk, older.pk]


def test_only_the_newest_matches_are_candidates(monkeypatch):
    monkeypatch.setattr("claims.search.RANKED_MATCHES", 2)
    _oldest, *newest = (make_claim(summary="Strikes reported") for _ in range(3))
    assert found("strikes") == {claim.pk for claim in newest}


def test_result_row_shows_the_quote_with_the_match_marked(viewer_client, htmx_headers):
    quoted("Officials said the airstrikes killed ten civilians in Khost.")
    for headers in ({}, htmx_headers):
        html = viewer_client.get(URL, {"q": "airstrikes"}, headers=headers).content.decode()
        assert "<mark>airstrikes</mark>" in html
        assert "ten civilians" in html


def test_snippet_escapes_the_quote_around_the_marks(viewer_client):
    quoted("Officials posted <script>alert(1)</script> next to the airstrikes list.")
    html = viewer_client.get(URL, {"q": "airstrikes"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>airstrikes</mark>" in html


def test_marker_characters_in_a_quote_leave_no_tag_open(viewer_client):
    quoted("A stray \ue000 marker before the airstrikes.")
    html = viewer_client.get(URL, {"q": "airstrikes"}).content.decode()
    assert html.count("<mark>") == html.count("</mark>")
    assert "\ue000" not in html


def test_row_without_a_search_shows_the_plain_quote(viewer_client):
    quoted("Officials said the airstrikes killed ten civilians.")
    html = viewer_client.get(URL).content.decode()
    assert "<mark>" not in html
    assert "Officials said the airstrikes killed ten civilians." in html


def test_index_follows_a_claim_edit_and_delete():
    claim = make_claim(summary="Shelling in Kunar")
    claim.summary = "Drone strike in Khost"
    claim.save()
    assert found("kunar") == set()
    assert found("khost") == {claim.pk}
    claim.delete()
    assert found("khost") == set()


def test_index_follows_a_claim_moved_to_another_speaker_or_source():
    claim = make_claim(speaker=make_actor(name="Kabul Spokesman"))
    claim.speaker = make_actor(name="Islamabad Spokesman")
    claim.source = make_source(title="Dawn editorial")
    claim.save()
    assert found("kabul") == set()
    assert found("islamabad dawn") == {claim.pk}


def test_index_follows_an_actor_rename_and_alias_change():
    actor = make_actor(name="Inter-Services Public Relations")
    claim = make_claim(speaker=actor)
    actor.name = "Military Media Wing"
    actor.aliases = "ISPR\nDG ISPR"
    actor.save()
    assert found("inter services") == set()
    assert found("media wing") == found("ISPR") == {claim.pk}
    actor.aliases = ""
    actor.save()
    assert found("ISPR") == set()


def test_index_follows_a_source_title_change():
    source = make_source(title="Geo News bulletin")
    claim = make_claim(source=source)
    source.title = "Dawn editorial"
    source.save()
    assert found("geo") == set()
    assert found("dawn") == {claim.pk}


def test_rebuilding_the_index_keeps_every_match():
    claims = [make_claim(summary=f"Strikes report {n}") for n in range(3)]
    rebuild_search_index()
    assert found("strikes") == {claim.pk for claim in claims}
    claims[0].delete()  # the rebuilt index still follows the triggers
    assert found("strikes") == {claim.pk for claim in claims[1:]}


def test_pairing_search_uses_the_index():
    accusation = make_claim(summary="Strikes killed civilians")
    denial = make_claim(kind="denial", summary="No operation took place in Khost")
    make_claim(kind="denial", summary="Unrelated")
    assert [s.claim.pk for s in suggest(accusation, query="khost")] == [denial.pk]


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("filed_under_an_incident", [True, False])
def test_search_query_count_does_not_grow_with_matches(
    viewer_client, django_assert_num_queries, rows, filed_under_an_incident
):
    incident = make_incident() if filed_under_an_incident else None
    for _ in range(rows):
        quoted("The airstrikes were baseless and false claims.", incident=incident)
    # session, user, capped result count, the ranked page's ids, its rows with their
    # speakers, sources and incidents, their snippets, the page's sides, role groups, two
    # permission lookups; no option lists, and the same whatever the rows hold
    with django_assert_num_queries(10):
        response = viewer_client.get(URL, {"q": 'airstrike* "baseless and false"'})
    assert len(listed(response)) == min(rows, 25)


def test_admin_claim_search_reads_the_last_word_as_typed_so_far(admin_client):
    strike = quoted("Airstrikes hit the border post.")
    make_claim()
    changelist = reverse("admin:claims_claim_changelist")
    for query in ("airstri", "border airstrikes", "airstrikes bord"):
        response = admin_client.get(changelist, {"q": query})
        assert list(response.context["cl"].result_list) == [strike], query
    assert list(admin_client.get(changelist, {"q": "airstri "}).context["cl"].result_list) == []


@pytest.mark.parametrize("query", ['"', "NEAR(", "POL-358*", "*", "a AND", "'"])
def test_no_admin_search_text_breaks_the_claim_changelist(admin_client, query):
    make_claim()
    response = admin_client.get(reverse("admin:claims_claim_changelist"), {"q": query})
    assert response.status_code == 200


def test_index_agrees_with_the_tables_after_every_kind_of_edit():
    actor, source = make_actor(name="Kabul Spokesman"), make_source(title="Geo News")
    claims = [
        make_claim(summary=f"Strikes reported in Khost, {n}", speaker=actor) for n in range(3)
    ]
    claims[0].quote = "Strikes killed civilians."
    claims[0].source = make_source(text="Preamble. Strikes killed civilians. Coda.")
    claims[0].anchor_quote()
    claims[0].summary = "Edited summary"
    claims[0].save()
    claims[1].source = source
    claims[1].save()
    claims[2].delete()
    actor.aliases = "Spokesman of the Emirate"
    actor.save()
    source.title = "Geo News bulletin"
    source.save()
    assert_index_agrees_with_the_tables()


@pytest.mark.django_db(transaction=True)
def test_index_stays_true_when_a_flush_deletes_speakers_before_their_claims():
    make_claim(summary="Strikes reported in Khost", speaker=make_actor(name="Kabul Spokesman"))
    # A flush deletes tables in name order with foreign keys deferred: actors before claims.
    call_command("flush", interactive=False, verbosity=0)
    assert_index_agrees_with_the_tables()


def assert_index_agrees_with_the_tables() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # FTS5 compares its index with the content it reads from the view.
            cursor.execute(
                "INSERT INTO claims_claim_fts(claims_claim_fts, rank) VALUES ('integrity-check', 1)"
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM claims_claim_document d FULL JOIN claims_claim_search s"
                " ON s.claim_id = d.id WHERE s.document IS DISTINCT FROM"
                " claims_search_document(d.quote, d.summary, d.speaker, d.source)"
            )
            assert cursor.fetchone() == (0,)
