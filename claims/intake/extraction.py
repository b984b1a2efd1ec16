"""Attributed statements in an English news article, each proposed as a claim.

The interface the intake page and the `extract_claims` command build on. The finding is
rule-based so that every proposal can say why it was made:

- `sentences` lays the article out (prose sentences, quoted passages, no headlines/datelines);
- `cues` knows the reporting verbs and what each leans a statement towards;
- here, each sentence's attribution is found (who, the cue, the pattern) and its content span;
- `speakers` reads the speaker's phrase and resolves pronouns, surnames and titles;
- `kinds` decides each statement's kind, and `responses` which accusation a denial answers.
"""

import re
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

from claims.intake import cues, kinds, responses, speakers
from claims.intake.sentences import Layout, Quote, Sentence, read
from claims.intake.speakers import Mention, Registry, describe


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


@dataclass
class Attribution:
    """Who speaks in a sentence and through which cue; offsets are the article's."""

    subject: str
    subject_start: int
    region: tuple[int, int]  # the speaker's phrase with any appositive, for later pronouns
    cue: str
    cue_start: int
    cue_end: int
    pattern: str
    appositive: str = ""


class Span(NamedTuple):
    """Where a statement's content lies, the pattern that found it and its reporting verb."""

    start: int
    end: int
    pattern: str
    cue: str


@dataclass
class Found:
    start: int
    end: int
    speaker: Mention
    resolved_how: str
    cue: str
    pattern: str
    paragraph: int
    side: frozenset[str] = field(default_factory=frozenset)


