"""`python manage.py import_ledger PATH`: restore an exported ledger into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.backup.format import BackupError
from claims.backup.importer import import_ledger


class Command(BaseCommand):
    help = (
        "Restore a file written by export_ledger into a freshly migrated, empty database, "
        "in one transaction: all of it, or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="A file written by export_ledger.")

    def handle(self, *args, path: Path, **options) -> None:
        try:
            header = import_ledger(path)
        except (BackupError, OSError) as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        if options["verbosity"] > 0:
            self.stdout.write(f"Imported {header.rows} rows from {path}.")
        if options["verbosity"] > 1:
            for label, count in header.counts.items():
                self.stdout.write(f"  {label}: {count}")
