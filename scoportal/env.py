"""Reading settings from environment variables.

A bad value stops start-up with one line naming the variable (``SystemExit``
prints its message and no traceback): an operator should see what to fix, not
a stack of Django internals.
"""

import os

import dj_database_url

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def fail(variable, problem):
    raise SystemExit(f"scoportal: configuration error: {variable} {problem}")


def env_bool(name, default=False, environ=os.environ):
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    fail(name, f"must be one of 1/0, true/false, yes/no, on/off (got {raw!r})")


def env_int(name, default, environ=os.environ):
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        fail(name, f"must be a whole number (got {raw!r})")


def env_list(name, default=(), environ=os.environ):
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_config(url, variable="DATABASE_URL"):
    """Django DATABASES entry for a URL (sqlite:///path or postgres://…)."""
    if "://" not in url:
        fail(variable, f"is not a database URL such as postgres://user@host:5432/name (got {url!r})")
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as error:  # dj-database-url raises several types for bad URLs
        fail(variable, f"is malformed: {error}")
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        fail(variable, f"names an unsupported database (use sqlite:// or postgres://, got {url!r})")
    if engine == "django.db.backends.postgresql" and not config.get("NAME"):
        fail(variable, "has no database name (postgres://user@host:port/NAME)")
    if engine == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
    return config


def replica_config(url, primary, variable="DATABASE_REPLICA_URL"):
    """DATABASES entry for the read replica (scoportal/db_router.py), or None when ``url`` is empty.

    The replica must be the same kind of database as the primary. In tests it is
    a mirror of the test database (``TEST["MIRROR"]``): no second test database
    is created, and the ``replica`` connection reads the rows the tests wrote.
    """
    if not url.strip():
        return None
    config = database_config(url.strip(), variable)
    if config["ENGINE"] != primary["ENGINE"]:
        fail(variable, f"must name the same kind of database as DATABASE_URL (got {url!r})")
    config["TEST"] = {"MIRROR": "default"}
    return config


def cache_config(url, variable="CACHE_URL"):
    """Django CACHES entry: Redis when a redis:// URL is given, local memory otherwise."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "scoportal"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": url[9:] or "scoportal"}
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    fail(variable, f"must be a redis://, locmem:// or dummy:// URL (got {url!r})")
