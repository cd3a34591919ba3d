"""Reads of published content from a PostgreSQL read replica, when one is configured.

``DATABASE_REPLICA_URL`` adds the ``replica`` database alias and installs
``ReplicaRouter`` (scoportal/settings.py); without it there is no router and
every query goes to ``default``, the primary, as before.

What goes where:

- Every write goes to the primary.
- A read goes to the replica only when all of these hold: it is a read of a
  content model (the ``articles``, ``people`` and ``taggit`` apps; never users,
  sessions, API keys, revisions or the admin log); it happens inside a request
  that ``PrimaryPinningMiddleware`` marked as a public read; that request has
  not been pinned to the primary; no transaction is open on the primary.
- Everything else reads from the primary.

Pinning. A replica lags the primary by some milliseconds (more under load), so
anyone who writes must read from the primary, or they would not see their own
change, and a write path must never decide anything on stale rows. The
middleware pins the whole request to the primary for

- any method that is not safe (POST, PUT, PATCH, DELETE): every write path;
- any path under ``/admin/``: editors see exactly what they just saved;
- a signed-in staff user anywhere (a public page viewed by an editor after
  publishing shows the article at once);

and the router pins the rest of the request after any write of content
(``db_for_write`` being called for a content model, which Django also does for
the read half of ``get_or_create``, ``update_or_create`` and
``select_for_update``). Writes of other models (an API key's use counter on
every partner request, a session) do not pin: the replica serves only content,
so they cannot make a replica read stale, and pinning on them would send all
partner traffic to the primary.

Transactions. Django does not route reads inside ``transaction.atomic()`` to
the connection the transaction is on: with a router they would go wherever
``db_for_read`` says, outside the transaction, missing its uncommitted writes
and its locks. So while a transaction is open on the primary
(``connections["default"].in_atomic_block``) every read goes to the primary.

Outside a request (management commands such as ``import_articles``, the shell,
timers, threads a request starts) nothing is routed to the replica: every read
goes to the primary. That is the safe default, because such code usually reads
in order to write (the importer looks up the article with the same hash before
creating it) and there is no request to pin. ``use_primary()`` (a context
manager and decorator) pins a block of code inside a request, e.g. a GET view
that must see the latest committed state, or a whole request when a middleware
before ``PrimaryPinningMiddleware`` wraps the rest of the chain in it.

Pinning state lives in a ``ContextVar``, so it is per request under both WSGI
threads and ASGI tasks, and disappears when the request ends.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"
# Apps whose models may be read from the replica: the published content and its tags.
CONTENT_APPS = frozenset({"articles", "people", "taggit"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
ADMIN_PREFIX = "/admin/"


class _Routing:
    """Where one request's reads may go; mutated in place, so a pin made anywhere in the request holds."""

    __slots__ = ("public_read", "pinned", "primary_blocks")

    def __init__(self, public_read):
        self.public_read = public_read  # decided by the middleware when the request came in
        self.pinned = False  # set for the rest of the request by a write of content
        self.primary_blocks = 0  # use_primary() blocks open

    def may_use_replica(self):
        return self.public_read and not self.pinned and not self.primary_blocks


_routing = ContextVar("scoportal_db_routing", default=None)


def replica_configured():
    return REPLICA in connections.settings


def reads_may_use_replica():
    """True when a content read right now may go to the replica (see the module docstring)."""
    state = _routing.get()
    return (
        state is not None
        and state.may_use_replica()
        and replica_configured()
        and not connections[PRIMARY].in_atomic_block
    )


def pin_to_primary():
    """Send the rest of the current request's reads to the primary (no effect outside a request)."""
    state = _routing.get()
    if state is not None:
        state.pinned = True


@contextmanager
def use_primary():
    """Read from the primary inside this block (also usable as a decorator).

    Inside a request the block reads from the primary, and a write inside it
    pins the rest of the request as usual. Outside a request reads already go
    to the primary; the block also pins any request handled inside it (a
    middleware placed before ``PrimaryPinningMiddleware`` can wrap the rest of
    the chain in it).
    """
    state = _routing.get()
    if state is None:
        token = _routing.set(_Routing(public_read=False))
        try:
            yield
        finally:
            _routing.reset(token)
        return
    state.primary_blocks += 1
    try:
        yield
    finally:
        state.primary_blocks -= 1


def is_public_read(request):
    """A request whose content reads may go to the replica: safe method, not the admin, not staff."""
    if request.method not in SAFE_METHODS or request.path_info.startswith(ADMIN_PREFIX):
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True  # no session, so anonymous: no need to load a session (which would add Vary: Cookie)
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated and user.is_staff)


@contextmanager
def request_routing(request):
    """The routing state of one request, for as long as it is handled (pinned if the caller is)."""
    outer = _routing.get()
    public_read = (outer is None or outer.may_use_replica()) and is_public_read(request)
    token = _routing.set(_Routing(public_read=public_read))
    try:
        yield
    finally:
        _routing.reset(token)


class PrimaryPinningMiddleware:
    """Mark each request as a public read (content may come from the replica) or pinned to the primary.

    Listed right after ``AuthenticationMiddleware`` (it looks at ``request.user``
    when there is a session). Does nothing when no replica is configured.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        with request_routing(request):
            return self.get_response(request)


class ReplicaRouter:
    """Writes and migrations on the primary; content reads of public requests on the replica."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in CONTENT_APPS and reads_may_use_replica():
            return REPLICA
        # Explicitly the primary, not None: otherwise Django would follow an instance
        # loaded from the replica back to it after this request was pinned.
        return PRIMARY

    def db_for_write(self, model, **hints):
        if model._meta.app_label in CONTENT_APPS:
            pin_to_primary()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an article read from one may be linked to a quote read from the other.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY  # the replica follows the primary's schema through replication
