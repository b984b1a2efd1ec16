"""Which accusation each denial answers: by the sides of the speakers, the content the two
share (places, numbers, strikes and casualties), and how close together they are.
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from claims.intake import gazetteer
from claims.intake.cues import word_set
from claims.intake.speakers import sides, stem

STOPWORDS = word_set(
    "the and but was has had are not its his her our who for all any one two new say did "
    "can may out off own per via yet nor now how why too got let they them him she you "
    "were being been also just than then there here some many more most much such only "
    "very would could should will shall must might said says told tell year years day "
    "days week weeks month months time times people part way made make told last first "
    "since still even ever never none nothing nobody every each other others both same "
    "whole well back again including against into onto upon over under between among "
    "during within without about above below after before while where when which what "
    "whose whom from with this these those that have having does doing done "
    "that this these those there their they them with from have has had been were will would "
    "which what when where while about into over under also only than then said says after "
    "before other some such very more most because against claims claim allegations "
    "allegation reports report statement added told denied accused rejected dismissed"
)
# How many statements away an answer may be from what it answers; an article's exchange of
# accusation and denial sits well within this, and it keeps long texts linear.
REACH = 40
NEGATION = re.compile(r"\b(?:no|not|never|none|nobody|nothing|n['’]t)\b", re.IGNORECASE)
# Words of a speaker's name too common to say which speaker a denial means, or which side
# a speaker is on.
GENERIC_SPEAKER = frozenset(
    stem(word)
    for word in [
        "ministry",
        "government",
        "office",
        "spokesman",
        "spokesperson",
        "official",
        "officials",
        "military",
        "army",
        "defence",
        "defense",
        "foreign",
        "information",
        "team",
        "statement",
        "forces",
        "armed",
        "group",
        "spokeswoman",
        "adviser",
        "advisor",
        "commander",
        "head",
        "chief",
        "minister",
        "deputy",
        "senior",
        # Honorifics and ranks: every side has them.
        "mr",
        "ms",
        "mrs",
        "dr",
        "gen",
        "general",
        "brig",
        "brigadier",
        "col",
        "colonel",
        "lt",
        "major",
        "captain",
    ]
)
# Words that tie an answer to what it answers though they differ in form: the attack and
# its harm, whatever verb each side uses for them.
EVENT_FAMILIES = {
    "attack": re.compile(
        r"(?:air)?strik|struck|bomb|shell|raid|hit|fire|firing|attack|blew|blow|target|launch|"
        r"detonat|explo|missile|rocket|drone|artiller|mortar"
    ),
    "harm": re.compile(r"kill|dead|death|casualt|wound|injur|victim|massacr"),
    "civilian": re.compile(r"civilian|children|child|women|patient|famil|refugee|displaced"),
}
EVENTS = frozenset(EVENT_FAMILIES)


@dataclass(frozen=True)
class Said:
    """What the linker needs of a statement."""

    kind: str
    speaker: str
    side: frozenset[str]
    content: str
    disputes: bool
    title: str = ""  # the role words given with the name ("junta spokesman")
    # Said in the same breath as the statement before: "…, insisting that …".
    continues: bool = False


@lru_cache(maxsize=4096)
def keywords(content: str) -> frozenset[str]:
    """A statement's content words, stemmed, with attack, harm and civilian words as one."""
    words = set()
    for word in re.findall(r"[A-Za-z][\w’'-]+|\d+", gazetteer.join_names(content)):
        low = word.lower()
        if low.isdigit() or (len(low) >= 3 and low not in STOPWORDS):
            family = next(
                (name for name, pattern in EVENT_FAMILIES.items() if pattern.match(low)), None
            )
            words.add(family or stem(word if word[:1].isupper() else low))
    return frozenset(words)


@lru_cache(maxsize=4096)
def accused(content: str) -> frozenset[str]:
    """The party an accusation names first ("Pakistan of airstrikes…"), as a side stem."""
    first = re.search(
        r"\b(?!(?:The|This|These|Those|It|Its|We|Our|An?|In|On|At|He|She|They)\b)[A-Z][\w’'-]+",
        gazetteer.join_names(content),
    )
    return frozenset({stem(first.group())} if first else ())


def subject_party(content: str) -> frozenset[str]:
    """The party a statement opens with ("Pakistan has not conducted any strikes")."""
    first = re.match(r"\W*([A-Z][\w’'-]+)", content)
    return accused(first.group(1)) if first else frozenset()


