"""`python manage.py load_seeds`: load the seed dossier, adding only what is missing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.history.records import recorded_as
from claims.seeds import SeedError, load_seed_dossier


class Command(BaseCommand):
    help = "Load the seed dossier (seeds/dossier.yaml). Running it again changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", nargs="?", type=Path, help="A dossier YAML file other than the default."
        )

    def handle(self, *args, path: Path | None = None, **options) -> None:
        # Rows a command writes have no user: their versions name the command instead.
        try:
            with recorded_as("load_seeds"):
                report = load_seed_dossier(path)
        except SeedError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(report.summary())
