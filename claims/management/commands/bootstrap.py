"""`make run`'s set-up step: migrate, load the seed dossier, and make sure someone can sign in."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

LOCAL_ADMIN = "admin"


class Command(BaseCommand):
    help = "Migrate the database, load the seed dossier and ensure a sign-in exists."

    def handle(self, *args, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            f"Database ready ({connection.vendor}: {connection.settings_dict['NAME']})."
        )
        call_command("load_seeds", stdout=self.stdout)
        self.stdout.write(self.sign_in_instructions())
        self.stdout.write(
            "The seed claims wait in review on the desk. They were recorded by the account "
            "'seed-editor' (which cannot sign in), so you can review and publish them."
        )

    def sign_in_instructions(self) -> str:
        users = get_user_model().objects
        wanted = os.environ.get("DJANGO_SUPERUSER_USERNAME")
        if wanted and not users.filter(username=wanted).exists():
            # Stock Django reads DJANGO_SUPERUSER_PASSWORD and _EMAIL from the environment.
            call_command("createsuperuser", interactive=False, verbosity=0)
            return f"Sign in as {wanted!r} with the password in DJANGO_SUPERUSER_PASSWORD."
        superusers = list(
            users.filter(is_superuser=True, is_active=True).values_list("username", flat=True)
        )
        if superusers:
            names = ", ".join(repr(name) for name in superusers)
            return (
                f"Sign in as {names}. Forgotten the password? "
                f"Run: .venv/bin/python manage.py changepassword {superusers[0]}"
            )
        # A generated password, shown once: nothing secret is written in the code or on disk.
        password = secrets.token_urlsafe(12)
        users.create_superuser(LOCAL_ADMIN, email="", password=password)
        return (
            "\n"
            "  A local account was created for you. Sign in at "
            f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/accounts/login/\n"
            f"    username: {LOCAL_ADMIN}\n"
            f"    password: {password}\n"
            "  This password is shown only now; change it any time with\n"
            f"    .venv/bin/python manage.py changepassword {LOCAL_ADMIN}\n"
        )
