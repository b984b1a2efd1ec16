"""The claim extractor measured on the labelled articles, the labels' integrity, and the scorer."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.intake.extraction import Proposal
from claims.intake.scoring import (
    Article,
    Statement,
    load_corpus,
    match,
    same_speaker,
    score_article,
    score_corpus,
    table,
    total,
)
from claims.models import ClaimKind, Relation

CORPUS = Path(settings.BASE_DIR) / "tests" / "intake_corpus"
HELDOUT = CORPUS / "heldout"
SEED = Path(settings.BASE_DIR) / "seeds" / "geo-news-asif-writes-off-taliban.txt"
SEED_NAME = "000_341db9ed243e4691"
MINIMUM_ATTRIBUTION = 0.85
MINIMUM_LINKING = 0.75


def test_extractor_attributes_and_links_the_labelled_statements():
    rows = score_corpus(load_corpus(CORPUS))
    score = total(rows)
    figures = f"the extractor's figures per article:\n{table(rows)}"
    assert score.precision >= MINIMUM_ATTRIBUTION, figures
    assert score.recall >= MINIMUM_ATTRIBUTION, figures
    assert score.linking_recall >= MINIMUM_LINKING, figures


# The labels


def every_article() -> list[Article]:
    return load_corpus(CORPUS) + load_corpus(HELDOUT)


@pytest.mark.parametrize("folder", [CORPUS, HELDOUT], ids=["corpus", "heldout"])
def test_every_article_has_its_labels_and_every_label_its_article(folder):
    texts = {path.stem for path in folder.glob("*.txt")}
    labels = {path.stem for path in folder.glob("*.json")}
    assert texts == labels


def test_corpus_holds_the_seed_and_six_articles_of_our_own_and_three_held_out():
    names = [article.name for article in load_corpus(CORPUS)]
    assert SEED_NAME in names
    assert len(names) - 1 >= 6
    assert len(load_corpus(HELDOUT)) >= 3


def test_seed_article_is_the_seed_file_verbatim():
    seed = (CORPUS / f"{SEED_NAME}.txt").read_text(encoding="utf-8")
    assert seed == SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize("article", every_article(), ids=lambda article: article.name)
def test_labels_are_anchored_and_well_formed(article):
    ids = [statement.id for statement in article.statements]
    assert len(ids) == len(set(ids)), "statement ids repeat"
    assert article.title
    for statement in article.statements:
        where = f"{article.name} {statement.id}"
        assert article.text[statement.start : statement.end] == statement.quote, where
        assert statement.speaker.strip(), where
        assert statement.kind in ClaimKind.values, where
        assert (statement.target is None) == (statement.relation is None), where
        assert statement.relation is None or statement.relation in Relation.values, where
        assert statement.target is None or statement.target in ids, where
        assert statement.target != statement.id, where


@pytest.mark.parametrize("article", every_article(), ids=lambda article: article.name)
def test_every_article_answers_an_accusation(article):
    kinds = {statement.kind for statement in article.statements}
    answers = [s for s in article.statements if s.relation in ("denies", "disputes")]
    assert {"accusation", "denial"} <= kinds
    assert answers


# The scorer, on synthetic predictions


TEXT = (
    'The army accused the rebels of shelling the market. "We did not fire a single shell," '
    "rebel spokesman Omar Haddad said. Haddad added that the army had been firing for weeks."
)


def gold(id: str, speaker: str, quote: str, kind: str, **fields) -> Statement:
    start = TEXT.index(quote)
    return Statement(
        id=id,
        speaker=speaker,
        speaker_aliases=tuple(fields.get("aliases", ())),
        kind=kind,
        quote=quote,
        start=start,
        end=start + len(quote),
        target=fields.get("target"),
        relation=fields.get("relation"),
    )


ACCUSATION = gold("s1", "The army", "the rebels of shelling the market", "accusation")
DENIAL = gold(
    "s2",
    "Omar Haddad",
    "We did not fire a single shell",
    "denial",
    target="s1",
    relation="denies",
)
COUNTER = gold("s3", "Omar Haddad", "the army had been firing for weeks", "accusation")
ARTICLE = Article(name="synthetic", title="t", text=TEXT, statements=(ACCUSATION, DENIAL, COUNTER))


def predicted(statement: Statement, **changes) -> Proposal:
    """The proposal a perfect extractor would make for `statement`, with `changes`."""
    fields = {
        "speaker": statement.speaker,
        "quote": statement.quote,
        "start": statement.start,
        "end": statement.end,
        "kind": statement.kind,
    } | changes
    return Proposal(**fields)


def span(start: int, end: int) -> Proposal:
    return Proposal(speaker="x", quote=TEXT[start:end], start=start, end=end, kind="assertion")


def perfect() -> list[Proposal]:
    return [
        predicted(ACCUSATION),
        predicted(DENIAL, responds_to=0, relation="denies"),
        predicted(COUNTER),
    ]


def test_perfect_predictions_score_one_everywhere():
    score = score_article(ARTICLE, perfect())
    assert (score.gold, score.predicted, score.matched, score.attributed) == (3, 3, 3, 3)
    assert score.precision == score.recall == score.f1 == 1.0
    assert score.span_precision == score.span_recall == score.kind_accuracy == 1.0
    assert (score.links, score.links_found, score.linking_recall) == (1, 1, 1.0)


def test_a_missing_statement_lowers_recall_not_precision():
    score = score_article(ARTICLE, perfect()[:2])
    assert score.recall == pytest.approx(2 / 3)
    assert score.span_recall == pytest.approx(2 / 3)
    assert score.precision == 1.0


def test_an_extra_prediction_lowers_precision():
    rebel = TEXT.index("rebel spokesman")
    score = score_article(ARTICLE, [*perfect(), span(rebel, rebel + len("rebel spokesman"))])
    assert score.precision == pytest.approx(3 / 4)
    assert score.recall == 1.0


def test_a_wrong_speaker_matches_the_span_but_is_not_attributed():
    predictions = perfect()
    predictions[1] = predicted(DENIAL, speaker="The army", responds_to=0)
    score = score_article(ARTICLE, predictions)
    assert score.matched == 3
    assert score.attributed == 2
    assert score.precision == score.recall == pytest.approx(2 / 3)


def test_an_empty_speaker_is_never_right():
    assert not same_speaker("", DENIAL)
    assert not same_speaker("the", DENIAL)


@pytest.mark.parametrize(
    "speaker", ["Omar Haddad", "omar haddad", "Haddad", "rebel spokesman Omar Haddad", "Rebels"]
)
def test_a_surname_a_title_or_an_alias_names_the_speaker(speaker):
    statement = gold("s2", "Omar Haddad", DENIAL.quote, "denial", aliases=["Rebels"])
    assert same_speaker(speaker, statement)


@pytest.mark.parametrize("speaker", ["Omar", "Omar Khalil", "the spokesman", "haddad's army"])
def test_a_first_name_another_person_or_a_bare_title_is_not_the_speaker(speaker):
    assert not same_speaker(speaker, DENIAL)


def test_a_bare_common_noun_does_not_resolve_an_organisation():
    ministry = gold("s1", "Russia's Defence Ministry", ACCUSATION.quote, "accusation")
    assert same_speaker("Defence Ministry", ministry)
    assert same_speaker("the Russia’s Defence Ministry", ministry)
    assert not same_speaker("the ministry", ministry)


def test_a_span_sharing_half_the_longer_matches_and_one_character_less_does_not():
    length = COUNTER.end - COUNTER.start
    assert length % 2 == 0, "the boundary case needs an even length"
    half = length // 2
    assert match([COUNTER], [span(COUNTER.start + half, COUNTER.end)]) == {0: 0}
    assert match([COUNTER], [span(COUNTER.start + half + 1, COUNTER.end)]) == {}
    # A longer prediction must give half of its own length to the gold span.
    assert match([COUNTER], [span(COUNTER.start - length, COUNTER.end)]) == {0: 0}
    assert match([COUNTER], [span(COUNTER.start - length - 1, COUNTER.end)]) == {}


def test_one_prediction_cannot_match_two_gold_statements():
    first = gold("a", "x", "We did not fire a single", "denial")
    second = gold("b", "x", "did not fire a single shell", "denial")
    both = span(first.start, second.end)
    article = Article(name="n", title="t", text=TEXT, statements=(first, second))
    assert match(article.statements, [both]) == {1: 0}
    assert score_article(article, [both]).matched == 1


def test_the_best_overlap_wins_the_match():
    wide = span(DENIAL.start - 2, DENIAL.end)
    exact = span(DENIAL.start, DENIAL.end)
    assert match([DENIAL], [wide, exact]) == {0: 1}


def test_linking_to_the_wrong_target_is_not_counted():
    predictions = perfect()
    predictions[1] = predicted(DENIAL, responds_to=2, relation="denies")
    assert score_article(ARTICLE, predictions).links_found == 0
    predictions[1] = predicted(DENIAL)
    assert score_article(ARTICLE, predictions).links_found == 0


def test_linking_counts_the_target_by_its_matched_prediction_not_its_position():
    predictions = [predicted(COUNTER), predicted(ACCUSATION)]
    predictions.append(predicted(DENIAL, responds_to=1, relation="denies"))
    score = score_article(ARTICLE, predictions)
    assert (score.links, score.links_found) == (1, 1)


def test_a_wrong_kind_counts_against_kind_accuracy_only():
    predictions = perfect()
    predictions[2] = predicted(COUNTER, kind="assertion")
    score = score_article(ARTICLE, predictions)
    assert score.kind_accuracy == pytest.approx(2 / 3)
    assert score.precision == score.recall == 1.0


def test_the_total_sums_the_counts_of_every_article():
    first = score_article(ARTICLE, perfect())
    second = score_article(ARTICLE, perfect()[:1])
    summed = total([("a", first), ("b", second)])
    assert (summed.gold, summed.predicted, summed.attributed) == (6, 4, 4)
    assert summed.recall == pytest.approx(4 / 6)


def test_score_corpus_runs_the_extractor_on_each_text():
    seen = []

    def extractor(text: str) -> list[Proposal]:
        seen.append(text)
        return perfect()

    rows = score_corpus([ARTICLE], extractor)
    assert seen == [TEXT]
    assert rows[0][0] == "synthetic"
    assert rows[0][1].f1 == 1.0
    assert rows[0][1].words == len(TEXT.split())


# The command


def test_command_prints_a_row_per_article_and_the_total():
    out = StringIO()
    call_command("score_extraction", stdout=out)
    lines = out.getvalue().splitlines()
    for article in load_corpus(CORPUS):
        assert any(line.startswith(article.name) for line in lines)
    assert not any(line.startswith("h1_") for line in lines), "heldout/ is scored apart"
    assert lines[-1].startswith("TOTAL (micro)")


def test_command_prints_json_figures_for_a_given_folder():
    out = StringIO()
    call_command("score_extraction", str(HELDOUT), "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert len(figures["articles"]) == len(load_corpus(HELDOUT))
    assert figures["total"]["gold"] == sum(row["gold"] for row in figures["articles"])
    assert {"precision", "recall", "linking_recall", "ms_per_1000_words"} <= set(figures["total"])


def test_command_refuses_a_folder_without_labelled_articles(tmp_path):
    with pytest.raises(CommandError, match="no labelled articles"):
        call_command("score_extraction", str(tmp_path), stdout=StringIO())
