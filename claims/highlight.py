"""A source text cut into runs at every quote boundary, so that the reader can highlight anchored
quotes, overlapping ones included, without building HTML from user text.

Each run carries the claims whose quotes cover all of it; the template escapes each run's text
on its own. Joined back together the runs are exactly `source.text`, which is what lets the
browser turn a selection in the rendered text back into character offsets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from claims.models import Claim


@dataclass(frozen=True)
class Segment:
    text: str
    start: int
    end: int
    claims: tuple[Claim, ...]  # the quotes covering this run, outermost first

    @property
    def claim(self) -> Claim | None:
        """The claim a highlighted run links to: the innermost quote, the most specific one."""
        return self.claims[-1] if self.claims else None

    @property
    def opening(self) -> list[Claim]:
        """The claims whose quotes begin with this run: where "show in the text" jumps to."""
        return [claim for claim in self.claims if claim.quote_start == self.start]


def quote_segments(text: str, claims: Iterable[Claim]) -> list[Segment]:
    """Cut `text` at every quote start and end; each run lists the claims quoting it."""
    anchored = [
        claim
        for claim in claims
        if claim.quote_start is not None and claim.quote_start < claim.quote_end <= len(text)
    ]
    starting: dict[int, list[Claim]] = defaultdict(list)
    ending: dict[int, list[Claim]] = defaultdict(list)
    for claim in anchored:
        starting[claim.quote_start].append(claim)
        ending[claim.quote_end].append(claim)
    bounds = sorted({0, len(text), *starting, *ending})
    active: dict[int, Claim] = {}
    segments = []
    for start, end in pairwise(bounds):
        for claim in ending[start]:
            del active[claim.pk]
        for claim in starting[start]:
            active[claim.pk] = claim
        covering = sorted(active.values(), key=lambda c: (c.quote_start, -c.quote_end, c.pk))
        segments.append(Segment(text=text[start:end], start=start, end=end, claims=tuple(covering)))
    return segments
