"""Who is speaking: the noun phrase of an attribution read into a name and a title, and
later references (pronouns, surnames, titles, "the ministry") resolved to an earlier mention.
"""

import re
from dataclasses import dataclass, field

from claims.intake import gazetteer
from claims.intake.cues import VERB_KIND, word_set

# Role words: they make a speaker's title, never their name.
TITLE_WORDS = word_set(
    "minister ministers spokesman spokesmen spokesperson spokespersons spokeswoman president "
    "vice prime premier deputy chief head general lieutenant lt gen major maj colonel col "
    "brigadier brig captain capt sergeant sgt commander admiral marshal dg director director- "
    "general secretary secretary-general undersecretary ambassador envoy governor mayor "
    "senator sen representative rep lawmaker chairman chairwoman chair speaker king queen "
    "prince emir sheikh ayatollah mr mrs ms dr prof professor judge justice attorney defence "
    "defense foreign interior information home finance state acting senior top former "
    "official officer adviser advisor aide leader negotiator coordinator inspector "
    "superintendent commissioner chancellor mufti cleric supreme army police military"
)
# Words that end or make up an organisation's name.
ORG_WORDS = word_set(
    "ministry army forces force police office council government department agency command "
    "committee commission authority authorities mission nations organisation organization "
    "party movement front group guard guards corps service services bureau embassy parliament "
    "court relations military taliban hamas hezbollah militia brigade brigades union alliance "
    "coalition administration cabinet secretariat directorate presidency kremlin pentagon "
    "navy airforce fund bank reuters afp network tribunal assembly house "
    "senate regime state-run ispr unicef unhcr icrc lab laboratory institute university observatory foundation watch"
)
# Words of an organisation's name that every country has: "Foreign Office", "Defence Ministry".
GENERIC_ORG = ORG_WORDS | TITLE_WORDS | word_set("affairs external office public")
# Common nouns that put an organisation's name after them: "the mining company Andes Copper".
COMPANY_NOUNS = word_set(
    "company firm corporation group organisation organization agency party movement channel "
    "newspaper broadcaster network airline bank charity watchdog operator producer insurer "
    "manufacturer carrier militia outfit lab laboratory institute university observatory "
    "foundation centre center monitor battalion unit brigade regiment division"
)
# People by what they do, for unnamed sources and roles: "a nurse", "the abbot".
OCCUPATIONS = word_set(
    "rapporteur abbot monk priest imam bishop pastor cleric executive founder chairman ceo "
    "coordinator researcher researchers scientist scientists engineer engineers specialist "
    "specialists economist economists professor student students nurse nurses paramedic "
    "paramedics rescuer rescuers volunteer volunteers survivor nun farmers fishermen traders "
    "shopkeepers drivers teachers parents neighbours neighbors units"
)
# "the group", "the company": a non-state party, never a ministry or an army.
NON_STATE_HEADS = COMPANY_NOUNS
STATE_WORDS = word_set(
    "ministry army government office forces force police military department agency council "
    "command embassy parliament court navy cabinet presidency administration nations "
    "authorities health"
)
# Heads of unnamed or generic speakers: "a senior security official", "witnesses".
SPEAKER_NOUNS = OCCUPATIONS | word_set(
    "official officials source sources witness witnesses resident residents doctor doctors "
    "medic medics analyst analysts expert experts diplomat diplomats leader leaders commander "
    "commanders officer officers activist activists lawmakers legislators villager villagers "
    "elder elders survivor survivors relatives family journalist journalists reporter "
    "reporters investigators prosecutors lawyer lawyers observers monitors negotiators aides "
    "advisers advisors representatives spokesman spokesperson spokeswoman minister ministers "
    "statement militants rebels fighters authorities people person man woman men women "
    "teacher farmer shopkeeper driver student mother father brother sister son daughter "
    "worker workers staff media outlets correspondent group government ministry army military "
    "police agency office embassy council administration force forces movement party "
    "organisation organization command wing service services coalition alliance union regime "
    "militia department committee commission court president premier chief general colonel "
    "director secretary governor mayor envoy ambassador senator judge head team outlet "
    "newspaper broadcaster channel insurgents groups companies organisations organizations "
    "parties agencies ministries governments militias movements campaigners protesters "
    "demonstrators unions company firm corporation charity watchdog operator mate deputies "
    "colleagues allies supporters critics opponents officials' victims families lab "
    "laboratory institute university observatory foundation centre center monitor"
)
# "The statement added …": the words of whoever issued it.
STATEMENT_NOUNS = word_set("statement communique communiqué post message release letter")
ISSUED_BY = re.compile(
    r"\s*(?:an?|the)\s+(?:[\w-]+\s+)?(?:statement|communiqu[eé]|post|message|letter|release)\s+"
    r"(?:from|by|issued by|released by|posted by)\s+(?=\S)",
    re.IGNORECASE,
)
PRONOUNS = {
    "he": "person",
    "she": "person",
    "they": "group",
    "it": "org",
    "we": "group",
    "i": "person",
}
DETERMINERS = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our"]
)
# Words allowed in a speaker phrase's lower-case part besides role and speaker nouns.
NP_FILLER = word_set(
    "of for at in on from and local security provincial district regional national federal "
    "state-run state unnamed anonymous one two three four five six several many some other "
    "both all most few eyewitness senior junior high-ranking top-ranking local-level "
    "intelligence foreign interior defence defense information health human rights medical "
    "rescue emergency border afghan western eastern northern southern central police "
    "palestinian israeli iranian pakistani indian russian ukrainian american us u.s. un "
    "hospital aid humanitarian tribal religious opposition ruling government military army "
    "news press wire spokesperson's ministry's army's group's agency's chief's official's own "
    "armed united ruling governing leading acting"
)
# Words that show a phrase is a clause, not a speaker.
NOT_IN_SPEAKER = word_set(
    "is was were are be been had has have do does did not no never it its he she they we "
    "nobody everyone everybody anyone anybody someone somebody none nothing "
    "there here this then than so such very would could should will can may might must"
)
PARTICLES = word_set("bin ibn al al- el de da del der van von ul ud ur abu abd")
POSSESSIVE = re.compile(r"^(.*?)['’]s?$")
WORD = re.compile(r"[^\s,;:()\[\]“”\"]+")