# How far before its verb a speaker's phrase (with an appositive) may begin, in characters.
SUBJECT_REACH = 250
# Sentences longer than this are not prose (lists, tables, pasted data) and are skipped.
LONGEST_SENTENCE = 4000
# Words walked over between a speaker and the verb: "has also said", "later told".
AUXILIARY = re.compile(
    r"\s+(?:has|have|had|also|later|earlier|previously|repeatedly|again|further|then|now|once|"
    r"himself|herself|itself|themselves|reportedly|allegedly|only|separately|publicly|"
    r"subsequently|meanwhile|recently|already|quickly|strongly|firmly|flatly|categorically|"
    r"[a-z]+ly|too|in the past|for (?:his|her|its|their) part|"
    r"on \w+day|on \w+)$"
)
# Where a speaker's phrase begins, walking back from the verb.
CLAUSE_BREAK = re.compile(
    r"(?:[,;:—–_]|\s-\s|\b(?:that|who|which|while|whereas|when|as|after|before|because|but|"
    r"since|where|if|although|though|and(?=\s+(?:he|she|they|it|the|a|an|his|her|its|their)\b)"
    r"))\s*",
)
# After the verb, what is not yet the content: time, place, medium, and the hearer of "told".
ADVERBIAL = re.compile(
    r"(?:\s*,?\s*(?:(?:on|late on|early on|in|at|during|via|through|from|to|with|by|over|"
    r"earlier|later|late)\s+(?:an?\s+|the\s+)?(?:[\w’'.-]+\s+){0,5}?(?=that\b)"
    r"|on\s+\w+day|\w+day|on\s+(?:[A-Z]\w+|social media|state (?:television|TV|media))"
    r"|in an? (?:[a-z]+\s+)?(?:statement|interview|post|briefing|video|speech|message|tweet|address|"
    r"news conference|press conference)(?:\s+(?:on|to|with|posted|released|published)\s+"
    r"[\w’'-]+(?:\s+[A-Z][\w’'-]*)*)?"
    r"|(?:earlier|later|also|again|repeatedly|separately|publicly|on condition of anonymity|"
    r"without giving details|without elaborating|by (?:phone|telephone))))+"
)
HEARER = re.compile(
    r"\s+(?:(?:the|a|an|our|his|her|their|its|local|state|foreign|visiting)\s+)?(?:[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*)*"
    r"|(?:[a-z]+\s+){0,2}(?:reporters|journalists|lawmakers|parliament|media|conference|"
    r"briefing|agency|broadcaster|television|channel|newspaper|crowd|rally|supporters|"
    r"audience|correspondents?|gathering|press|him|her|them|us|me|residents|troops))"
)
# Where an indirect statement's speaker goes on to a second statement: ", adding that …",
# ", but warned that …", "and insisted …".
SAME_SPEAKER_TURN = re.compile(
    r"(?:,[\"”’]?\s*(?:and\s+)?(?P<participle>adding|saying|noting|warning|insisting|stressing)|(?:,\s*|\s)(?:but|and)\s+(?:also\s+|later\s+)?(?P<finite>"
    + "|".join(
        sorted(
            (f for f in cues.VERB_KIND if f.endswith("ed") or f in {"said", "told"}),
            key=len,
            reverse=True,
        )
    )
    + r"))\s+(?:that\s+)?"
)
REQUEST_TURN = re.compile(
    r"(?:,\s*|\s)(?:and|but)\s+(?:also\s+)?(?:urged|called (?:for|on)|demanded|appealed|asked|"
    r"reminded|requested)\b"
)
# Where a sentence turns to a second speaker: "…, while Ukrainian officials denied that …".
# A bare semicolon too: "Israel says it hit a command post; doctors say it was a ward".
SECOND_SPEAKER = re.compile(
    r"(?:[,;]\s*|\s)(?:while|whereas|where|but|and|although|though)\s+|;\s+"
)
# An appositive that is a clause, not a role: "ISPR, led by …, said".
APPOSITIVE_CLAUSE = re.compile(
    r"(?:led|headed|run|who|which|whose|speaking|writing|asked|known|in|on|at|during|after|"
    r"when|while|citing|according)\b"
)
# ", after dozens of villagers were taken to hospital": the reporter's context, not the speech.
NARRATED_TAIL = re.compile(
    # ", calling the claims baseless": the verdict on what was denied, no statement of its own.
    r",\s+(?:(?:\w+\s+)?after|amid|in the wake of|ahead of|something\b|calling\b|"
    r"an? (?:assertion|claim|charge|accusation|allegation|account|figure|version)\b|"
    r"following (?=the|a|an|last|this|weeks|days|months|talks|reports)\b)\s*(?![^,]*\b(?:said|says)\b)"
)
# What continues a subject cut off by a parenthetical attribution: "…, he said, were fake".
PREDICATE_START = re.compile(
    r"(?:was|were|is|are|had|has|have|would|will|could|should|must|did|does|do|can|may|"
    r"might|remained?|remains)\b"
)
HEARER_THEN_THAT = re.compile(
    r"(?:\s+(?!(?:was|is|were|are|had|has|have|be|been|and|or|but)\b)[^\W_][\w’'.-]*){1,6}?"
    r"\s+that\s+"
)
# "said that …" opens the content; "dismissed that claim" does not.
LEADING_THAT = re.compile(
    r"\s*,?\s*that\s+(?!(?:claim|accusation|allegation|charge|report|assertion|statement|"
    r"account|version|notion|suggestion|idea|figure|number|story|criticism)s?\b)"
)
PREPOSITION_START = re.compile(
    r"^\s*(?:on|in|at|during|via|through|from|to|with|by|late|earlier|later|after|before|"
    r"without|as|when|while|of|about|for)\b"
)


def extract(text: str) -> list[Proposal]:
    """The attributed statements of `text`, in reading order; `text[p.start:p.end] == p.quote`."""
    layout = read(text)
    registry = Registry(text)
    found: list[Found] = []
    consumed = -1
    for sentence in layout.sentences:
        if sentence.start < consumed or sentence.end - sentence.start > LONGEST_SENTENCE:
            continue
        for item in _statements_in(sentence, layout, registry, found):
            if found and item.start == found[-1].start:
                found[-1] = item  # the same quotation, continued after its attribution
            else:
                found.append(item)
            consumed = max(consumed, item.end)
    return _proposals(text, [item for item in found if item.start < item.end])


