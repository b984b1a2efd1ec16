"""Row ids as they arrive in URLs, query strings and forms."""

import re

# ASCII digits that fit a 64-bit key: `isdigit()` alone lets "²" through, and 5,000 digits
# reach the database, which overflows (a 500) instead of finding nothing.
_ID = re.compile(r"[0-9]{1,18}")


def parse_id(value: object) -> int | None:
    """`value` as a row id, or None when it cannot be one."""
    text = "" if value is None else str(value)
    return int(text) if _ID.fullmatch(text) else None
