"""The words that mark a report of speech, and what each leans the statement's kind towards."""

import re


def word_set(words: str) -> frozenset[str]:
    """A lexicon written as one space-separated string, as lexicons read best."""
    return frozenset(words.split())


# Reporting verbs by the kind they lean a statement towards; "assertion" leans nowhere and lets
# the content decide. Each entry is the base form; inflections are generated below.
LEANINGS = {
    "accusation": "accuse blame allege condemn charge",
    "denial": "deny reject dismiss refute rebuff rubbish repudiate",
    "disputes": "dispute contest question contradict",
    "admission": "admit acknowledge concede confess",
    "commitment": "vow pledge promise threaten swear",
    "assertion": (
        "say tell claim insist warn add note stress maintain declare emphasize emphasise state "
        "assert argue explain announce confirm reiterate report write post tweet affirm contend "
        "observe clarify underline underscore counter reply retort respond comment predict "
        "estimate boast lament complain recall suggest call describe ask believe conclude"
    ),
}
NOUN_TOO = word_set(
    "claim report note post state question comment charge call tweet estimate promise "
    "pledge vow counter reply stress blame add observe"
)
IRREGULAR = {
    "say": ["said", "says", "say"],
    "tell": ["told", "tells"],
    "write": ["wrote", "writes"],
    "swear": ["swore", "swears"],
}
# Verb forms that are also common nouns ("the claims", "local reports"): accepted only when a
# speaker-like subject opens the clause right before them.
NOUN_LIKE = word_set(
    "claims reports notes posts states promises charges comments questions tweets counters answers"
)
# "called for restraint", "called on both sides": calling that is not saying.
NOT_SPEECH_AFTER = {
    "call": re.compile(r"\s+(?:for|on|off|in|up|upon|back|out|an?|to)\b"),
    "describe": re.compile(r"\s+(?:how|what|the scene|seeing|hearing)\b"),
}
# Verbs that take a hearer before the content: "told reporters that", "warned Kabul that".
TAKES_HEARER = word_set("told tells warned warns assured informed reminded")


def _forms(base: str) -> list[str]:
    if base in IRREGULAR:
        return IRREGULAR[base]
    stem = base[:-1] if base.endswith("e") else base
    if base.endswith("y") and base[-2] not in "aeiou":
        return [base[:-1] + "ied", base[:-1] + "ies"]
    past = base + "d" if base.endswith("e") else stem + "ed"
    if base in {"admit", "regret", "commit"}:
        past = base + "ted"
    third = base + "es" if base.endswith(("s", "sh", "ch", "x")) else base + "s"
    # "Villagers accuse …", "officials deny …"; the bare form is left out where it is also a
    # common noun ("the claim", "a report").
    return [past, third] if base in NOUN_TOO else [past, third, base]


