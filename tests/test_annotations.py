"""Quote anchors as W3C Web Annotations, and `resolve()` finding them again in a text.

No maintained package ships the Web Annotation JSON schema or the anno.jsonld context for use
offline, so `assert_valid_annotation()` checks what the model's recommendation
(https://www.w3.org/TR/annotation-model/) requires of what is served here: the context, the
id and type of each node, a target with a source and selectors, and selectors of the two
kinds with the fields each must have (positions whole numbers, start <= end).
"""

import json

import pytest
from django.urls import reverse

from claims.interchange import annotation
from claims.interchange.annotation import resolve, selectors
from claims.models import Claim
from claims.seeds import load_seed_dossier
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

# A quote after a flag (two code points, four UTF-16 units) and a mathematical 𝔸 (one code
# point, two UTF-16 units): Python's offsets and a browser's differ by 3 by then.
NON_BMP_TEXT = (
    "Protest in 🇵🇰 Lahore 𝔸: officials said the convoy was never there. Others disagreed."
)
QUOTE = "the convoy was never there"


def assert_valid_annotation(node: dict) -> None:
    """What the Web Annotation data model requires of an Annotation, as served here."""
    assert isinstance(node["id"], str)
    assert node["id"].startswith("http")
    assert node["type"] == "Annotation"
    assert node["motivation"] in {"describing", "classifying", "linking", "highlighting"}
    for body in node["body"]:
        assert body["type"] in {"TextualBody", "SpecificResource"}
        assert body["purpose"] in {"describing", "classifying", "linking", "tagging"}
        if body["type"] == "TextualBody":
            assert isinstance(body["value"], str)
            assert body["value"]
        else:
            assert body["source"].startswith("http")
    target = node["target"]
    assert target["source"].startswith("http")
    kinds = {selector["type"]: selector for selector in target["selector"]}
    assert set(kinds) == {"TextQuoteSelector", "TextPositionSelector"}
    quote = kinds["TextQuoteSelector"]
    assert isinstance(quote["exact"], str)
    assert quote["exact"]
    assert all(isinstance(quote[key], str) for key in ("prefix", "suffix"))
    assert len(quote["prefix"]) <= 32
    assert len(quote["suffix"]) <= 32
    position = kinds["TextPositionSelector"]
    assert all(type(position[key]) is int and position[key] >= 0 for key in ("start", "end"))
    assert position["start"] <= position["end"]
    assert position["end"] - position["start"] == len(quote["exact"])


def served(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"] == (
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    )
    node = json.loads(response.content)
    assert node["@context"] == "http://www.w3.org/ns/anno.jsonld"
    return node


def test_a_claim_is_one_annotation_on_its_source(viewer_client):
    source = make_source(text=NON_BMP_TEXT, url="https://example.org/lahore")
    claim = make_claim(source=source, quote=QUOTE, summary="Officials deny the convoy")

    node = served(viewer_client.get(reverse("claim_annotation", args=[claim.pk])))

    assert_valid_annotation(node)
    assert node["id"] == f"http://testserver/claims/{claim.pk}/annotation.jsonld"
    assert node["target"]["source"] == "https://example.org/lahore"
    start = NON_BMP_TEXT.index(QUOTE)
    assert node["target"]["selector"] == [
        {
            "type": "TextQuoteSelector",
            "exact": QUOTE,
            "prefix": NON_BMP_TEXT[start - 32 : start],
            "suffix": NON_BMP_TEXT[start + len(QUOTE) :][:32],
        },
        {"type": "TextPositionSelector", "start": start, "end": start + len(QUOTE)},
    ]
    assert start == claim.quote_start == 39  # code points; a browser counts 42 UTF-16 units
    assert [body["value"] for body in node["body"][:2]] == [
        "Officials deny the convoy",
        "accusation",
    ]
    assert node["body"][2]["source"] == f"http://testserver/claims/{claim.pk}/"


def test_a_source_without_a_url_is_targeted_by_its_page_here(viewer_client):
    claim = make_claim(quote="The army denied that any strikes took place.")
    node = served(viewer_client.get(reverse("claim_annotation", args=[claim.pk])))
    assert node["target"]["source"] == f"http://testserver/sources/{claim.source_id}/"


def test_a_claim_without_an_anchored_quote_has_no_annotation(viewer_client):
    claim = make_claim()
    assert viewer_client.get(reverse("claim_annotation", args=[claim.pk])).status_code == 404


