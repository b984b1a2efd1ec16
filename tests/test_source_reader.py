import html
import re

import pytest
from django.urls import reverse

from claims.highlight import quote_segments
from tests.factories import SOURCE_TEXT, make_actor, make_claim, make_source

pytestmark = pytest.mark.django_db


def reader_url(source) -> str:
    return reverse("source_detail", args=[source.pk])


def source_text_html(page: str) -> str:
    """The inner HTML of the text container."""
    match = re.search(r"<div class=\"source-text\"[^>]*>(.*?)</div>", page, re.S)
    assert match, "no source text container on the page"
    return match.group(1)


def rendered_text(inner_html: str) -> str:
    """What the browser's textContent of the container would be."""
    return html.unescape(re.sub(r"<[^>]+>", "", inner_html))


def marked_runs(inner_html: str) -> list[str]:
    return [
        html.unescape(run)
        for run in re.findall(r"<mark[^>]*><a[^>]*>(.*?)</a></mark", inner_html, re.S)
    ]


# Cutting the text into runs


def test_segments_join_back_into_the_text_and_mark_exactly_the_quote():
    source = make_source()
    claim = make_claim(source=source, quote="airstrikes in Khost")
    segments = quote_segments(source.text, [claim])
    assert "".join(segment.text for segment in segments) == source.text
    [marked] = [segment for segment in segments if segment.claims]
    assert marked.text == source.text[claim.quote_start : claim.quote_end] == claim.quote
    assert marked.claim == claim
    assert marked.opening == [claim]


def test_overlapping_quotes_split_into_runs_that_list_every_covering_claim():
    source = make_source()
    outer = make_claim(source=source, quote="accused the army of airstrikes in Khost")
    inner = make_claim(source=source, quote="airstrikes in Khost that killed 10 civilians")
    segments = [
        segment for segment in quote_segments(source.text, [inner, outer]) if segment.claims
    ]
    assert [segment.text for segment in segments] == [
        "accused the army of ",
        "airstrikes in Khost",
        " that killed 10 civilians",
    ]
    assert [segment.claims for segment in segments] == [(outer,), (outer, inner), (inner,)]
    assert segments[1].claim == inner


def test_a_quote_nested_in_another_links_to_the_inner_one():
    source = make_source()
    outer = make_claim(source=source, quote="airstrikes in Khost that killed 10 civilians")
    inner = make_claim(source=source, quote="10 civilians")
    runs = [segment for segment in quote_segments(source.text, [outer, inner]) if segment.claims]
    assert [(run.text, run.claim) for run in runs] == [
        ("airstrikes in Khost that killed ", outer),
        ("10 civilians", inner),
    ]


def test_unanchored_claims_and_empty_text_give_plain_runs():
    source = make_source()
    assert quote_segments("", [make_claim(source=source)]) == []
    [only] = quote_segments(source.text, [make_claim(source=source)])
    assert (only.text, only.claims) == (source.text, ())


# The page


def test_reader_highlights_each_quote_linked_to_its_claim(viewer_client):
    speaker = make_actor(name="Zabihullah Mujahid")
    source = make_source()
    claim = make_claim(source=source, speaker=speaker, quote="airstrikes in Khost")
    page = viewer_client.get(reader_url(source)).content.decode()
    inner = source_text_html(page)
    assert marked_runs(inner) == [source.text[claim.quote_start : claim.quote_end]]
    assert f'href="{claim.get_absolute_url()}"' in inner
    assert 'title="Zabihullah Mujahid (accusation)"' in inner
    assert f'id="quote-{claim.pk}"' in inner


def test_reader_renders_the_text_exactly_so_browser_offsets_match(viewer_client):
    text = "First paragraph says one thing.\n\nSecond paragraph says another.\n"
    source = make_source(text=text)
    make_claim(source=source, quote="one thing.\n\nSecond")
    make_claim(source=source, quote="paragraph says another")
    inner = source_text_html(viewer_client.get(reader_url(source)).content.decode())
    assert rendered_text(inner) == text
    assert "<p" not in inner


def test_reader_keeps_overlapping_quotes_well_formed(viewer_client):
    source = make_source()
    outer = make_claim(source=source, quote="accused the army of airstrikes in Khost")
    inner = make_claim(source=source, quote="airstrikes in Khost that killed 10 civilians")
    page = viewer_client.get(reader_url(source)).content.decode()
    text_html = source_text_html(page)
    assert text_html.count("<mark") == text_html.count("</mark") == 3
    assert marked_runs(text_html) == [
        "accused the army of ",
        "airstrikes in Khost",
        " that killed 10 civilians",
    ]
    assert f'data-claims="{outer.pk} {inner.pk}"' in text_html
    assert rendered_text(text_html) == source.text


