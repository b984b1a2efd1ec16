"""Fill in `start`/`end` of every label from its quote, so offsets are never counted by hand.

`python tests/intake_corpus/anchor.py [DIR ...]` rewrites each NAME.json beside NAME.txt. A
quote that occurs more than once needs `"occurrence": N` (0-based) in its label.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent


def offsets(text: str, quote: str, occurrence: int, explicit: bool) -> tuple[int, int]:
    """The span of the `occurrence`-th appearance of `quote` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(quote, start + 1)
        if start < 0:
            raise ValueError(f"not found (occurrence {occurrence}): {quote!r}")
    if occurrence == 0 and text.find(quote, start + 1) >= 0 and not explicit:
        raise ValueError(f"occurs more than once, give an occurrence: {quote!r}")
    return start, start + len(quote)


def anchor(label_path: Path) -> None:
    text = label_path.with_suffix(".txt").read_text(encoding="utf-8")
    label = json.loads(label_path.read_text(encoding="utf-8"))
    for statement in label["statements"]:
        start, end = offsets(
            text, statement["quote"], statement.get("occurrence", 0), "occurrence" in statement
        )
        statement["start"], statement["end"] = start, end
    label["statements"].sort(key=lambda statement: statement["start"])
    label_path.write_text(json.dumps(label, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for folder in [Path(arg) for arg in sys.argv[1:]] or [HERE, HERE / "heldout"]:
        for path in sorted(folder.glob("*.json")):
            anchor(path)
            print("anchored", path)
