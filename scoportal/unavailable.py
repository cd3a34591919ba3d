"""The database unreachable: a 503 with ``Retry-After``, not a 500.

A request that cannot reach the database (PostgreSQL stopped, restarting,
failing over, out of connections; the connection dropped) says so with
``503 Service Unavailable`` and ``Retry-After``, which clients, crawlers and
load balancers read as "come back shortly", and not as a bug in the site:

- pages get the site's ``503.html`` (static markup: rendering it needs no
  database, no session and no request context);
- the API (``/api/``) gets JSON, ``{"detail": "…"}``, like its other errors.

``scoportal.views.server_error`` (the ``handler500``) answers with
``unavailable_response`` whenever the exception it is handling is one of
``DATABASE_UNAVAILABLE``. Being the error handler, it sees an exception raised
anywhere, in a view, a template or any middleware (the content version is read
from the database before any view runs, and the session after), which a
middleware's ``process_exception`` would not.

Django logs each such request with its traceback (logger ``django.request``);
``OncePerInterval`` on that logger keeps one of them per minute, so an outage
does not flood the log: nginx's access log still has every 503.
"""

import logging
from time import monotonic

from django import db
from django.http import HttpResponse, JsonResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30
DETAIL = "The service is temporarily unavailable: its database cannot be reached. Please try again shortly."

try:
    import psycopg
except ImportError:  # SQLite only
    PSYCOPG_ERRORS = ()
else:  # raised as they are, were anything to use psycopg outside Django's connection wrapper
    PSYCOPG_ERRORS = (psycopg.OperationalError, psycopg.InterfaceError)

# Django wraps the driver's errors in its own; OperationalError covers a refused or dropped connection
# (and, transient too, a cancelled statement, a deadlock, SQLite's "database is locked").
DATABASE_UNAVAILABLE = (db.OperationalError, db.InterfaceError, *PSYCOPG_ERRORS)


def is_database_unavailable(error):
    """Whether ``error``, or the error it was raised from, says the database cannot be used just now."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, DATABASE_UNAVAILABLE):
            return True
        error, seen = error.__cause__, seen + 1
    return False


def unavailable_response(request):
    """503 with ``Retry-After``: JSON under ``/api/``, the site's page elsewhere; never stored by a cache."""
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": DETAIL}, status=503)
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class OncePerInterval(logging.Filter):
    """Let through one record of a database-unavailable error per ``seconds``; every other record as it is."""

    def __init__(self, seconds=60):
        super().__init__()
        self.seconds = seconds
        self.last = None

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if not is_database_unavailable(error):
            return True
        now = monotonic()
        if self.last is not None and now - self.last < self.seconds:
            return False
        self.last = now
        return True