@lru_cache(maxsize=4096)
def named(content: str) -> frozenset[str]:
    """Every party a statement names, as side stems."""
    return frozenset(
        stem(word) for word in re.findall(r"\b[A-Z][\w’'-]+", gazetteer.join_names(content))
    )


THAT_CLAIM = re.compile(
    r"^\W*(?:(?:every part|all|any|each|none) of (?:that|this|it|them)|"
    r"(?:the|that|this|these|those)\s+(?:claims?|accusations?|allegations?|charges?|reports?|"
    r"assertions?|accounts?|announcements?|statements?|versions?|criticisms?|findings|"
    r"narratives?))\b",
    re.IGNORECASE,
)
# "These reports are baseless": an answer that points back at what was just said.
POINTS_BACK = re.compile(
    r"\b(?:these|those|the|such|this|that|their|his|her|its)\s+(?:[\w’'-]+\s+)?"
    r"(?:claims?|reports?|allegations?|accusations?|charges?|figures?|assertions?|stories|"
    r"accounts?|testimon(?:y|ies)|versions?|announcements?|statements?|criticisms?|findings|"
    r"narratives?)\b",
    re.IGNORECASE,
)


def link(statements: list[Said]) -> list[tuple[int | None, str | None, str]]:
    """For each statement, (index it answers, relation, reason), or (None, None, "")."""
    # The word sets are cached for the pairs of one article only, so that timings stay honest
    # and memory bounded.
    for cached in (keywords, accused, named):
        cached.cache_clear()
    # A speaker keeps its side wherever the article names it: "Hamas rejected the account"
    # makes "the group" of the next paragraph Hamas's side too.
    side_of: dict[str, frozenset[str]] = {}
    for said in statements:
        # An organisation's own name is its side too ("Rapid Support Forces" for "the RSF").
        side_of[said.speaker] = side_of.get(said.speaker, frozenset()) | (
            (said.side | sides(said.speaker)) - GENERIC_SPEAKER
        )
    statements = [replace(said, side=side_of[said.speaker]) for said in statements]
    statements = [
        replace(said, side=said.side | _side_of_role(statements, index))
        for index, said in enumerate(statements)
    ]
    answers: list[tuple[int | None, str | None, str]] = []
    for index, said in enumerate(statements):
        follows = _follows(statements, answers, index)
        # A new denial after a statement that was no denial finds its own target first.
        fresh_denial = said.kind == "denial" and index and statements[index - 1].kind != "denial"
        if follows is not None and not fresh_denial:
            answers.append(follows)
            continue
        if said.kind != "denial":
            answers.append(_counter(statements, index))
            continue
        best = None
        nearby = range(max(0, index - REACH), min(len(statements), index + REACH + 1))
        for other in nearby:
            target = statements[other]
            if other == index or target.kind == "denial" or target.speaker == said.speaker:
                continue
            score, reason = _score(said, target, other - index)
            if score > 0 and (best is None or score > best[0]):
                best = (score, other, reason)
        named_party = _named_account(statements, index)
        if named_party is not None:
            best = (0, named_party, "rejects the account of the party it names")
        if best is None:
            answers.append(follows or (None, None, ""))
        else:
            relation = "disputes" if said.disputes else "denies"
            target, reason = _first_of_run(
                statements, best[1], best[2], said, whole=bool(THAT_CLAIM.search(said.content))
            )
            answers.append((target, relation, reason))
    return answers


# "the Armenian account", "the junta's claims", "the army statement": whose account it is.
QUALIFIED = re.compile(
    r"\b(?:the|their|its)\s+(?P<party>[A-Z][\w’'-]*|[a-z]+['’]s)\s+(?:[a-z]+\s+)?"
    r"(?:accounts?|versions?|claims?|statements?|allegations?|accusations?|narratives?|"
    r"reports?|findings|figures)\b"
)


def _named_account(statements: list[Said], index: int) -> int | None:
    """The accusation a denial means when it names whose account it rejects: the first one
    that party made against the denier's side, else that party's nearest accusation."""
    denial = statements[index]
    qualified = QUALIFIED.search(denial.content)
    if not qualified:
        return None
    party = stem(qualified.group("party"))
    own = denial.side | subject_party(denial.content)
    theirs = [
        other
        for other in range(max(0, index - REACH), index)
        if statements[other].kind == "accusation"
        and statements[other].speaker != denial.speaker
        and not statements[other].side & own
        and party
        in statements[other].side
        | keywords(f"{statements[other].speaker} {statements[other].title}")
    ]
    against_me = [
        other
        for other in theirs
        if (accused(statements[other].content) | named(statements[other].content)) & own
    ]
    if against_me:
        return against_me[0]
    return theirs[-1] if theirs else None


