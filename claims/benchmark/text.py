"""What the synthetic ledger is written in: a Zipf vocabulary of news words, names and places.

Word frequencies follow Zipf's law (the r-th word is r^-1.1 as frequent as the first) over a
long tail of made-up words, so that a search for a common word matches a few per cent of the
claims and a tail word almost none, as in a real archive. Three search targets are planted
rather than left to chance, so every size of ledger has them: `COMMON_WORD` ranks high in the
vocabulary, `RARE_WORD` is written into a fixed share of quotes, and `PHRASE` into a share of
denials.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

COMMON_WORD = "security"
RARE_WORD = "Zarghunshahr"
PHRASE = "baseless and false"

# Ranked most frequent first. Function words lead, as they do in any English text.
NEWS_WORDS = [
    "the",
    "of",
    "to",
    "and",
    "in",
    "a",
    "that",
    "on",
    "for",
    "said",
    "was",
    "with",
    "by",
    "is",
    "it",
    "as",
    "at",
    "from",
    "were",
    "had",
    "have",
    "has",
    "be",
    "an",
    "are",
    "not",
    "this",
    "after",
    "his",
    "they",
    "their",
    "which",
    "who",
    "been",
    "but",
    "also",
    "its",
    "he",
    "or",
    "more",
    "than",
    "would",
    "against",
    "into",
    "over",
    "government",
    "forces",
    "security",
    "military",
    "officials",
    "attack",
    "killed",
    "people",
    "police",
    "province",
    "district",
    "army",
    "spokesperson",
    "minister",
    "statement",
    "border",
    "civilians",
    "report",
    "strikes",
    "group",
    "claims",
    "ministry",
    "country",
    "foreign",
    "local",
    "officer",
    "sources",
    "area",
    "village",
    "week",
    "defence",
    "interior",
    "militants",
    "operation",
    "fighting",
    "region",
    "leaders",
    "president",
    "troops",
    "town",
    "city",
    "children",
    "women",
    "airstrike",
    "airstrikes",
    "rockets",
    "drone",
    "drones",
    "shelling",
    "convoy",
    "checkpoint",
    "wounded",
    "injured",
    "dead",
    "bodies",
    "hospital",
    "residents",
    "witnesses",
    "families",
    "commander",
    "commanders",
    "fighters",
    "insurgents",
    "soldiers",
    "attacks",
    "accused",
    "denied",
    "rejected",
    "condemned",
    "confirmed",
    "announced",
    "warned",
    "demanded",
    "investigation",
    "evidence",
    "allegations",
    "responsibility",
    "ceasefire",
    "talks",
    "agreement",
    "negotiations",
    "delegation",
    "peace",
    "violence",
    "tensions",
    "clash",
    "clashes",
    "raid",
    "raids",
    "explosion",
    "blast",
    "bomb",
    "mortar",
    "artillery",
    "missiles",
    "targets",
    "targeted",
    "positions",
    "base",
    "camp",
    "headquarters",
    "night",
    "morning",
    "evening",
    "yesterday",
    "today",
    "official",
    "press",
    "conference",
    "news",
    "agency",
    "media",
    "channel",
    "broadcast",
    "social",
    "video",
    "footage",
    "images",
    "photos",
    "satellite",
    "independent",
    "verified",
    "unverified",
    "figures",
    "toll",
    "casualties",
    "displaced",
    "refugees",
    "camps",
    "aid",
    "humanitarian",
    "supplies",
    "food",
    "water",
    "shelter",
    "winter",
    "summer",
    "mountains",
    "valley",
    "river",
    "highway",
    "road",
    "crossing",
    "frontier",
    "trade",
    "closure",
    "protest",
    "protesters",
    "crowd",
    "election",
    "parliament",
    "council",
    "tribal",
    "elders",
    "mosque",
    "school",
    "market",
    "bazaar",
    "homes",
    "houses",
    "vehicles",
    "trucks",
    "weapons",
    "ammunition",
    "arrested",
    "detained",
    "released",
    "prisoners",
    "hostages",
    "kidnapped",
    "sentenced",
    "court",
    "judge",
    "trial",
    "law",
    "rights",
    "human",
    "international",
    "community",
    "united",
    "nations",
    "mission",
    "envoy",
    "embassy",
    "diplomats",
    "relations",
    "sanctions",
    "economy",
    "prices",
    "fuel",
    "electricity",
    "water",
    "supply",
    "schools",
    "students",
    "teachers",
    "doctors",
    "nurses",
    "journalists",
    "reporter",
    "correspondent",
    "editor",
    "archive",
    "record",
    "document",
    "documents",
    "letter",
    "memo",
    "leaked",
    "intelligence",
    "agency",
    "surveillance",
    "operation",
    "operations",
    "response",
    "retaliation",
    "escalation",
    "provocation",
    "sovereignty",
    "territory",
    "airspace",
    "violation",
    "violations",
    "incursion",
    "incursions",
    "infiltration",
    "cross-border",
    "militancy",
    "terrorism",
    "terrorist",
    "terrorists",
    "extremists",
    "network",
    "networks",
    "cell",
    "cells",
    "hideout",
    "hideouts",
    "stronghold",
    "compound",
    "compounds",
]

ONSETS = [
    "b",
    "d",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "q",
    "r",
    "s",
    "t",
    "v",
    "z",
    "kh",
    "sh",
    "gh",
    "zh",
    "ch",
]
VOWELS = ["a", "e", "i", "o", "u"]
TAIL_LENGTH = 30_000  # made-up words after the real ones: the long tail of names and jargon
ZIPF_EXPONENT = 1.1
STREAM = 1 << 20

PLACES = [
    ("Khōst", "Afghanistan"),
    ("Kunar", "Afghanistan"),
    ("Paktīkā", "Afghanistan"),
    ("Kabul", "Afghanistan"),
    ("Jalālābād", "Afghanistan"),
    ("Kandahar", "Afghanistan"),
    ("Herāt", "Afghanistan"),
    ("Mazār-i-Sharīf", "Afghanistan"),
    ("Spīn Boldak", "Afghanistan"),
    ("Lashkar Gāh", "Afghanistan"),
    ("Ghaznī", "Afghanistan"),
    ("Nangarhār", "Afghanistan"),
    ("Peshāwar", "Pakistan"),
    ("Quetta", "Pakistan"),
    ("Bannu", "Pakistan"),
    ("Mīrān Shāh", "Pakistan"),
    ("Chaman", "Pakistan"),
    ("Torkham", "Pakistan"),
    ("Zhob", "Pakistan"),
    ("Gwādar", "Pakistan"),
    ("Dera Ismāʿīl Khān", "Pakistan"),
    ("Bājaur", "Pakistan"),
    ("Zāhedān", "Iran"),
    ("Mashhad", "Iran"),
    ("Sarāvān", "Iran"),
    ("Dushanbe", "Tajikistan"),
    ("Khorugh", "Tajikistan"),
    ("Termiz", "Uzbekistan"),
    ("Ménaka", "Mali"),
    ("Ségou", "Mali"),
    ("Tombouctou", "Mali"),
    ("Gao", "Mali"),
    ("Mekelle", "Ethiopia"),
    ("Gonder", "Ethiopia"),
    ("Goma", "DR Congo"),
    ("Bukavu", "DR Congo"),
    ("Kharkiv", "Ukraine"),
    ("Zaporizhzhia", "Ukraine"),
    ("Deir ez-Zōr", "Syria"),
    ("Al-Ḥasakah", "Syria"),
    ("Culiacán", "Mexico"),
    ("Ciudad Juárez", "Mexico"),
    ("Medellín", "Colombia"),
    ("Cúcuta", "Colombia"),
]

FIRST_NAMES = [
    "Zabīhullāh",
    "Aḥmad",
    "Khawāja",
    "Bilāl",
    "Ḥamīd",
    "Fārūq",
    "Imrān",
    "Sāʾira",
    "Nargis",
    "Malālai",
    "Ḥabībullāh",
    "Qārī",
    "Sharīf",
    "Ismāʿīl",
    "Yūsuf",
    "Tāriq",
    "Zahra",
    "Fāṭima",
    "Jamīl",
    "Karīm",
    "Laila",
    "Mansūr",
    "Nūr",
    "Omar",
    "Parwīn",
    "Rahmatullāh",
    "Saʿīd",
    "Shabnam",
    "Ṭāhir",
    "Wahīd",
    "Yaḥyā",
    "Zainab",
    "Asad",
    "Bashīr",
    "Daūd",
    "Ghulām",
    "Hikmat",
    "Iqbāl",
    "Jawād",
    "Khālid",
    "Latīf",
    "Mīrwais",
]
LAST_NAMES = [
    "Mujāhid",
    "Chaudhry",
    "Āṣif",
    "Khān",
    "Durrānī",
    "Yūsufzai",
    "Afrīdī",
    "Wazīr",
    "Masʿūd",
    "Haqqānī",
    "Karzai",
    "Ghanī",
    "Niāzī",
    "Bhuttō",
    "Sharīf",
    "Qurēshī",
    "Abbāsī",
    "Gīlānī",
    "Rahmānī",
    "Stanikzai",
    "Zadrān",
    "Mangal",
    "Achakzai",
    "Barakzai",
    "Popalzai",
    "Noorzai",
    "Alīzai",
    "Ishāqzai",
    "Shinwārī",
    "Mohmand",
    "Orakzai",
    "Bangash",
    "Khattak",
    "Marwat",
    "Bugtī",
    "Marrī",
    "Mengal",
]
PERSON_TITLES = [
    "Spokesperson",
    "Director General",
    "Commander",
    "Governor",
    "Minister",
    "Deputy Minister",
    "District Chief",
    "Police Chief",
    "Ambassador",
    "Senior Official",
]
UNITS = [
    "Ministry of Defence",
    "Ministry of Interior",
    "Ministry of Foreign Affairs",
    "Office of the Spokesperson",
    "Inter-Services Public Relations",
    "Military Media Wing",
    "Provincial Council",
    "Police Directorate",
    "Intelligence Directorate",
    "Border Command",
    "Air Command",
    "Northern Corps",
    "Southern Corps",
    "Political Commission",
    "Cultural Commission",
    "Frontier Corps",
]
SUB_UNITS = [
    "Brigade",
    "District Office",
    "Regional Command",
    "Press Office",
    "Liaison Cell",
    "Battalion",
    "Provincial Office",
    "Sector Headquarters",
]
MEDIA = [
    "Khōst Daily",
    "Frontier Post Online",
    "Radio Azadi Desk",
    "Pajhwok Wire",
    "Tolo Evening",
    "Dawn Correspondents",
    "Kabul Times",
    "Mashal Radio",
    "Border Monitor",
    "Ariana Evening News",
]
ACTS = [
    "airstrikes",
    "drone strikes",
    "shelling",
    "a cross-border raid",
    "rocket fire",
    "an ambush",
    "mortar attacks",
]


class Vocabulary:
    """Words drawn by Zipf's law: the real news words first, then a made-up tail.

    The words are drawn once, into a stream of a million; a run of words is a window onto
    the stream at a random place. That keeps the frequencies and costs one random number a
    sentence instead of one per word, which is most of the time a large ledger takes to write.
    """

    def __init__(self, seed: int) -> None:
        syllables = [onset + vowel for onset in ONSETS for vowel in VOWELS]
        count = len(syllables)
        # Three-syllable words, spread over every first syllable rather than the first few.
        picks = random.Random(TAIL_LENGTH).sample(range(count**3), TAIL_LENGTH)
        made_up = [
            syllables[pick // count**2] + syllables[pick // count % count] + syllables[pick % count]
            for pick in picks
        ]
        self.words = NEWS_WORDS + made_up
        cum_weights = itertools.accumulate(
            rank**-ZIPF_EXPONENT for rank in range(1, len(self.words) + 1)
        )
        self.stream = random.Random(seed).choices(
            self.words, cum_weights=list(cum_weights), k=STREAM
        )

    def sample(self, rng: random.Random, count: int) -> list[str]:
        start = rng.randrange(STREAM - count)
        return self.stream[start : start + count]

    def sentence(self, rng: random.Random, low: int = 8, high: int = 20) -> str:
        words = self.sample(rng, rng.randint(low, high))
        return f"{words[0].capitalize()} {' '.join(words[1:])}."


def person_names() -> Iterator[str]:
    """Endless distinct person names: every first-last pair in a fixed shuffle, then again
    with a numeral."""
    pairs = list(itertools.product(FIRST_NAMES, LAST_NAMES))
    random.Random(len(pairs)).shuffle(pairs)
    for generation in itertools.count(1):
        for first, last in pairs:
            yield f"{first} {last}" if generation == 1 else f"{first} {last} {generation}"


def acronym(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())


def pick(rng: random.Random, items: list, bias: int = 2):
    """An item of `items`, favouring the first ones (a side's leaders speak most often)."""
    return items[int(len(items) * rng.random() ** bias)]


class Statements:
    """The words of one claim: what the speaker is quoted as saying, and the editor's summary."""

    def __init__(self, vocabulary: Vocabulary, rng: random.Random) -> None:
        self.vocabulary = vocabulary
        self.rng = rng

    def words(self, low: int, high: int) -> str:
        return " ".join(self.vocabulary.sample(self.rng, self.rng.randint(low, high)))

    def accusation(self, accused: str, place: str, toll: tuple[int, str] | None) -> tuple[str, str]:
        act = self.rng.choice(ACTS)
        harm = f" that killed {toll[0]} {toll[1]}" if toll else ""
        quote = f"{accused} carried out {act} in {place}{harm}; {self.words(6, 16)}"
        return quote, f"Accuses {accused} of {act} in {place}"

    def denial(self, place: str, toll: tuple[int, str] | None, phrase: bool) -> tuple[str, str]:
        act = self.rng.choice(ACTS)
        quote = f"No {act} took place in {place}; {self.words(5, 14)}"
        if toll:
            quote += f"; those killed were {toll[0]} {toll[1]}"
        if phrase:
            quote += f", and the allegations are {PHRASE}"
        return quote, f"Denies {act} in {place}"

    def assertion(self) -> tuple[str, str]:
        return self.words(10, 24).capitalize(), f"Says {self.words(4, 8)}"

    def admission(self) -> tuple[str, str]:
        return f"We acknowledge that {self.words(8, 16)}", f"Admits {self.words(4, 7)}"

    def commitment(self) -> tuple[str, str]:
        return f"We will {self.words(8, 16)}", f"Pledges to {self.words(4, 7)}"