@dataclass(frozen=True)
class Mention:
    """A speaker as the article names them at one place."""

    name: str
    title: str
    category: str  # person, org, unnamed, pronoun, title, org_ref
    start: int
    side: frozenset[str] = field(default_factory=frozenset)


def stem(word: str) -> str:
    """A rough shared form for comparing names and sides: "Pakistani", "Pakistan’s" → "pakist";
    a country's capital, demonym or metonym as the country ("Islamabad" → "pakistan")."""
    if word[:1].isupper() and (place := gazetteer.country(word)):
        return place
    word = word.lower().strip("'’.")
    word = re.sub(r"['’]s$", "", word)
    return word[:6]


def sides(phrase: str) -> frozenset[str]:
    """The parties a phrase names ("Pakistan’s Defence Minister" → pakist, defenc, minist)."""
    return frozenset(
        stem(word)
        for word in re.findall(r"\b[A-Z][\w’'-]+", gazetteer.join_names(phrase))
        if word.lower() not in DETERMINERS and word.lower() not in PRONOUNS
    )


def describe(phrase: str, start: int) -> Mention | None:
    """The speaker a noun phrase names, or None when it does not look like one."""
    issued = ISSUED_BY.match(phrase)
    if issued:
        # "A statement from the junta's information team said": the team is the speaker.
        return describe(phrase[issued.end() :], start + issued.end())
    # "Families who escaped the city", "experts mandated by the council": a source described
    # by what they did or who sent them.
    relative = re.search(
        r"\s+(?:who|(?:mandated|appointed|commissioned|hired|sent|deployed|based|set up)\s+"
        r"(?:by|in|to)\b)\s*",
        phrase,
    )
    if relative:
        head = describe(phrase[: relative.start()], start)
        if head is None or head.category in {"person", "org", "pronoun"}:
            return head
        return Mention(phrase.strip(), "", "unnamed", start, head.side)
    words = WORD.findall(phrase)
    while words and words[0].lower() in {"but", "and", "yet", "so", "meanwhile", "however", "also"}:
        words = words[1:]
    if not words or len(words) > 14:
        return None
    lowered = [word.lower().strip(".") for word in words]
    if len(words) == 1 and lowered[0] in PRONOUNS:
        return Mention(lowered[0], "", "pronoun", start)
    if re.fullmatch(
        r"(?:one|two|some|many|most|several|each|all|none|both) of (?:them|those)",
        " ".join(lowered),
    ):
        # "One of them said …": one of the sources just named.
        return Mention("they", "", "pronoun", start)
    known = ORG_WORDS | SPEAKER_NOUNS | TITLE_WORDS | NON_STATE_HEADS
    if (
        2 <= len(words) <= 4
        and lowered[0] == "the"
        and lowered[-1] not in known
        and all(re.sub(r"['’]s$", "", word).isalpha() and word.islower() for word in words[1:])
    ):
        # "the abbot said", "the ship's owner said": a role the lexicon may not know, resolved
        # against earlier titles.
        return Mention(" ".join(words), " ".join(lowered[1:]), "title", start, sides(phrase))
    if not _looks_like_speaker(words, lowered):
        return None
    if lowered[0] in SPEAKER_NOUNS and lowered[0] not in TITLE_WORDS:
        # "Families …", "Witnesses …": capitalised only because they open the sentence.
        words = [lowered[0], *words[1:]]
    side = sides(phrase)
    indefinite = lowered[0] in {"a", "an", "one", "two", "three", "four", "several", "some", "many"}
    capitals = [word for word in words[1:] if word[0].isupper()] + (
        [words[0]] if words[0][0].isupper() and lowered[0] not in DETERMINERS else []
    )
    head = lowered[-1].rstrip("’'s") if lowered[-1].endswith(("’s", "'s")) else lowered[-1]
    if indefinite or (
        not capitals
        and head in SPEAKER_NOUNS
        and head not in ORG_WORDS
        and head not in TITLE_WORDS
        and lowered[0] not in {"the"}
    ):
        return Mention(phrase.strip(), "", "unnamed", start, side)
    if re.fullmatch(
        r"[a-z]+", lowered[1] if lowered[0] in DETERMINERS and len(lowered) > 1 else lowered[0]
    ) and _generic_of(lowered):
        return Mention(phrase.strip(), "", "unnamed", start, side)
    if not capitals and head in STATEMENT_NOUNS:
        return Mention(phrase.strip(), "", "statement", start, side)
    if not capitals:
        category = "org_ref" if head in ORG_WORDS or head in NON_STATE_HEADS else "title"
        if head in TITLE_WORDS or head in SPEAKER_NOUNS or category == "org_ref":
            return Mention(" ".join(words), _title(words), category, start, side)
        return None
    return _named(words, lowered, start, side)