def _proposals(text: str, found: list[Found]) -> list[Proposal]:
    details = []
    for item in found:
        content = text[item.start : item.end]
        verb = item.cue.split()[0] if item.cue else ""
        side = item.side | item.speaker.side
        kind, kind_why = kinds.classify(verb, content, "quot" in item.pattern, side)
        details.append((kind, kind_why))
    linked = responses.link(
        [
            responses.Said(
                kind,
                item.speaker.name,
                item.side | item.speaker.side,
                text[item.start : item.end],
                kinds.disputes(text[item.start : item.end]),
                item.speaker.title,
                "continuing the attribution" in item.pattern,
            )
            for item, (kind, _) in zip(found, details, strict=True)
        ]
    )
    proposals = []
    for item, (kind, kind_why), (target, relation, link_why) in zip(
        found, details, linked, strict=True
    ):
        why = f"Cue: {item.pattern}; speaker: {item.resolved_how}; {kind}: {kind_why}"
        if target is not None:
            why += f"; {relation} statement {target}: {link_why}"
        proposals.append(
            Proposal(
                speaker=item.speaker.name,
                quote=text[item.start : item.end],
                start=item.start,
                end=item.end,
                kind=kind,
                responds_to=target,
                relation=relation,
                why=why + ".",
                speaker_title=item.speaker.title,
            )
        )
    return proposals


def _statements_in(
    sentence: Sentence, layout: Layout, registry: Registry, found: list[Found]
) -> list[Found]:
    text = layout.text
    masked = layout.masked(sentence.start, sentence.end)
    attribution = _attribution(masked, sentence.start)
    if attribution is None:
        return _continued_quote(sentence, layout, masked, found)
    mention = describe(attribution.subject, attribution.subject_start)
    if mention is None and attribution.appositive:
        # "Odinga's running mate, Martha Karua, said": the appositive is the name.
        mention = describe(attribution.appositive, attribution.subject_start)
        attribution.appositive = ""
    if mention is None:
        return []
    named = describe(attribution.appositive, attribution.subject_start)
    if named and named.category == "person" and mention.category in {"title", "unnamed"}:
        # "Pakistan's foreign ministry spokesperson, Mumtaz Zahra Baloch, told …"
        title = named.title or _appositive_title(attribution.subject)
        mention = Mention(named.name, title, "person", mention.start, mention.side)
        attribution.appositive = ""
    speakers_so_far = [item.speaker for item in found]
    resolved, how = registry.resolve(mention, speakers_so_far)
    if attribution.appositive and not resolved.title and _is_role(attribution.appositive):
        title = _appositive_title(attribution.appositive)
        resolved = Mention(resolved.name, title, resolved.category, resolved.start, resolved.side)
    region_text = text[attribution.region[0] : attribution.region[1]]
    for person in registry.people_named_in(region_text, attribution.region[0]):
        registry.note_person(person)
    if resolved.category == "person":
        registry.note_person(resolved)
    side = speakers.sides(region_text)
    spans = _content(sentence, layout, masked, attribution)
    second: list[Found] = []
    if spans and "quot" not in spans[0].pattern:
        start, end, pattern, cue = spans[0]
        for joint in SECOND_SPEAKER.finditer(text, start, end):
            rest = Sentence(joint.end(), sentence.end, sentence.paragraph)
            inner = _attribution(layout.masked(rest.start, rest.end), rest.start)
            if inner and inner.pattern == "subject before verb" and inner.region[0] == rest.start:
                spans = [Span(start, _trim_end(text, start, joint.start()), pattern, cue)]
                second = _statements_in(rest, layout, registry, found)
                break
    statements = []
    for start, end, pattern, cue in spans:
        if end - start < 2 or not re.search(r"\w", text[start:end]):
            continue
        if _too_short(text[start:end], cue, pattern):
            continue
        statements.append(
            Found(
                start,
                end,
                resolved,
                how,
                cue,
                pattern,
                sentence.paragraph,
                side,
            )
        )
    if not statements and not second and masked.rstrip().endswith(":"):
        # "The Foreign Office said in a statement:" announces the quotation that follows; an
        # empty record carries the speaker to it.
        statements.append(
            Found(
                sentence.end,
                sentence.end,
                resolved,
                how,
                attribution.cue,
                "",
                sentence.paragraph,
                side,
            )
        )
    return statements + second