VERB_KIND = {
    form: kind
    for kind, bases in LEANINGS.items()
    for base in bases.split()
    for form in _forms(base)
}
VERB_BASE = {
    form: base for bases in LEANINGS.values() for base in bases.split() for form in _forms(base)
}
REPORTING_VERB = re.compile(
    # "Investigators found that …": a finding reported, only with its "that".
    r"\b(?:quoted as saying|went on to say|pointed out|finds?(?=\s+that\b)|found(?=\s+that\b)|"
    + "|".join(sorted(VERB_KIND, key=len, reverse=True))
    + r")\b"
)
# Participles that continue a reported statement in the same sentence: ", adding that …".
CONTINUATION = re.compile(
    r"\s*[,;]?\s*(?:and\s+)?(adding|saying|noting|warning|insisting|stressing|claiming|arguing)"
    r"\s+(?:that\s+)?"
)
# What before a reporting verb means nothing was said: "would not comment", "declined to say".
NOT_SAID = re.compile(
    r"(?:\b(?:not|never|n['’]t|declined to|refused to|to|been|was|were|is|are|being)"
    r"|\bwould(?! also))\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
ACCORDING_TO = re.compile(r"\baccording to\b", re.IGNORECASE)

# "could not confirm who was responsible" doubts; it does not deny.
UNSURE = re.compile(
    r"\b(?:could|can|would)(?:\s+not|n['’]t)\s+(?:confirm|verify|say|determine|independently)",
    re.IGNORECASE,
)
# Content cues, checked in this order: a reporting verb that leans nowhere lets them decide.
DISPUTE_CUES = re.compile(
    r"\b(?:exaggerat\w*|inflated|overstated|misleading|inaccurate|not accurate|far fewer|"
    r"much lower|distorted|out of context|overblown|not as many|disputed)\b",
    re.IGNORECASE,
)
DENIAL_WORDS = re.compile(
    r"\b(?:baseless|unfounded|fabricat\w+|false(?:hoods?)?|untrue|lies|lying|propaganda|"
    r"nonsense|misinformation|disinformation|fake|categorically|no truth|"
    r"nothing to do with|no involvement|not involved|no role|no such|groundless|"
    r"an? lie|total lie|complete lie|slander\w*|smear|nothing to hide|"
    r"(?:are|were|is) (?:\w+ )?(?:allegations|lies|rumou?rs|fabrications))\b",
    re.IGNORECASE,
)
NEGATED_EVENT = re.compile(
    r"\b(?:no|not|never|n['’]t|neither|nor|none)\b[^.;]{0,60}?"
    r"\b(?:air ?strikes?|strikes?|struck|attack\w*|shell\w*|raids?|bomb\w*|target\w*|"
    r"involve\w*|carr(?:y|ied) out|conduct\w*|fired|responsib\w+|kill\w*|civilians?|"
    r"incursions?|violat\w+|drones?|operations?|set foot|presence|present|compromised|"
    r"hacked|rigged|manipulated|tampered|dumped|leaked|contaminat\w*|wrongdoing)\b",
    re.IGNORECASE,
)
ADMISSION_CUES = re.compile(
    r"\b(?:mistakes?|errors?|forgiveness|regret\w*|apologi[sz]\w*|took responsibility|take responsibility|"
    r"accept(?:s|ed)? responsibility|claimed responsibility|claims responsibility|"
    r"accidental\w*|unintended|inadvertent\w*|our fault|we were wrong|were at fault)\b",
    re.IGNORECASE,
)
ACCUSATION_CUES = re.compile(
    r"\b(?:kill(?:ed|ing|ings)|target(?:ed|ing|s)|attack(?:ed|ing)|bomb(?:ed|ing)|shell(?:ed|ing)|"
    r"massacre\w*|violat\w+|aggression|responsible for|behind the|sponsor\w*|harbou?r\w*|"
    r"fail(?:ed|ing) to|war crimes?|atrocit\w+|terroris[mt]\w*|invad\w+|occup\w+|"
    r"martyred|murder\w*|abduct\w*|airstrikes?|provocation|genocide|cross-border|"
    r"deliberate\w*|indiscriminate\w*|crimes?|bombard\w*|opened fire|fired (?:on|at|upon)|"
    r"under fire from|shot (?:down|dead|at)|mislead\w*|provok\w*|smuggl\w*|abuses|tortur\w*|"
    r"kidnap\w*|loot\w*|starv\w*|siege|blockade|extermination|ethnic cleansing|lying|"
    r"fraud\w*|rigg\w+|corrupt\w*|embezzl\w+|brib\w+|cover-up|cover up|"
    r"(?<!been )(?<!was )(?<!were )destroy\w*|(?:fired|launched) (?:[\w-]+ ){0,4}?(?:rockets|missiles|shells|drones|mortars)|"
    r"bears? (?:full )?responsibility|bore (?:full )?responsibility|to blame|"
    r"(?:shot|shooting|beat|beating|tortur\w+|execut\w+|rap\w+) (?:him|her|them|men|women|"
    r"boys|girls|children|civilians|people|protesters|villagers|detainees|prisoners)|"
    r"came shooting|shooting at|dropped (?:\w+ )?bombs?|disregard|impunity|blam\w+ others)\b",
    re.IGNORECASE,
)
FUTURE = re.compile(
    r"\b(?:will|shall|['’]ll|would(?! have)|going to|vow\w*|pledge\w*|promise\w*|determined to|"
    r"intends? to|plans? to|ready to|prepared to|committed to)\b",
    re.IGNORECASE,
)
# Content about the speaker's own side: its promises are commitments, its acts no accusation.
FIRST_PERSON_START = re.compile(r"^\W*(?:we|our|i|us|it|its|they|their)\b", re.IGNORECASE)
# "it had targeted" is the speaker acting; "it was caused by" is something else.
WE_START = re.compile(r"^\W*(?:we|our|i|us|my)\b", re.IGNORECASE)
OWN_SIDE_START = re.compile(
    r"^\W*(?:we|our|i|us|its|their|(?:it|they)\s+(?!was\b|is\b|were\b|are\b))\b", re.IGNORECASE
)
