"""Attributed statements in an English news article, each proposed as a claim.

The interface the intake page and the `extract_claims` command build on. The finding itself
is rule-based so that every proposal can say why it was made.
"""

import re
from dataclasses import asdict, dataclass

# A direct quote between straight or curly double quotes.
QUOTED = re.compile(r"[\"“]([^\"“”]{12,}?)[\"”]")


@dataclass(frozen=True)
class Proposal:
    """One attributed statement: who said what, where in the text, and what it answers."""

    speaker: str
    quote: str
    start: int
    end: int
    kind: str
    responds_to: int | None = None
    relation: str | None = None
    why: str = ""
    speaker_title: str = ""

    def as_json(self) -> dict:
        return asdict(self)


def extract(text: str) -> list[Proposal]:
    """The attributed statements of `text`, in reading order; `text[p.start:p.end] == p.quote`."""
    return [
        Proposal(
            speaker="",
            quote=match.group(1),
            start=match.start(1),
            end=match.end(1),
            kind="assertion",
            why="a passage between quotation marks",
        )
        for match in QUOTED.finditer(text)
    ]
