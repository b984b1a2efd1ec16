"""`python manage.py extract_claims PATH [--json] [--benchmark N]`: the attributed statements
an article's text would be proposed as, for checking the extractor from the shell.
"""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.intake.extraction import Proposal, extract


class Command(BaseCommand):
    help = "Print the attributed statements found in the UTF-8 text file PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="A UTF-8 text file holding one article.")
        parser.add_argument(
            "--json", action="store_true", help="Print the proposals as a JSON array."
        )
        parser.add_argument(
            "--benchmark",
            type=int,
            metavar="N",
            default=0,
            help="Run the extraction N times and print milliseconds per 1,000 words instead.",
        )

    def handle(self, *args, path: Path, json: bool, benchmark: int, **options) -> None:
        text = read_article(path)
        if benchmark > 0:
            self.stdout.write(timing(text, benchmark))
            return
        proposals = extract(text)
        self.stdout.write(as_json(proposals) if json else as_table(proposals))


def read_article(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path} is not UTF-8 text: {error.reason} at byte {error.start}."
        ) from None
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None


def as_json(proposals: list[Proposal]) -> str:
    fields = ("speaker", "quote", "start", "end", "kind", "responds_to", "relation", "why")
    rows = [{name: proposal.as_json()[name] for name in fields} for proposal in proposals]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def as_table(proposals: list[Proposal]) -> str:
    if not proposals:
        return "No attributed statements found."
    lines = []
    for index, proposal in enumerate(proposals):
        answer = (
            f"  {proposal.relation} #{proposal.responds_to}"
            if proposal.responds_to is not None
            else ""
        )
        title = f" ({proposal.speaker_title})" if proposal.speaker_title else ""
        quote = proposal.quote if len(proposal.quote) <= 100 else proposal.quote[:97] + "…"
        lines.append(
            f"#{index:<3} {proposal.kind:<10} {proposal.speaker}{title}"
            f"  [{proposal.start}:{proposal.end}]{answer}\n     {quote}\n     why: {proposal.why}"
        )
    return "\n".join(lines)


def timing(text: str, runs: int) -> str:
    words = max(len(text.split()), 1)
    began = time.perf_counter()
    for _ in range(runs):
        extract(text)
    elapsed = (time.perf_counter() - began) / runs
    return (
        f"{words} words, {runs} runs: {elapsed * 1000:.1f} ms per run, "
        f"{elapsed * 1000 * 1000 / words:.1f} ms per 1,000 words"
    )