FINITE = re.compile(r"\b(?:will|would|is|are|was|were|has|have|had|did|does|can|could|must)\b")


BARE_EVENT = re.compile(
    r"(?:the|this|that|these|those|its|their|Monday's|Sunday's|Saturday's|Friday's|"
    r"Thursday's|Wednesday's|Tuesday's)\s+[\w-]+(?:\s+[\w-]+)?(?:\s+(?:in the strongest|as)\b.*)?",
    re.IGNORECASE,
)


def _too_short(content: str, cue: str, pattern: str) -> bool:
    """ "Villagers told the BBC a different story": a neutral verb needs a clause to report."""
    if cues.VERB_BASE.get(cue) == "condemn" and BARE_EVENT.fullmatch(content):
        return True  # "condemned the attack in the strongest terms" accuses no one
    if "quot" in pattern or cues.VERB_KIND.get(cue, "assertion") != "assertion":
        return False
    words = re.findall(r"\w+", content)
    return len(words) < 3 or (len(words) == 3 and not FINITE.search(content))


def _is_role(appositive: str) -> bool:
    """ "the Taliban's chief spokesman" is a role; "led by …" and "in a post" are not."""
    words = {word.lower().strip(".,") for word in appositive.split()}
    first = appositive.split()[0].lower() if appositive.split() else ""
    if first.endswith(("ing", "ed")):
        return False  # "briefing reporters on condition of anonymity"
    return not APPOSITIVE_CLAUSE.match(appositive) and bool(
        words & (speakers.TITLE_WORDS | speakers.SPEAKER_NOUNS)
    )


def _appositive_title(appositive: str) -> str:
    words = [w for w in appositive.split() if w.lower() not in speakers.DETERMINERS]
    while words and words[0].endswith(("’s", "'s")) and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def _attribution(masked: str, offset: int) -> Attribution | None:
    """The first reporting cue of a sentence with a speaker-like phrase attached to it."""
    according = cues.ACCORDING_TO.search(masked)
    for match in cues.REPORTING_VERB.finditer(masked):
        if according and according.start() < match.start():
            break
        verb = match.group()
        if not verb[0].islower():
            continue
        before = masked[: match.start()]
        if verb != "quoted as saying" and cues.NOT_SAID.search(before):
            continue
        refusal = cues.NOT_SPEECH_AFTER.get(cues.VERB_BASE.get(verb, ""))
        if refusal and refusal.match(masked, match.end()):
            continue
        if verb == "quoted as saying":
            before = re.sub(r"\s+(?:was|were|is|has been|had been)\s*$", " ", before)
        found = _subject_before(masked, before, match, offset) or _subject_after(
            masked, match, offset
        )
        if found is not None:
            return found
    if according:
        return _according_to(masked, according, offset)
    return None