def _looks_like_speaker(words: list[str], lowered: list[str]) -> bool:
    """A name, a role or a kind of source, with no verb in it."""
    nouns = TITLE_WORDS | SPEAKER_NOUNS | ORG_WORDS
    if lowered[0] in NOT_IN_SPEAKER and len(words) == 1:
        return False  # "Nobody disputes that …"
    for index, (word, low) in enumerate(zip(words, lowered, strict=True)):
        if word[0].isupper() or word[0].isdigit() or low in DETERMINERS or low in NP_FILLER:
            continue
        if low in VERB_KIND or low in NOT_IN_SPEAKER:
            return False
        following = lowered[index + 1] if index + 1 < len(lowered) else ""
        # "monitoring mission" and "armed wing" modify a noun; "killed", "including" do not.
        if low.endswith(("ed", "ing")) and low not in nouns and following not in nouns:
            return False
    last = lowered[-1]
    bare = last[:-2] if last.endswith(("’s", "'s")) else last
    named = words[-1][0].isupper() or (words[-1].isdigit() and words[-2:-1] != [])
    return named or bare in nouns or bool(ARABIC_PARTICLE.match(words[-1]))


def _generic_of(lowered: list[str]) -> bool:
    """ "Residents of Khan Younis", "officials in Kabul": a kind of source and where they are."""
    words = lowered[1:] if lowered[0] in DETERMINERS else lowered
    return (
        len(words) >= 3
        and words[0] in SPEAKER_NOUNS
        and words[0] not in TITLE_WORDS
        and words[0] not in ORG_WORDS
        and words[1] in {"of", "in", "at", "from", "near", "on"}
    )


