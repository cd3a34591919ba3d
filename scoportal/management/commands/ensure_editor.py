"""Create a first superuser for local development, once.

Used by ``make run``: when no superuser exists it creates ``editor`` with a
random password and prints it one time. It refuses to run with DEBUG off, so a
production database never gets an account with a password in a terminal log.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the development superuser 'editor' if no superuser exists (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_editor only runs with DEBUG=1; use createsuperuser in production.")
        User = get_user_model()
        superuser = User.objects.filter(is_superuser=True).order_by("pk").first()
        if superuser is not None:
            name = superuser.get_username()
            self.stdout.write(f"Log in at /admin/ as '{name}'. Lost its password? Set a new one with:")
            self.stdout.write(f"  DEBUG=1 .venv/bin/python manage.py changepassword {name}")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("editor", email="", password=password)
        self.stdout.write(self.style.SUCCESS(f"Created superuser 'editor' with password: {password}"))
        self.stdout.write("It is shown only this once.")