def test_a_source_is_an_annotation_collection_in_pages(viewer_client, monkeypatch):
    monkeypatch.setattr(annotation, "PAGE_SIZE", 2)
    source = make_source(text="one two three four five")
    claims = [make_claim(source=source, quote=word) for word in ("five", "one", "three")]
    url = reverse("source_annotations", args=[source.pk])

    collection = served(viewer_client.get(url))

    assert collection["type"] == "AnnotationCollection"
    assert collection["id"] == f"http://testserver{url}"
    assert collection["total"] == 3
    assert collection["last"] == f"http://testserver{url}?page=2"
    first = collection["first"]
    assert (first["type"], first["partOf"], first["startIndex"]) == (
        "AnnotationPage",
        collection["id"],
        0,
    )
    assert first["next"] == f"http://testserver{url}?page=2"
    assert "prev" not in first
    # In text order, not the order recorded.
    assert [item["target"]["selector"][0]["exact"] for item in first["items"]] == ["one", "three"]
    for item in first["items"]:
        assert_valid_annotation(item)

    second = served(viewer_client.get(f"{url}?page=2"))
    assert second["type"] == "AnnotationPage"
    assert second["startIndex"] == 2
    assert [item["id"] for item in second["items"]] == [
        f"http://testserver/claims/{claims[0].pk}/annotation.jsonld"
    ]
    assert second["prev"] == first["id"]
    assert "next" not in second
    # Past the end, and nonsense, like the lists: the last page, the first.
    assert served(viewer_client.get(f"{url}?page=9"))["startIndex"] == 2
    assert served(viewer_client.get(f"{url}?page=x"))["startIndex"] == 0


def test_the_source_reader_links_to_its_annotations(viewer_client):
    source = make_source()
    html = viewer_client.get(reverse("source_detail", args=[source.pk])).content.decode()
    assert f'href="{reverse("source_annotations", args=[source.pk])}"' in html


def test_a_source_with_no_anchored_quote_is_an_empty_collection(viewer_client):
    source = make_source()
    collection = served(viewer_client.get(reverse("source_annotations", args=[source.pk])))
    assert collection["total"] == 0
    assert collection["first"]["items"] == []


def test_a_source_collection_runs_the_same_queries_for_few_and_many(
    viewer_client, django_assert_num_queries
):
    few, many = make_source(text="a b c d e f g h i j " * 5), make_source(text="a " * 300)
    make_claim(source=few, quote="a b c d", quote_start=0, quote_end=7)
    for at in range(0, 200, 2):
        make_claim(source=many, quote="a", quote_start=at, quote_end=at + 1)
    for source in (few, many):
        with django_assert_num_queries(7):  # session, user, role (2), source, count, claims
            viewer_client.get(reverse("source_annotations", args=[source.pk]))


def test_annotations_are_read_only_and_behind_sign_in(client, viewer_client):
    claim = make_claim(quote="The army denied that any strikes took place.")
    url = reverse("claim_annotation", args=[claim.pk])
    assert viewer_client.post(url).status_code == 405
    assert client.get(url).status_code == 302


# resolve() --------------------------------------------------------------------------------


def test_every_anchored_seed_claim_round_trips_through_its_selectors():
    load_seed_dossier()
    anchored = Claim.objects.filter(quote_start__isnull=False).select_related("source")
    assert anchored.count() >= 5
    for claim in anchored:
        text = claim.source.text
        found = resolve(text, selectors(text, claim.quote_start, claim.quote_end))
        assert found == (claim.quote_start, claim.quote_end), claim.pk
        # With the position lost, the quote and its context alone find the same place.
        quote_only = [
            s for s in selectors(text, claim.quote_start, claim.quote_end) if "exact" in s
        ]
        assert resolve(text, quote_only) == (claim.quote_start, claim.quote_end), claim.pk


def test_resolve_counts_code_points_after_non_bmp_characters():
    start = NON_BMP_TEXT.index(QUOTE)
    assert resolve(NON_BMP_TEXT, selectors(NON_BMP_TEXT, start, start + len(QUOTE))) == (
        start,
        start + len(QUOTE),
    )
    # UTF-16 offsets, as a browser would count them, are caught by the quote check.
    utf16 = len(NON_BMP_TEXT[:start].encode("utf-16-le")) // 2
    wrong = [
        {"type": "TextQuoteSelector", "exact": QUOTE, "prefix": "", "suffix": ""},
        {"type": "TextPositionSelector", "start": utf16, "end": utf16 + len(QUOTE)},
    ]
    assert resolve(NON_BMP_TEXT, wrong) == (start, start + len(QUOTE))


def test_resolve_reanchors_a_quote_the_text_moved_with_its_prefix_and_suffix():
    text = "He said no. Later: he said no. Then: he said no, again."
    picked = text.index("he said no", 20)  # the third
    saved = selectors(text, picked, picked + len("he said no"))
    edited = "Preface. " + text
    assert resolve(edited, saved) == (picked + 9, picked + 9 + len("he said no"))


def test_resolve_finds_nothing_when_the_quote_is_gone():
    saved = selectors("the convoy was never there", 4, 10)
    assert resolve("an unrelated text", saved) is None
    assert resolve("anything", []) is None
    # A position alone, without a quote to check it against, is taken while it fits.
    assert resolve("anything", [{"type": "TextPositionSelector", "start": 0, "end": 3}]) == (0, 3)
    assert resolve("any", [{"type": "TextPositionSelector", "start": 0, "end": 9}]) is None