def _subject_before(masked: str, before: str, match: re.Match, offset: int) -> Attribution | None:
    # A speaker's phrase is short: look only at what is just before the verb.
    window = max(0, len(before) - SUBJECT_REACH)
    tail = before[window:].rstrip()
    while (shorter := AUXILIARY.sub("", tail)) != tail:
        tail = shorter
    breaks = list(CLAUSE_BREAK.finditer(tail))
    clause_start = breaks[-1].end() if breaks else 0
    if breaks and breaks[-1].group().strip() in {"which", "who"}:
        relative = breaks[-1].start()
        if not tail[:relative].rstrip().endswith(","):
            # "Families who escaped the city say": the relative clause is part of the speaker.
            clause_start = breaks[-2].end() if len(breaks) > 1 else 0
        elif not (
            # "the mission, which it says is biased": what it says of the mission is reported.
            PREDICATE_START.match(masked, match.end() + 1) and tail[breaks[-1].end() :].strip()
        ):
            # "…, which it denies": a relative clause about the narration, not a report.
            return None
    phrase = tail[clause_start:]
    appositive = ""
    region_start = clause_start
    if not phrase.strip() and tail.endswith(","):
        # "Zabihullah Mujahid, the Taliban's chief spokesman, said": the speaker is before the
        # appositive.
        inner = tail[:-1]
        comma = inner.rfind(",")
        if comma < 0:
            return None
        appositive = inner[comma + 1 :].strip()
        head = inner[:comma]
        head_breaks = list(CLAUSE_BREAK.finditer(head))
        clause_start = head_breaks[-1].end() if head_breaks else 0
        phrase = head[clause_start:]
        region_start = clause_start
        if not phrase.strip():
            return None
    if not phrase.strip():
        return None
    verb = match.group()
    clause_start += window
    region_start += window
    mention = describe(phrase, offset + clause_start)
    named = describe(appositive, 0) if appositive else None
    if mention is None and named and named.category in {"person", "org"}:
        # "Its chief executive, Eleni Vardaki, told …": the appositive is the name.
        mention = named
    if mention is None:
        return None
    if verb in cues.NOUN_LIKE and mention.category not in {"pronoun", "person", "org"}:
        return None
    leading = len(phrase) - len(phrase.lstrip())
    return Attribution(
        subject=phrase.strip(),
        subject_start=offset + clause_start + leading,
        region=(offset + region_start + leading, offset + match.start()),
        cue=verb,
        cue_start=offset + match.start(),
        cue_end=offset + match.end(),
        pattern="subject before verb",
        appositive=appositive,
    )


def _subject_after(masked: str, match: re.Match, offset: int) -> Attribution | None:
    """ "…,” said Zabihullah Mujahid." — the inverted order, only after a comma or a quote."""
    before = masked[: match.start()].rstrip()
    if not before.endswith((",", "_")):
        return None
    after = masked[match.end() :]
    subject = re.match(r"\s+([^,.;:!?_]+?)\s*(?=[,.;:!?]|$|\s(?:in|on|at|told|during)\b)", after)
    if not subject:
        return None
    if re.match(r"(?:that|whether|if|how|what|it|there)\b", subject.group(1)):
        return None  # "acknowledges that its fighters …" is content, not a speaker
    mention = describe(subject.group(1), offset + match.end() + subject.start(1))
    if mention is None or (mention.category == "pronoun" and subject.group(1) not in {"he", "she"}):
        return None
    start = offset + match.end() + subject.start(1)
    return Attribution(
        subject=subject.group(1),
        subject_start=start,
        region=(start, start + len(subject.group(1))),
        cue=match.group(),
        cue_start=offset + match.start(),
        cue_end=offset + match.end() + subject.end(),
        pattern="verb before subject",
    )


def _according_to(masked: str, according: re.Match, offset: int) -> Attribution | None:
    after = masked[according.end() :]
    phrase = re.match(r"\s+([^,.;:!?_]+)", after)
    if not phrase:
        return None
    mention = describe(phrase.group(1), offset + according.end() + phrase.start(1))
    if mention is None:
        return None
    start = offset + according.end() + phrase.start(1)
    return Attribution(
        subject=phrase.group(1).strip(),
        subject_start=start,
        region=(start, start + len(phrase.group(1))),
        cue="according to",
        cue_start=offset + according.start(),
        cue_end=start + len(phrase.group(1)),
        pattern="'according to'",
    )