# Role words that name an organisation without saying which: "ministry spokesman".
ORG_ROLE = frozenset(stem(word) for word in ["ministry", "army", "military", "police", "office"])


def _side_of_role(statements: list[Said], index: int) -> frozenset[str]:
    """The side of "ministry spokesman Ivan Petrov": that of the last ministry the article
    quoted, when his own words name none."""
    said = statements[index]
    roles = keywords(said.title) & ORG_ROLE
    if not roles or said.side - keywords(said.speaker) - keywords(said.title):
        return frozenset()
    for other in range(index - 1, max(-1, index - REACH), -1):
        earlier = statements[other]
        if roles & keywords(earlier.speaker) and earlier.speaker != said.speaker:
            return earlier.side
    return frozenset()


def _follows(
    statements: list[Said], answers: list[tuple[int | None, str | None, str]], index: int
) -> tuple[int | None, str | None, str] | None:
    """The same answer again when a speaker goes on denying: "The army rejected the claim.
    None of its guns were in range, it said." answers what the rejection answered.
    """
    if index == 0:
        return None
    said, before = statements[index], statements[index - 1]
    target, relation, _ = answers[index - 1]
    # "Kyiv denied firing on the dam. 'Our units never targeted it,' said a spokeswoman": a
    # second voice of a denial takes up its charge when it speaks of the same event.
    seconds = (
        target is not None
        and before.kind == said.kind == "denial"
        and bool(keywords(said.content) & keywords(statements[target].content) & EVENTS)
        and not said.side & statements[target].side
    )
    if (
        target is None
        or (before.speaker != said.speaker and not seconds)
        or said.kind not in {"denial", "assertion"}
        or not (said.kind == "denial" or said.continues or NEGATION.search(said.content))
        or THAT_CLAIM.search(said.content)
    ):
        return None
    return target, relation, "goes on answering what the speaker's previous statement answered"


def _charges(earlier: Said, target: Said, denial: Said) -> bool:
    """Whether `earlier`, by the speaker of `target`, lays the same charge: an accusation, or
    a statement naming the denier's side or the party accused ("two battalions of the Rwandan
    army crossed")."""
    return earlier.speaker == target.speaker and (
        earlier.kind == "accusation"
        or (
            earlier.kind == "assertion"
            and bool(named(earlier.content) & (denial.side | accused(target.content)))
        )
    )


def _first_of_run(
    statements: list[Said], target: int, reason: str, denial: Said, whole: bool
) -> tuple[int, str]:
    """A denial of one of several accusations a speaker made in a row answers the first of
    them, where the charge is laid; the rest add detail to it."""
    first = target
    while first > 0 and (
        _charges(statements[first - 1], statements[target], denial)
        # "… rejected that account": all of it, from where its speaker began.
        or (
            whole
            and statements[target].kind != "accusation"
            and statements[first - 1].speaker == statements[target].speaker
            and statements[first - 1].kind != "denial"
        )
    ):
        first -= 1
    if first == target or not (whole or statements[target].kind == "accusation"):
        return target, reason
    return first, reason + "; the first of that speaker's accusations in a row"


def _counter(statements: list[Said], index: int) -> tuple[int | None, str | None, str]:
    """An accusation, or an assertion with a negation, that contradicts an earlier statement
    of another speaker: "Ukrainian shelling caused the breach" against "Russia blew up the
    dam", "it had no fighters at the hospital" against "it struck a command centre there".
    """
    said = statements[index]
    negated = bool(NEGATION.search(said.content))
    if said.kind not in {"accusation", "assertion"}:
        return None, None, ""
    contrast = _other_account(statements, index) if said.kind == "assertion" else None
    if contrast is not None:
        return contrast
    if not (said.kind == "accusation" or negated):
        return None, None, ""
    best = None
    for other in range(max(0, index - REACH), index):
        target = statements[other]
        if target.kind not in {"accusation", "assertion"} or target.speaker == said.speaker:
            continue
        if target.side & said.side:
            continue
        shared = keywords(said.content) & keywords(target.content)
        # Naming the other speaker, capitalised or not ("the department's evidence log").
        blames_them = (
            bool(accused(said.content) & target.side)
            or bool((target.side & named(said.content)) - said.side)
            or bool(keywords(target.speaker) - GENERIC_SPEAKER - said.side & keywords(said.content))
        )
        names_me = bool(named(target.content) & said.side)
        close_denial = negated and index - other <= 4
        # "Kinshasa blames Kigali for …; Kigali blames Kinshasa for …": each accuses the other.
        mutual = (
            said.kind == "accusation"
            and target.kind == "accusation"
            and bool(accused(said.content) & target.side)
            and bool(accused(target.content) & said.side)
        )
        if mutual:
            shared = shared | {"each other"}
        elif not shared or not (
            shared & EVENTS or len(shared) >= 2 or blames_them or names_me or close_denial
        ):
            continue
        score = min(len(shared), 4) + 2 * blames_them + 2 * names_me + negated + 1 / (index - other)
        if best is None or score > best[0]:
            reason = "contradicts an earlier statement of another speaker; shares " + ", ".join(
                sorted(shared)[:5]
            )
            best = (score, other, reason)
    if best is None or best[0] < 2:
        return None, None, ""
    return best[1], "disputes", best[2]


