"""Helpers shared by the portal tests."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def data_for_the_module(django_db_blocker):
    """Write a module's (or a fixture parameter's) data once, inside a transaction rolled back at the end.

    Each test still runs in its own transaction (a savepoint inside this one), so
    nothing a test writes reaches the next test, and nothing reaches other modules.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
