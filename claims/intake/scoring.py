"""How well `extract()` finds the labelled statements of a corpus of articles.

A corpus is a folder of `NAME.txt` articles, each with its labels in `NAME.json` beside it
(see tests/intake_corpus/). Predictions and gold statements are matched one to one, best
overlap first; a pair matches when the characters they share are at least half the longer
span. A match is attributed correctly when the speaker agrees too.
"""

import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from claims.intake.extraction import Proposal, extract

LINKS_SCORED = frozenset({"denies", "disputes"})
# Dropped from the front of a speaker before comparing: "the ministry" is "ministry".
ARTICLES = frozenset({"the", "a", "an"})


@dataclass(frozen=True)
class Statement:
    """One labelled statement: who said it, where, what kind, and what it answers."""

    id: str
    speaker: str
    speaker_aliases: tuple[str, ...]
    kind: str
    quote: str
    start: int
    end: int
    target: str | None
    relation: str | None


@dataclass(frozen=True)
class Article:
    name: str
    title: str
    text: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Score:
    """Counts for one article, or summed over many; the rates derive from them."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    attributed: int = 0
    kind_correct: int = 0
    links: int = 0
    links_found: int = 0
    words: int = 0
    milliseconds: float = 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def precision(self) -> float:
        return ratio(self.attributed, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.attributed, self.gold)

    @property
    def f1(self) -> float:
        both = self.precision + self.recall
        return 2 * self.precision * self.recall / both if both else 0.0

    @property
    def span_precision(self) -> float:
        return ratio(self.matched, self.predicted)

    @property
    def span_recall(self) -> float:
        return ratio(self.matched, self.gold)

    @property
    def kind_accuracy(self) -> float:
        return ratio(self.kind_correct, self.matched)

    @property
    def linking_recall(self) -> float:
        return ratio(self.links_found, self.links)

    @property
    def ms_per_1000_words(self) -> float:
        return ratio(self.milliseconds * 1000, self.words)

    def as_json(self) -> dict:
        rates = (
            "precision recall f1 span_precision span_recall kind_accuracy linking_recall "
            "ms_per_1000_words"
        )
        return asdict(self) | {name: round(getattr(self, name), 4) for name in rates.split()}


def ratio(part: float, whole: float) -> float:
    """part / whole, with nothing out of nothing counted as perfect."""
    return part / whole if whole else 1.0


def load_article(text_path: Path) -> Article:
    """The article at `text_path` with the labels of the .json beside it."""
    label = json.loads(text_path.with_suffix(".json").read_text(encoding="utf-8"))
    statements = tuple(
        Statement(
            id=item["id"],
            speaker=item["speaker"],
            speaker_aliases=tuple(item.get("speaker_aliases", ())),
            kind=item["kind"],
            quote=item["quote"],
            start=item["start"],
            end=item["end"],
            target=item.get("target"),
            relation=item.get("relation"),
        )
        for item in label["statements"]
    )
    return Article(
        name=text_path.stem,
        title=label.get("title", ""),
        text=text_path.read_text(encoding="utf-8"),
        statements=statements,
    )


def load_corpus(folder: Path) -> list[Article]:
    """The labelled articles directly in `folder` (not its subfolders), by name."""
    return [load_article(path) for path in sorted(folder.glob("*.txt"))]


def overlap(gold: Statement, predicted: Proposal) -> float:
    """The characters two spans share, as a fraction of the longer one."""
    longer = max(gold.end - gold.start, predicted.end - predicted.start)
    shared = min(gold.end, predicted.end) - max(gold.start, predicted.start)
    return max(0, shared) / longer if longer else 0.0


def match(gold: Sequence[Statement], predicted: Sequence[Proposal]) -> dict[int, int]:
    """Gold index -> prediction index, one to one, best overlap first, each pair sharing at
    least half the longer span."""
    candidates = sorted(
        (-fraction, gold_index, predicted_index)
        for gold_index, g in enumerate(gold)
        for predicted_index, p in enumerate(predicted)
        if (fraction := overlap(g, p)) >= 0.5
    )
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _, gold_index, predicted_index in candidates:
        if gold_index not in pairs and predicted_index not in taken:
            pairs[gold_index] = predicted_index
            taken.add(predicted_index)
    return pairs


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name as written, curly apostrophes straightened, "the" dropped."""
    words = [word.strip(".") for word in re.findall(r"[\w'.-]+", name.replace("’", "'"))]
    words = [word for word in words if word]
    while words and words[0].lower() in ARTICLES:
        words.pop(0)
    return tuple(words)


