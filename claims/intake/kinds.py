"""A statement's kind from its reporting verb and its content, with the cue that decided it."""

import re

from claims.intake import cues
from claims.intake.speakers import stem

# A content that opens with a named party doing harm: "Ukrainian artillery had struck …";
# not "Our units have never targeted …", the speaker's own side.
OTHER_PARTY_ACTS = re.compile(
    r"\W*(?!(?:Our|We|My|I)\b)(?P<party>[A-Z][\w’'-]+)(?:\s+[\w’'-]+){0,3}?\s+(?:had\s+|has\s+|have\s+)?"
    r"(?P<act>struck|hit|fired|shelled|attacked|bombed|blew up|mined|opened fire|caused|"
    r"launched|targeted|killed|destroyed|invaded|violated)\b"
)


def classify(
    verb: str, content: str, quoted: bool = False, side: frozenset[str] = frozenset()
) -> tuple[str, str]:
    """(kind, reason): the verb's leaning when it has one, otherwise the content's cues.

    A dispute is a denial of details, so its kind is denial; the response linker tells the two
    apart by `disputes()`.
    """
    leaning = cues.VERB_KIND.get(verb.lower(), "assertion")
    if cues.VERB_BASE.get(verb.lower()) in {"claim", "admit", "acknowledge"} and re.match(
        r"\W*(?:full\s+|sole\s+)?responsibility\b", content
    ):
        return "admission", f"'{verb} responsibility' takes the act as its own"
    if leaning == "disputes":
        return "denial", f"the verb '{verb}' contests a report"
    if leaning != "assertion":
        return leaning, f"the verb '{verb}' leans to {leaning}"
    other = OTHER_PARTY_ACTS.match(content)
    if other and side and stem(other.group("party")) not in side:
        # "Ukrainian artillery had struck the dam", said by Russia: the other side did harm.
        return "accusation", f"'{other.group('party')}' said to have {other.group('act')}"
    return _from_content(content, quoted)


def _from_content(content: str, quoted: bool) -> tuple[str, str]:
    # In the speaker's own words only "we" is their side; "they" is someone else.
    own = cues.WE_START if quoted else cues.FIRST_PERSON_START
    first_person = bool(own.match(content))
    future = cues.FUTURE.search(content)
    for pattern, kind in (
        (cues.DISPUTE_CUES, "denial"),
        (cues.DENIAL_WORDS, "denial"),
    ):
        if match := pattern.search(content):
            return kind, f"'{match.group()}' in the content"
    if future and first_person:
        return "commitment", f"a first-person '{future.group()}'"
    for pattern, kind in (
        (cues.NEGATED_EVENT, "denial"),
        (cues.ADMISSION_CUES, "admission"),
    ):
        if (match := pattern.search(content)) and not (
            kind == "denial" and cues.UNSURE.search(content)
        ):
            return kind, f"'{match.group()}' in the content"
    accusing = cues.ACCUSATION_CUES.search(content)
    if accusing and not (cues.WE_START if quoted else cues.OWN_SIDE_START).match(content):
        return "accusation", f"'{accusing.group()}' said of another party"
    if future:
        return "commitment", f"'{future.group()}' in the content"
    return "assertion", "no accusing, denying, admitting or promising cue"


def disputes(content: str) -> bool:
    """Whether a denial contests details (figures, extent) rather than the whole report."""
    return bool(cues.DISPUTE_CUES.search(content)) and not cues.DENIAL_WORDS.search(content)
