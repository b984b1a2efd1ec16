"""`python manage.py export_ledger PATH [--history]`: the whole ledger as one JSON Lines file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.backup.exporter import export_ledger
from claims.backup.format import BackupError


class Command(BaseCommand):
    help = (
        "Write the whole ledger (users and their password hashes included) to PATH as "
        "versioned JSON Lines. Keep the file as safe as the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The file to write (replaced if it exists).")
        parser.add_argument(
            "--history", action="store_true", help="Include the history of every ledger row."
        )

    def handle(self, *args, path: Path, history: bool, **options) -> None:
        try:
            header = export_ledger(path, history=history)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] > 0:
            self.stdout.write(f"Exported {header.rows} rows to {path} (sha256 {header.sha256}).")
        if options["verbosity"] > 1:
            for label, count in header.counts.items():
                self.stdout.write(f"  {label}: {count}")