def test_reader_escapes_markup_in_the_source_text(viewer_client):
    text = "Officials said <b>no</b> strikes & no <script>alert(1)</script> casualties."
    source = make_source(text=text)
    make_claim(source=source, quote="<b>no</b> strikes & no")
    page = viewer_client.get(reader_url(source)).content.decode()
    inner = source_text_html(page)
    assert "<b>" not in inner
    assert "<script>" not in page.replace('<script src="', "")
    assert "&lt;b&gt;no&lt;/b&gt; strikes &amp; no" in inner
    assert rendered_text(inner) == text
    assert marked_runs(inner) == ["<b>no</b> strikes & no"]


def test_reader_shows_the_sources_metadata_with_safe_links(viewer_client):
    outlet = make_actor(name="Geo News", kind="media")
    source = make_source(
        outlet=outlet,
        url="https://example.org/story?a=1&b=2",
        archive_url="https://archive.example.org/story",
        language="ur",
        reliability="B",
    )
    page = viewer_client.get(reader_url(source)).content.decode()
    assert f'href="{outlet.get_absolute_url()}"' in page
    assert '<a href="https://example.org/story?a=1&amp;b=2" rel="noopener noreferrer">' in page
    assert '<a href="https://archive.example.org/story" rel="noopener noreferrer">' in page
    assert "B – usually reliable" in page
    assert source.text_sha256 in page
    assert 'lang="ur"' in page


def test_editors_get_the_record_claim_controls(editor_client):
    source = make_source()
    page = editor_client.get(reader_url(source)).content.decode()
    create = reverse("claim_create")
    assert f'href="{create}?source={source.pk}"' in page  # works without JavaScript
    assert f'data-record-url="{create}"' in page
    assert f'data-source="{source.pk}"' in page
    assert "data-record-claim hidden" in page
    assert "js/source-select.js" in page


def test_viewers_get_no_record_claim_controls(viewer_client):
    source = make_source()
    page = viewer_client.get(reader_url(source)).content.decode()
    assert "data-source-text" in page
    assert "data-record-url" not in page
    assert "data-record-claim" not in page
    assert reverse("claim_create") not in page.split("<main", 1)[1]
    assert "js/source-select.js" not in page


def test_reader_lists_claims_quoting_the_source_including_unanchored_ones(viewer_client):
    source = make_source()
    anchored = make_claim(source=source, quote="airstrikes in Khost", summary="Anchored one")
    make_claim(source=source, summary="Paraphrased one")
    page = viewer_client.get(reader_url(source)).content.decode()
    assert "Anchored one" in page
    assert "Paraphrased one" in page
    assert f'href="#quote-{anchored.pk}"' in page
    assert "quote not anchored in the text" in page


def test_reader_htmx_request_highlights_only_the_chosen_kind(viewer_client, htmx_headers):
    source = make_source()
    accusation = make_claim(source=source, quote="airstrikes in Khost")
    make_claim(source=source, kind="denial", quote="denied that any strikes took place")
    response = viewer_client.get(reader_url(source), {"kind": "accusation"}, headers=htmx_headers)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="reader"' in page
    assert marked_runs(source_text_html(page)) == [accusation.quote]
    assert response["Vary"].count("HX-Request") == 1


def test_reader_rejects_an_unknown_kind(viewer_client):
    assert viewer_client.get(reader_url(make_source()), {"kind": "rumour"}).status_code == 400


def test_reader_of_an_unknown_source_is_404(viewer_client):
    assert viewer_client.get(reverse("source_detail", args=[999999])).status_code == 404


def test_reader_without_text_says_so(viewer_client):
    page = viewer_client.get(reader_url(make_source(text=""))).content.decode()
    assert "No text has been captured for this source yet." in page
    assert "data-source-text" not in page


def test_reader_requires_sign_in(client):
    response = client.get(reader_url(make_source()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("rows", [5, 50])
def test_reader_query_count_does_not_grow_with_claims(
    editor_client, django_assert_num_queries, rows
):
    words = [f"w{n:03d}x" for n in range(rows)]
    source = make_source(text=" ".join(words) + "\n" + SOURCE_TEXT)
    for word in words:
        make_claim(source=source, quote=word, speaker=make_actor(parent=make_actor()))
    # session, user, source with outlet, sides (actors), claims with speakers and incidents,
    # role groups, two permission lookups
    with django_assert_num_queries(8):
        editor_client.get(reader_url(source))
