"""`python manage.py import_claimreview PATH`: ClaimReview JSON-LD in as draft claims."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.interchange.claimreview_import import ImportRefused, import_claim_reviews


class Command(BaseCommand):
    help = (
        "Import schema.org ClaimReview JSON-LD (one object, an array, or a @graph) as draft "
        "claims with their sources, speakers and the reviewer's verdict as evidence, in one "
        "transaction. A review already imported is left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="A JSON-LD file of ClaimReview.")

    def handle(self, *args, path: Path, **options) -> None:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Nothing was imported: cannot read {path}: {error}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"Nothing was imported: {path} is not JSON: {error}") from None
        try:
            imported = import_claim_reviews(document)
        except ImportRefused as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        if options["verbosity"] > 0:
            self.stdout.write(
                f"{imported.reviews} ClaimReview(s) read: {imported.claims} draft claim(s), "
                f"{imported.sources} new source(s), {imported.actors} new actor(s); "
                f"{imported.already} already on record."
            )