def _content(
    sentence: Sentence, layout: Layout, masked: str, attribution: Attribution
) -> list[Span]:
    """The reported content of an attributed sentence: quoted, split, indirect or mixed."""
    text = layout.text
    base = sentence.start
    # What precedes the speaker's phrase (or the verb, when the speaker follows it).
    frame_start = min(attribution.region[0], attribution.cue_start)
    before = (base, _trim_end(text, base, frame_start))
    after_start = _after_verb(masked, attribution.cue_end - base, attribution.cue) + base
    after = (
        _trim_start(text, after_start, sentence.end),
        _trim_end(text, after_start, sentence.end),
    )
    cue = attribution.cue

    quote_before = _whole_quote(layout, *before)
    quote_after = _whole_quote(layout, *after)
    if quote_before and quote_after:
        end = _chain_end(layout, quote_after)
        return [Span(quote_before.start, end, f"quotation marks split around '{cue}'", cue)]
    if quote_before:
        end = _chain_end(layout, quote_before)
        quoted = Span(quote_before.start, end, f"quotation marks, then '{cue}'", cue)
        return [quoted, *_continuation(text, after)]
    if quote_after:
        end = _chain_end(layout, quote_after)
        return [Span(quote_after.start, end, f"'{cue}', then quotation marks", cue)]
    if cue == "according to" and not _wordy(text, *after):
        # "…, according to witnesses." The content comes first; otherwise it follows, as in
        # "According to residents, a jet dropped four bombs" or "On Monday, according to …, …".
        return _turns(text, Span(*before, "indirect speech, then 'according to'", cue))
    after_text = text[after[0] : after[1]]
    if (
        PREDICATE_START.match(after_text)
        and re.search(r"\w", text[before[0] : before[1]])
        and "," in text[attribution.cue_end : after[0]]
        and text[before[1] : frame_start].strip().startswith(",")
    ):
        # "Rwanda, she insisted, had no troops there": the attribution interrupts the
        # content, which is one statement around it.
        start = _trim_start(text, before[0], before[1])
        return [Span(start, after[1], f"indirect speech interrupted by '{cue}'", cue)]
    if after[1] - after[0] > 0 and not _adverbial_only(after_text, text[before[0] : before[1]]):
        if cues.CONTINUATION.match(after_text) and _wordy(text, *before):
            return [
                Span(*before, f"indirect speech, then '{cue}'", cue),
                *_continuation(text, after),
            ]
        start, end = _strip_that(text, *after)
        narration = NARRATED_TAIL.search(text, start, end)
        if narration:
            end = narration.start()
        return _turns(text, Span(start, end, f"'{cue}', then indirect speech", cue))
    if _wordy(text, *before):
        start = _trim_start(text, before[0], before[1])
        return _turns(text, Span(start, before[1], f"indirect speech, then '{cue}'", cue))
    return []


def _lead(masked: str) -> int:
    return len(masked) - len(masked.lstrip())


def _after_verb(masked: str, position: int, cue: str) -> int:
    """Past the hearer, the time and place and a "that": where the content begins."""
    if cue in cues.TAKES_HEARER:
        # "told his Afghan counterpart on Monday that …": a short hearer ends at "that".
        near_that = HEARER_THEN_THAT.match(masked, position)
        if near_that:
            return near_that.end()
        hearer = HEARER.match(masked, position)
        if hearer and not re.match(r"\s+(?:the|a|an)\s*$", hearer.group()):
            position = hearer.end()
    adverbial = ADVERBIAL.match(masked, position)
    if adverbial:
        position = adverbial.end()
    that = LEADING_THAT.match(masked, position)
    return that.end() if that else position


def _strip_that(text: str, start: int, end: int) -> tuple[int, int]:
    that = LEADING_THAT.match(text, start, end)
    return (that.end() if that else start), end


def _adverbial_only(after_text: str, before_text: str) -> bool:
    """ "…, the ministry said in Kabul." — a short prepositional tail after a wordy content."""
    if not before_text.strip():
        return False
    return (
        bool(PREPOSITION_START.match(after_text))
        and len(after_text.split()) <= 8
        and (len(before_text.split()) >= 4)
    )


def _wordy(text: str, start: int, end: int) -> bool:
    return len(re.findall(r"\w+", text[start:end])) >= 4


def _trim_start(text: str, start: int, end: int) -> int:
    while start < end and (text[start].isspace() or text[start] in ",:;—–-"):
        start += 1
    return start


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:!?—–-"):
        end -= 1
    while end > start and text[end - 1] in '”’"»' and _opened_in(text, start, end - 1) is False:
        end -= 1
        while end > start and text[end - 1] in ",.;:!?":
            end -= 1
    return end