def _title(words: list[str]) -> str:
    """The role words of a phrase, with the organisation they belong to ("Taliban spokesperson")."""
    kept = [w for w in words if w.lower() not in DETERMINERS]
    while kept and kept[0].endswith(("’s", "'s")):
        kept = kept[1:]
    return " ".join(kept)


def _named(words: list[str], lowered: list[str], start: int, side: frozenset[str]) -> Mention:
    """A phrase with capitalised words: an organisation, or a person's name after their title."""
    body = [w for w, low in zip(words, lowered, strict=True) if low not in DETERMINERS]
    # "Pakistan’s Defence Minister Khawaja Asif": the possessive names a side, not the speaker.
    while len(body) > 1 and body[0].endswith(("’s", "'s")):
        body = body[1:]
    if not any(word[0].isupper() for word in body):
        # "Pakistan's military", "Hamas's armed wing": the possessive is all the name there is.
        phrase = " ".join(words)
        if lowered[-1] in ORG_WORDS or lowered[-1] in {"wing", "spokesman", "spokesperson"}:
            return Mention(
                phrase, "", "org" if lowered[-1] in ORG_WORDS else "unnamed", start, side
            )
        return Mention(phrase, "", "unnamed", start, side)
    if "and" in body[1:-1] and body[0][0].isupper() and body[-1][0].isupper():
        # "Armenia and Azerbaijan accused each other": both parties speak.
        return Mention(" ".join(body), "", "org", start, side)
    run = _capitalised_tail(body)
    rest = body[: len(body) - len(run)]
    if run and rest and rest[-1].lower() in COMPANY_NOUNS:
        # "The mining company Andes Copper": a common noun, then the organisation's name.
        return Mention(" ".join(run), " ".join(rest), "org", start, side)
    if body[-1] in NON_STATE_HEADS:
        # "the Iran-backed group": a reference to a group named before, not its name.
        return Mention(" ".join(words), "", "org_ref", start, side)
    if any(w.lower().strip("()") in ORG_WORDS or _is_acronym(w) for w in body[-3:]):
        name = " ".join(w for w in body if not w.startswith("("))
        if len(body) > 1 and body[-1].startswith("(") and body[-1].endswith(")"):
            name = " ".join(body[:-1])
        name = re.sub(r"\s+(?:in|at)\s+[A-Z][\w-]*$", "", _org_name(name))
        if all(word.lower() in GENERIC_ORG for word in name.split()):
            # "Pakistan's Foreign Office": a generic name needs its country to name anyone.
            name = " ".join(
                w for w, low in zip(words, lowered, strict=True) if low not in DETERMINERS
            )
        return Mention(name, "", "org", start, side)
    name_words = _capitalised_tail(body)
    if not name_words or (rest and rest[-1].lower() in {"of", "in", "for", "at", "from"}):
        # "The mayor of Kharkiv": a role and its place, not a name.
        return Mention(" ".join(words), _title(body), "title", start, side)
    title = " ".join(w for w in rest if w.lower() not in HONORIFICS)
    return Mention(" ".join(name_words), title.strip(), "person", start, side)


