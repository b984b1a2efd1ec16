"""Editor-typed text fitted to a field: shortened visibly, never silently cut."""

ELLIPSIS = "…"


def shortened(text: str, length: int) -> str:
    """`text` on one line, cut at a word boundary with a visible ellipsis if it is too long."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - len(ELLIPSIS)]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + ELLIPSIS


def around(text: str, start: int, end: int, width: int, mark: str = "") -> tuple[str, str]:
    """The text before and after `text[start:end]`, about `width` characters each side; where
    the context is cut, it is cut at a word boundary (not mid-word) and shows `mark`."""
    left, right = max(0, start - width), end + width
    before, after = text[left:start], text[end:right]
    if left > 0 and " " in before:
        before = mark + before[before.index(" ") + 1 :]
    if right < len(text) and " " in after:
        after = after[: after.rindex(" ")] + mark
    return before, after