# A party's account of its own action: "it struck a training camp", "its troops neutralised".
OWN_ACTION = re.compile(r"^\W*(?:it|its|we|our|they|their)\b(?!\s+(?:is|was|were|are)\b)", re.I)


def _other_account(statements: list[Said], index: int) -> tuple[int | None, str | None, str] | None:
    """A second speaker's version of what a party just said it did disputes it: "The army
    says it struck a rebel camp. Villagers say it bombed a school." Only directly after it,
    from another speaker and side, about the same kind of event or people."""
    if index == 0:
        return None
    said, target = statements[index], statements[index - 1]
    if (
        target.kind not in {"assertion", "accusation"}
        or target.speaker == said.speaker
        or target.side & said.side
        or not OWN_ACTION.match(target.content)
        or (OWN_ACTION.match(said.content) and not said.content.lower().startswith("it "))
    ):
        return None
    mine, theirs = keywords(said.content), keywords(target.content)
    if not (mine | theirs) & EVENTS:
        return None
    # The account began where its speaker began it.
    first = index - 1
    while (
        first > 0
        and statements[first - 1].speaker == target.speaker
        and statements[first - 1].kind != "denial"
    ):
        first -= 1
    return first, "disputes", "gives another account of what the previous speaker said it did"


def _score(denial: Said, target: Said, offset: int) -> tuple[float, str]:
    """How well a denial fits a target (`offset` statements away, negative when before it);
    accusations first, other statements only when the denial points at them.
    """
    distance = abs(offset)
    if offset > 0 and THAT_CLAIM.search(denial.content):
        return 0, ""  # "that account" points back, never forward
    shared = keywords(denial.content) & keywords(target.content)
    their_side = accused(target.content) & (denial.side | subject_party(denial.content))
    names_accuser = bool((target.side & named(denial.content)) - denial.side) or bool(
        keywords(f"{target.speaker} {target.title}") - GENERIC_SPEAKER - denial.side
        & keywords(denial.content)
    )
    points_back = bool(POINTS_BACK.search(denial.content)) and distance <= 4
    # "Baku rejected the accusation": the statement just before is the one meant.
    just_before = offset == -1 and bool(THAT_CLAIM.search(denial.content))
    mine = target.side & denial.side
    own = denial.side | subject_party(denial.content)
    names_me = bool(named(target.content) & own - target.side)
    evidence = (
        min(len(shared), 5)
        + 2 * names_me
        + 3 * bool(their_side)
        + 2 * names_accuser
        + points_back
        + 4 * just_before
    )
    if len(shared) < 2 and evidence == len(shared) and not shared & EVENTS:
        return 0, ""  # one shared word is chance, unless it is the event itself
    # Nearer is likelier, and an answer more often follows what it answers than precedes it.
    score = evidence - 2 * bool(mine) + 1 / (1 + distance) + 0.5 * (offset < 0)
    if target.kind != "accusation":
        # Other statements are answered too ("it struck a training camp" → "it bombed a
        # monastery"), but accusations first, and only on shared content or a pointer.
        if not (names_accuser or names_me or just_before or shared):
            return 0, ""
        score -= 1.5
    reasons = []
    if just_before:
        reasons.append("points at the statement just before")
    if their_side:
        reasons.append("the accused party is the denier's side")
    if names_accuser:
        reasons.append("names the accuser")
    if shared:
        reasons.append("shares " + ", ".join(sorted(shared)[:5]))
    if points_back and not just_before:
        reasons.append("points back at an earlier claim")
    return score, "; ".join(reasons)