def _capitalised_tail(body: list[str]) -> list[str]:
    """The name at the end of a phrase: capitalised words that are not roles, with particles."""
    name_words: list[str] = []
    for word in reversed(body):
        if (
            (word[0].isupper() and word.lower().strip(".") not in TITLE_WORDS)
            or (word.lower() in PARTICLES and name_words)
            or ARABIC_PARTICLE.match(word)
        ):
            name_words.insert(0, word)
        else:
            break
    return name_words


def _org_name(name: str) -> str:
    """An organisation's name without a leading role: "military's media wing ISPR" stays whole."""
    return re.sub(r"^(?:the|The)\s+", "", name).strip()


def _is_acronym(word: str) -> bool:
    bare = word.strip("()")
    return len(bare) >= 2 and bare.isupper() and bare.isalpha()


# "Inter-Services Public Relations (ISPR)": an organisation's full name and its acronym.
ACRONYM = re.compile(
    r"((?:[A-Z][\w’'&.-]*|of|for|and|the|on)(?:[ \t]+(?:[A-Z][\w’'&.-]*|of|for|and|the|on)){0,7})"
    r"[ \t]*\(([A-Z][A-Za-z]{1,9})\)"
)
# A capitalised run with an organisation word in it: "Afghan Defence Ministry", "Ministry of
# Defence".
ORG_RUN = re.compile(
    r"\b(?:[A-Z][\w’'-]*[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?){0,5}(?:"
    + "|".join(w.capitalize() for w in sorted(ORG_WORDS, key=len, reverse=True) if w.isalpha())
    + r")(?:[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?(?:[A-Z][\w’'-]*[ \t]*){1,4})?"
)
# A capitalised run that may be a title and a name: "UN Secretary-General António Guterres".
CAPITALISED_RUN = re.compile(
    r"(?:\b[A-Z][\w’'.-]*[ \t]+(?:(?:of|for|the)[ \t]+)?){1,8}[A-Z][\w’'-]*[A-Za-z]"
)
SENTENCE_GAP = re.compile(
    r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bLt)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bMrs)(?<!\bGen)"
    r"(?<!\bCol)(?<!\bMaj)(?<!\bSgt)(?<!\bGov)(?<!\bSen)(?<!\bRep)(?<!\bRev)(?<!\bCapt)"
    r"(?<!\bBrig)(?<!\bProf)(?<![A-Z])\.\s+"
)
# How narration introduces a person who may speak later by pronoun or title: "Daw Khin Myo
# Aye, 52, lost her husband", "The abbot, U Pyinnya Thiri, was away", "Jorge Mamani, a fisherman".
PERSON_NAME = r"(?P<name>[A-Z][\w’'-]*(?:[ \t]+(?:[A-Z][\w’'-]+|al-[A-Z][\w’'-]+|bin|ibn)){1,4})"
INTRODUCTIONS = (
    re.compile(PERSON_NAME + r",[ \t]+\d{1,3},"),
    re.compile(
        r"\b(?:The|the|Its|its|His|his|Her|her|Their|their)[ \t]+(?P<role>[a-z][a-z -]{2,40}?),"
        r"[ \t]+" + PERSON_NAME + ","
    ),
    re.compile(
        PERSON_NAME + r",[ \t]+(?:a|an|the)[ \t]+(?P<role>[a-z][a-z -]{2,40}?)"
        r"(?=,|[ \t]+(?:at|of|for|in|with|from)\b)"
    ),
)
# "al-Aiser", "el-Sisi", "bin Salman": a name that starts with a lower-case particle.
ARABIC_PARTICLE = re.compile(r"(?:al|el|ad|ash|as|at|ar|an|ul|ud)-[A-Z]")
# Words of a title that do not say which role it is: "the senior official" is "the official".
ROLE_MODIFIERS = word_set(
    "senior junior deputy acting former top chief vice local foreign defence defense interior "
    "information state federal national regional provincial district military army police "
    "security government of for the in"
)
HONORIFICS = word_set("mr mrs ms dr mr. mrs. ms. dr.")


