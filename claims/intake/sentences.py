"""An article's layout: its prose paragraphs, quoted passages and sentences, as offsets.

Everything is an index into the original text, so that a statement found anywhere can be
anchored back to it exactly. Headlines, datelines, bylines and hashtag lines are left out.
"""

import re
from dataclasses import dataclass

from claims.intake.cues import word_set

# Marks that open and close a quotation. Straight double quotes are both.
OPENERS = '“‘"«'
CLOSERS = '”’"»'
# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = word_set(
    "mr mrs ms dr prof gen lt col maj capt sgt cpl adm brig gov sen rep st jr sr rev hon no "
    "nos vol fig approx est dept univ corp inc ltd co vs etc jan feb mar apr jun jul aug sep "
    "sept oct nov dec mt ft pvt cmdr insp supt"
)
# "KABUL (Reuters) -", "ISLAMABAD, Oct 12 (AP) —", "WASHINGTON —", "Kabul, Afghanistan (AP) —".
DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Z.'’ -]{1,40}(?:,[ A-Za-z.]{2,30}?(?: \d{1,2})?)?\s*(?:\([^()\n]{1,40}\))?"
    r"|[A-Z][\w.'’ -]{1,40}(?:,[\w .'’-]{1,30})?\s*\([A-Za-z ]{2,20}\))"
    r"\s*[-–—]+\s+"
)
BYLINE = re.compile(
    r"\s*(?:By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s+and\s+[A-Z][\w.'’ -]*)?\s*$"
    r"|\(?(?:Reporting|Writing|Editing|Additional reporting)\s+by\b)"
)
SENTENCE_END = re.compile(r"[.!?]+[”’\"»)\]]*(?=\s+[“‘\"«(\[]?[A-Z0-9])")
TERMINAL = '.!?:;”’"»)…'


@dataclass(frozen=True)
class Quote:
    """A passage between quote marks within one paragraph; `close` is None when left open."""

    open: int
    start: int
    end: int
    close: int | None
    continues: bool  # left open at the paragraph's end, and the next paragraph reopens it


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass
class Layout:
    text: str
    sentences: list[Sentence]
    quotes: list[Quote]

    def quotes_within(self, start: int, end: int) -> list[Quote]:
        return [quote for quote in self.quotes if start <= quote.open and quote.end <= end]

    def masked(self, start: int, end: int) -> str:
        """The sentence with quoted passages blanked out, so cues are found in the frame only."""
        chars = list(self.text[start:end])
        for quote in self.quotes_within(start, end):
            stop = quote.close + 1 if quote.close is not None else quote.end
            for index in range(quote.open - start, stop - start):
                chars[index] = "_" if chars[index].strip() else chars[index]
        return "".join(chars)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Each line's span, without its surrounding whitespace; blank lines dropped."""
    spans = []
    for line in re.finditer(r"[^\n\r\u2028\u2029]+", text):
        stripped = line.group().strip()
        if stripped:
            start = line.start() + line.group().index(stripped[0])
            spans.append((start, start + len(stripped)))
    return spans


# A headline or summary bullet that reports what someone says, in the present tense of
# headline English: "Army says it hit a depot" (only "says": a headline's "Army denies
# shelling" is the desk's summary, and is reported again in the body).
REPORTED_HEADLINE = re.compile(
    r"^(?:[-•*–]\s+)?(?:The\s+|A\s+)?[A-Z][\w’'.-]*(?:\s+[\w’'.-]+){0,5}?\s+"
    r"says?\s+\w"
)


def is_prose(line: str) -> bool:
    """False for headlines, subheads, bylines and hashtag lines: they hold no attribution."""
    if line.startswith("#") or BYLINE.match(line):
        return False
    words = line.split()
    if sum(word.startswith("#") for word in words) > len(words) / 2:
        return False
    return line[-1] in TERMINAL or len(words) > 20 or bool(REPORTED_HEADLINE.match(line))


def find_quotes(text: str, spans: list[tuple[int, int]]) -> list[Quote]:
    """Quoted passages paragraph by paragraph, pairing marks and telling apostrophes apart."""
    quotes = []
    for number, (start, end) in enumerate(spans):
        opened: tuple[int, str] | None = None
        for index in range(start, end):
            char = text[index]
            if char not in OPENERS and char not in CLOSERS:
                continue
            if opened is None:
                if _opens(text, index, start, end):
                    opened = (index, char)
            elif _closes(text, index, opened[1], end):
                if index > opened[0] + 1:
                    quotes.append(Quote(opened[0], opened[0] + 1, index, index, False))
                opened = None
        if opened is not None and opened[0] + 1 < end:
            following = spans[number + 1][0] if number + 1 < len(spans) else None
            continues = following is not None and text[following] in '“"«‘'
            quotes.append(Quote(opened[0], opened[0] + 1, end, None, continues))
    return quotes


def _opens(text: str, index: int, start: int, end: int) -> bool:
    char = text[index]
    before = text[index - 1] if index > start else " "
    after = text[index + 1] if index + 1 < end else " "
    if char in "‘":
        # ‘90s and similar elisions are not openings.
        return (before.isspace() or before in "([—–-") and after.isalpha()
    if char in "“«":
        return True
    if char == '"':
        return not after.isspace()
    return False


def _closes(text: str, index: int, opener: str, end: int) -> bool:
    char = text[index]
    after = text[index + 1] if index + 1 < end else " "
    if opener == "‘":
        # The right single mark is also the apostrophe; it closes only before a non-letter.
        return char == "’" and not after.isalnum()
    return char in '”"»'


def split_sentences(text: str, start: int, end: int, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentences within a paragraph; never inside a quoted passage, never after an abbreviation."""
    inside = [(quote.start, quote.end) for quote in quotes if start <= quote.open < end]
    spans = []
    cursor = start
    for match in SENTENCE_END.finditer(text, start, end):
        stop = match.end()
        if any(left < stop <= right for left, right in inside):
            continue
        if _after_abbreviation(text, match.start(), cursor):
            continue
        spans.append((cursor, stop))
        cursor = stop
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end:
        spans.append((cursor, end))
    return spans


def _after_abbreviation(text: str, dot: int, floor: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[max(floor, dot - 20) : dot])
    if not word:
        return False
    token = word.group(1)
    if token == "X" and text[max(floor, dot - 4) : dot] == "on X":
        return False  # "wrote on X." ends a sentence: X is the social network.
    return (
        token.lower() in ABBREVIATIONS
        or (len(token) == 1 and token.isupper())
        or bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token))
    )


def read(text: str) -> Layout:
    """The prose sentences and quoted passages of `text`."""
    spans = paragraphs(text)
    quotes = find_quotes(text, spans)
    sentences = []
    for number, (start, end) in enumerate(spans):
        line = text[start:end]
        if not is_prose(line):
            continue
        bullet = re.match(r"[-•*–]\s+", line)
        if bullet:
            start += bullet.end()  # a list item's marker is not part of its sentence
        dateline = DATELINE.match(line)
        if dateline and number < 3:
            start += dateline.end()
        for left, right in split_sentences(text, start, end, quotes):
            sentences.append(Sentence(left, right, number))
    return Layout(text, sentences, quotes)
