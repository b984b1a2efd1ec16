"""Which accusation each denial answers: by the sides of the speakers, the content the two
share (places, numbers, strikes and casualties), and how close together they are.
"""

import re
from dataclasses import dataclass

from claims.intake.speakers import stem

STOPWORDS = frozenset(
    "that this these those there their they them with from have has had been were will would "
    "which what when where while about into over under also only than then said says after "
    "before other some such very more most because against claims claim allegations "
    "allegation reports report statement added told denied accused rejected dismissed".split()
)
# Words that tie an answer to the accusation it answers even though they differ in form.
SYNONYMS = {"airstrik": "strike", "strike": "strike", "struck": "strike", "bombin": "strike",
            "bombed": "strike", "raid": "strike", "raids": "strike", "civili": "civili",
            "killed": "kill", "killin": "kill", "dead": "kill", "deaths": "kill", "death": "kill"}


@dataclass(frozen=True)
class Said:
    """What the linker needs of a statement."""

    kind: str
    speaker: str
    side: frozenset[str]
    content: str
    disputes: bool


def keywords(content: str) -> set[str]:
    words = set()
    for word in re.findall(r"[A-Za-z][\w’'-]+|\d+", content):
        low = word.lower()
        if low.isdigit() or (len(low) >= 4 and low not in STOPWORDS):
            key = stem(low)
            words.add(SYNONYMS.get(key, key))
    return words


def accused(content: str) -> set[str]:
    """The parties an accusation names: its capitalised words, as side stems."""
    return {stem(word) for word in re.findall(r"\b[A-Z][\w’'-]+", content)}


def link(statements: list[Said]) -> list[tuple[int | None, str | None, str]]:
    """For each statement, (index it answers, relation, reason), or (None, None, "")."""
    answers = []
    for index, said in enumerate(statements):
        if said.kind != "denial":
            answers.append((None, None, ""))
            continue
        best = None
        for other, target in enumerate(statements):
            if other == index or target.kind != "accusation" or target.speaker == said.speaker:
                continue
            score, reason = _score(said, target, abs(index - other))
            if score > 0 and (best is None or score > best[0]):
                best = (score, other, reason)
        if best is None:
            answers.append((None, None, ""))
        else:
            relation = "disputes" if said.disputes else "denies"
            answers.append((best[1], relation, best[2]))
    return answers


def _score(denial: Said, accusation: Said, distance: int) -> tuple[float, str]:
    shared = keywords(denial.content) & keywords(accusation.content)
    their_side = accused(accusation.content) & (denial.side | accused(denial.content))
    mine = accusation.side & denial.side
    if not shared and not their_side:
        return 0, ""
    score = min(len(shared), 5) + 3 * bool(their_side) - 2 * bool(mine) + 1 / (1 + distance)
    reasons = []
    if their_side:
        reasons.append("the accused party is the denier's side")
    if shared:
        reasons.append("shares " + ", ".join(sorted(shared)[:5]))
    return score, "; ".join(reasons)
