"""`python manage.py score_extraction [DIR] [--json]`: the extractor measured on a labelled set.

DIR holds NAME.txt articles with their labels in NAME.json (only DIR itself is read, so the
held-out articles in tests/intake_corpus/heldout/ are scored only when named).
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.intake.scoring import Score, load_corpus, score_corpus, table, total

DEFAULT_CORPUS = Path(settings.BASE_DIR) / "tests" / "intake_corpus"


class Command(BaseCommand):
    help = (
        "Run the claim extractor on every labelled article of DIR and print attribution "
        "precision and recall, span-only scores, kind accuracy, linking recall and timings."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_CORPUS)
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="print the figures as JSON"
        )

    def handle(self, *args, folder: Path, as_json: bool, **options) -> None:
        articles = load_corpus(folder)
        if not articles:
            raise CommandError(f"no labelled articles (NAME.txt with NAME.json) in {folder}")
        rows = score_corpus(articles)
        if as_json:
            self.stdout.write(figures_json(rows))
        else:
            self.stdout.write(table(rows))


def figures_json(rows: list[tuple[str, Score]]) -> str:
    figures = {
        "articles": [{"article": name, **score.as_json()} for name, score in rows],
        "total": total(rows).as_json(),
    }
    return json.dumps(figures, indent=2)