class Registry:
    """What the article has named so far, to resolve the speakers of later attributions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.aliases: dict[str, str] = {}
        self.orgs: list[Mention] = []
        self.people: list[Mention] = []
        for match in ACRONYM.finditer(text):
            full = re.sub(r"^(?:[\w-]+['’]s\s+|the\s+|The\s+)", "", match.group(1).strip())
            full = re.sub(r"^(?:[A-Z][\w-]*['’]s\s+)", "", full)
            if len(full.split()) >= 2 or len(full) > len(match.group(2)):
                self.aliases[match.group(2)] = full
                self.orgs.append(Mention(full, "", "org", match.start(), frozenset()))
        for match in ORG_RUN.finditer(text):
            name = re.sub(r"^(?:[A-Z][\w-]*['’]s\s+)", "", match.group().strip())
            self.orgs.append(Mention(name, "", "org", match.start()))
        self.orgs.sort(key=lambda mention: mention.start)
        for pattern in INTRODUCTIONS:
            for match in pattern.finditer(text):
                name = describe(match.group("name"), match.start("name"))
                if name and name.category == "person":
                    title = (match.groupdict().get("role") or "").strip()
                    self.people.append(Mention(name.name, title, "person", name.start, name.side))
        for match in CAPITALISED_RUN.finditer(text):
            # A run may cross a sentence end ("since Friday. Dr. Marta Quispe"): use its last part.
            run = match.group()
            parts = SENTENCE_GAP.split(run)
            offset = match.start() + len(run) - len(parts[-1])
            mention = describe(parts[-1], offset)
            if (
                mention
                and mention.category == "person"
                and mention.title
                and (len(mention.name.split()) >= 2)
            ):
                self.people.append(mention)

    def note_person(self, mention: Mention) -> None:
        self.people.append(mention)

    def people_named_in(self, phrase: str, start: int) -> list[Mention]:
        """People named with a title inside a phrase ("led by DG Lt Gen Ahmed Sharif Chaudhry")."""
        found = []
        for match in re.finditer(r"\b(?:led|headed|run|commanded)\s+by\s+([^,;()]+)", phrase):
            mention = describe(match.group(1), start + match.start(1))
            if mention and mention.category == "person":
                found.append(mention)
        return found

    def resolve(self, mention: Mention, speakers: list[Mention]) -> tuple[Mention, str]:
        """The fullest earlier mention `mention` refers to, and how it was found."""
        before = [m for m in speakers + self.people if m.start <= mention.start]
        before.sort(key=lambda m: m.start)
        if mention.category == "pronoun":
            return self._pronoun(mention, before)
        if mention.category == "person":
            return self._person(mention, before)
        if mention.category == "org":
            return self._org(mention)
        if mention.category == "title":
            return self._titled(mention, before)
        if mention.category == "org_ref":
            return self._org_reference(mention, before)
        if mention.category == "statement" and speakers:
            last = max(speakers, key=lambda m: m.start)
            return _at(last, mention.start), f"'{mention.name}' → {last.name} (who issued it)"
        return mention, f"'{mention.name}', an unnamed source kept as written"

    def _pronoun(self, mention: Mention, before: list[Mention]) -> tuple[Mention, str]:
        wanted = {
            "person": [("person",)],
            "org": [("org",), ("unnamed",)],
            "group": [("org", "plural"), ("org", "unnamed", "person")],
        }
        for kinds in wanted[PRONOUNS[mention.name]]:
            for candidate in reversed(before):
                category = candidate.category
                if category == "unnamed" and candidate.name.endswith("s"):
                    category = "plural"
                if category in kinds and candidate.name:
                    why = f"pronoun '{mention.name}' → {candidate.name} (last named speaker)"
                    return _at(candidate, mention.start), why
        return mention, f"pronoun '{mention.name}' with no earlier speaker, kept as written"

    def _person(self, mention: Mention, before: list[Mention]) -> tuple[Mention, str]:
        words = mention.name.split()
        for candidate in before:
            if candidate.category != "person" or candidate.name == mention.name:
                continue
            theirs = candidate.name.split()
            if len(words) < len(theirs) and theirs[-len(words) :] == words:
                title = candidate.title if mention.title.lower() in HONORIFICS else mention.title
                title = title or candidate.title
                found = Mention(candidate.name, title, "person", mention.start, candidate.side)
                return found, f"surname '{mention.name}' → {candidate.name} (named earlier)"
        for candidate in before:
            if candidate.category == "person" and candidate.name == mention.name:
                named = f"{candidate.name}, named in the attribution"
                return _at(candidate, mention.start, mention.title), named
        return mention, f"{mention.name}, named in the attribution"

    def _org(self, mention: Mention) -> tuple[Mention, str]:
        full = self.aliases.get(mention.name.split()[-1]) if mention.name else None
        if full and full != mention.name:
            return (
                Mention(full, mention.title, "org", mention.start, mention.side),
                f"acronym '{mention.name.split()[-1]}' → {full}",
            )
        return mention, f"{mention.name}, named in the attribution"

    def _titled(self, mention: Mention, before: list[Mention]) -> tuple[Mention, str]:
        roles = {_role(word) for word in mention.name.lower().split()}
        roles.discard("")
        for candidate in reversed(before):
            described = candidate.title if candidate.category == "person" else candidate.name
            theirs = {_role(word) for word in described.lower().split()}
            if (
                candidate.category in {"person", "unnamed"}
                and roles
                and roles <= theirs | {"chief"}
            ):
                why = f"title '{mention.name}' → {candidate.name} (last {' '.join(sorted(roles))})"
                return _at(candidate, mention.start), why
        return Mention(mention.name, "", "unnamed", mention.start, mention.side), (
            "a title with no earlier name, kept as written"
        )

    def _org_reference(self, mention: Mention, before: list[Mention]) -> tuple[Mention, str]:
        head = mention.name.lower().split()[-1]
        for candidate in reversed(before):
            described = f"{candidate.name} {candidate.title}".lower()
            if candidate.category == "org" and head in described:
                return _at(
                    candidate, mention.start
                ), f"'{mention.name}' → {candidate.name} (speaker)"
        fullest = None
        for org in self.orgs:
            near = org.start < mention.start and head in org.name.lower().split()
            if near and (fullest is None or len(org.name) >= len(fullest.name)):
                fullest = org
        if fullest is None and head in NON_STATE_HEADS:
            # "The Iran-backed group denied …": the group named last, never a ministry.
            groups = [
                org
                for org in self.orgs + [m for m in before if m.category == "org"]
                if org.start < mention.start and not set(org.name.lower().split()) & STATE_WORDS
            ]
            fullest = max(groups, key=lambda org: org.start) if groups else None
        if fullest:
            name = self.aliases.get(fullest.name, fullest.name)
            return (
                Mention(name, "", "org", mention.start, mention.side | fullest.side),
                f"'{mention.name}' → {name} (named earlier in the article)",
            )
        return Mention(mention.name, "", "unnamed", mention.start, mention.side), (
            "an organisation not named earlier, kept as written"
        )


def _role(word: str) -> str:
    """A role word in one spelling: "spokesman" and "spokeswoman" are both "spokesperson"."""
    word = word.strip(".,")
    if word.startswith("spokes"):
        return "spokesperson"
    if word == "gen":
        return "general"
    if word in ROLE_MODIFIERS or word in DETERMINERS:
        return ""
    return word


def _at(mention: Mention, start: int, title: str = "") -> Mention:
    return Mention(mention.name, title or mention.title, mention.category, start, mention.side)
