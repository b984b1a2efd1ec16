"""The file: a header line, then one line per row, each a JSON object written one way only.

    {"app_version":"0.1.0","counts":{"claims.claim":2,…},"format":"counterclaim-ledger",
     "history":false,"rows":12,"sha256":"…","version":1}
    {"fields":{"kind":"accusation","speaker":3,…},"model":"claims.claim","pk":1}

Keys are sorted, separators fixed, text is UTF-8 (not \\u-escaped) and a line ends at the
only raw newline it holds, so one ledger always gives the same bytes. `sha256` covers every
byte after the header line and `rows` counts those lines, which tells a truncated file from
a corrupted one. The header carries no timestamp: the same ledger exported twice, or
exported, imported and exported again, gives the same file, byte for byte.
"""

from __future__ import annotations

import base64
import json
import tomllib
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.utils.duration import duration_iso_string

FORMAT = "counterclaim-ledger"
VERSION = 1


class BackupError(Exception):
    """A file that cannot be restored, or a ledger that cannot be written; the message says why."""


def app_version() -> str:
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def plain(value: Any) -> Any:
    """A database value as JSON, in one fixed text form per type (read back by `to_python`)."""
    if isinstance(value, datetime):
        # Both engines keep microseconds; UTC with all six digits is one spelling per instant.
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def encode_line(row: dict[str, Any]) -> bytes:
    text = json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8") + b"\n"


@dataclass(frozen=True)
class Header:
    format: str
    version: int
    app_version: str
    history: bool
    counts: dict[str, int]
    rows: int
    sha256: str

    def encode(self) -> bytes:
        return encode_line(asdict(self))

    @classmethod
    def decode(cls, line: bytes) -> Header:
        """The header of a file, or BackupError if this is not a ledger file we can read."""
        try:
            fields = json.loads(line)
        except ValueError:
            fields = None
        if not isinstance(fields, dict) or fields.get("format") != FORMAT:
            raise BackupError(f"This is not a Counterclaim ledger file (no {FORMAT} header line).")
        if fields.get("version") != VERSION:
            raise BackupError(
                f"The file is in ledger format version {fields.get('version')!r}; this app "
                f"reads version {VERSION} only. Import it with the app version that wrote it "
                f"({fields.get('app_version')!r})."
            )
        try:
            header = cls(**fields)
        except TypeError:
            header = None
        if not (
            header
            and isinstance(header.counts, dict)
            and isinstance(header.rows, int)
            and isinstance(header.sha256, str)
        ):
            raise BackupError("The file's header line is damaged.")
        return header