def lower(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word.lower() for word in words)


def same_speaker(predicted: str, gold: Statement) -> bool:
    """Whether `predicted` names the gold speaker: the name or an alias, with or without the
    title words in front of it ("Interior Minister Oleh Marchenko"), or only its last words
    when they are a proper name ("Marchenko", "Van Loon"; "the ministry" resolves nothing)."""
    written = name_words(predicted)
    if not written:
        return False
    said, proper = lower(written), written[0][:1].isupper()
    for name in (gold.speaker, *gold.speaker_aliases):
        words = lower(name_words(name))
        if words and (said[-len(words) :] == words or (proper and words[-len(said) :] == said)):
            return True
    return False


def score_article(
    article: Article, predicted: Sequence[Proposal], milliseconds: float = 0.0
) -> Score:
    """The counts of `predicted` against the labels of `article`."""
    gold = article.statements
    pairs = match(gold, predicted)
    index_of = {statement.id: index for index, statement in enumerate(gold)}
    links = [
        (index, index_of[statement.target])
        for index, statement in enumerate(gold)
        if statement.relation in LINKS_SCORED and statement.target in index_of
    ]
    links_found = sum(
        1
        for answer, target in links
        if answer in pairs
        and target in pairs
        and predicted[pairs[answer]].responds_to == pairs[target]
    )
    return Score(
        gold=len(gold),
        predicted=len(predicted),
        matched=len(pairs),
        attributed=sum(1 for g, p in pairs.items() if same_speaker(predicted[p].speaker, gold[g])),
        kind_correct=sum(1 for g, p in pairs.items() if predicted[p].kind == gold[g].kind),
        links=len(links),
        links_found=links_found,
        words=len(article.text.split()),
        milliseconds=milliseconds,
    )


def score_corpus(
    articles: Iterable[Article], extractor: Callable[[str], list[Proposal]] = extract
) -> list[tuple[str, Score]]:
    """Each article's name and score, running `extractor` on its text and timing it."""
    rows = []
    for article in articles:
        began = time.perf_counter()
        predicted = extractor(article.text)
        milliseconds = (time.perf_counter() - began) * 1000
        rows.append((article.name, score_article(article, predicted, milliseconds)))
    return rows


def total(rows: Iterable[tuple[str, Score]]) -> Score:
    """The micro-averaged score: every count summed over the articles."""
    return sum((score for _, score in rows), Score())


COLUMNS = (
    f"{'article':<36} {'gold':>4} {'pred':>4} {'match':>5} {'att P':>6} {'att R':>6} "
    f"{'att F1':>6} {'span P':>6} {'span R':>6} {'kind':>5} {'links':>7} {'ms':>7} {'ms/kw':>7}"
)


def table_row(name: str, score: Score) -> str:
    return (
        f"{name[:36]:<36} {score.gold:>4} {score.predicted:>4} {score.matched:>5} "
        f"{score.precision:>6.2f} {score.recall:>6.2f} {score.f1:>6.2f} "
        f"{score.span_precision:>6.2f} {score.span_recall:>6.2f} {score.kind_accuracy:>5.2f} "
        f"{f'{score.links_found}/{score.links}':>7} {score.milliseconds:>7.1f} "
        f"{score.ms_per_1000_words:>7.1f}"
    )


def table(rows: Sequence[tuple[str, Score]]) -> str:
    """A per-article table with the micro-averaged total as its last line."""
    lines = [COLUMNS, *(table_row(name, score) for name, score in rows)]
    return "\n".join([*lines, "-" * len(COLUMNS), table_row("TOTAL (micro)", total(rows))])