def _opened_in(text: str, start: int, close: int) -> bool:
    """Whether a closing mark at `close` has its opening mark inside text[start:close]."""
    return any(char in '“"«‘' for char in text[start:close])


def _whole_quote(layout: Layout, start: int, end: int) -> Quote | None:
    """The quoted passage that makes up all of text[start:end], marks and punctuation aside."""
    text = layout.text
    start = _trim_start(text, start, end)
    for quote in layout.quotes:
        if quote.open != start:
            continue
        closing = quote.close + 1 if quote.close is not None else quote.end
        rest = text[closing:end] if end > closing else ""
        if end >= quote.end - 1 and not re.search(r"\w", rest):
            return quote
    return None


def _chain_end(layout: Layout, quote: Quote) -> int:
    """Where a quotation ends, following it over paragraphs that reopen it."""
    text = layout.text
    end = _inner_end(text, quote)
    while quote.continues:
        following = [q for q in layout.quotes if q.open > quote.open]
        if not following:
            break
        quote = following[0]
        end = _inner_end(text, quote)
    return end


def _inner_end(text: str, quote: Quote) -> int:
    end = quote.end
    while end > quote.start and (text[end - 1].isspace() or text[end - 1] in ",.;:"):
        end -= 1
    return end


def _turns(text: str, span: Span) -> list[Span]:
    """An indirect statement cut where its speaker goes on: "…, adding that …", "…, but warned
    that …" are statements of their own, by the same speaker with their own verb.
    """
    request = REQUEST_TURN.search(text, span.start, span.end)
    if request and request.start() - span.start >= 8:
        # "…, and called for an inquiry": a request, not a statement of fact.
        span = Span(
            span.start, _trim_end(text, span.start, request.start()), span.pattern, span.cue
        )
    turn = SAME_SPEAKER_TURN.search(text, span.start, span.end)
    if turn is None or turn.start() - span.start < 8 or span.end - turn.end() < 8:
        return [span]
    verb = turn.group("participle") or turn.group("finite")
    first = Span(span.start, _trim_end(text, span.start, turn.start()), span.pattern, span.cue)
    rest = Span(turn.end(), span.end, f"'{verb}' continuing the attribution", verb)
    return [first, *_turns(text, rest)]


def _continuation(text: str, after: tuple[int, int]) -> list[Span]:
    """ ", adding that …" after a quote or a content: a second statement by the same speaker."""
    match = cues.CONTINUATION.match(text[after[0] : after[1]])
    if not match:
        return []
    start = after[0] + match.end()
    if after[1] - start < 8:
        return []
    verb = match.group(1)
    return [Span(start, after[1], f"'{verb}' continuing the attribution", verb)]


def _continued_quote(
    sentence: Sentence, layout: Layout, masked: str, found: list[Found]
) -> list[Found]:
    """A sentence that is all quotation and no attribution continues the last speaker."""
    if not found or re.search(r"[A-Za-z]", masked) or sentence.paragraph - found[-1].paragraph > 2:
        return []
    quote = _whole_quote(layout, sentence.start, sentence.end)
    if quote is None or len(layout.text[quote.start : quote.end].split()) < 3:
        return []
    last = found[-1]
    start = quote.start
    if last.start == last.end:
        how = f"{last.resolved_how}, announced by '{last.cue}:' just before"
        pattern = f"a quotation announced by '{last.cue}:'"
    elif last.paragraph == sentence.paragraph and last.pattern.startswith("quotation marks"):
        # “A,” he said. “B.” — one quotation around its attribution, as when split by a comma.
        start, how = last.start, last.resolved_how
        pattern = f"{last.pattern}, then more quotation"
    else:
        how = f"continues the quotation of {last.speaker.name} (no attribution of its own)"
        pattern = "quotation marks with no attribution of their own"
    return [
        Found(
            start,
            _chain_end(layout, quote),
            last.speaker,
            how,
            last.cue,
            pattern,
            sentence.paragraph,
            last.side,
        )
    ]
