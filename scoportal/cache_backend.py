"""Django's Redis cache, failing soft: while Redis cannot be reached the site works uncached.

The cache is an optimisation, never a dependency. Everything the site keeps in
it (anonymous pages, facet counts, the API's rate-limit counters) can be computed again or
done without, so when the Redis client raises a connection or timeout error:

- a read answers as a miss (``get`` its default, ``get_many`` nothing,
  ``has_key`` False, ``incr`` the ``ValueError`` of a missing key);
- a write is dropped (``set``, ``set_many``, ``delete``, ``touch``, ``add``:
  False or nothing, as for a key that was not stored);
- for ``RETRY_SECONDS`` after a failure this process does not ask Redis again,
  so an unreachable server costs one connection attempt per process every few
  seconds, not one per cache call (with the short socket timeouts of the
  ``OPTIONS`` in settings, a Redis that drops packets stalls no request long);
- the outage is logged as a warning once per ``LOG_SECONDS`` per process
  (logger ``scoportal.cache``), not once per request, and its end once.
  (The content version cached pages are keyed by lives in the database, so a
  change made during an outage is never hidden by what Redis held before it.)

While it lasts the rate limits are not counted (their counters live in the
cache), so the API is open rather than closed; see docs/deploy.md.
"""

import logging
from time import monotonic

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("scoportal.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 5
LOG_SECONDS = 60

# Per process, by server: {"down_until": when to ask Redis again, "logged_at": when last reported}.
# Shared by the backend's instances (Django makes one per thread).
OUTAGES = {}


class FailSoftRedisCache(RedisCache):
    """``RedisCache`` whose every operation answers as an empty cache while Redis cannot be reached."""

    def _outage(self):
        return OUTAGES.setdefault(tuple(self._servers), {"down_until": None, "logged_at": None})

    def _call(self, operation, fallback, *args, **kwargs):
        outage = self._outage()
        now = monotonic()
        if outage["down_until"] is not None and now < outage["down_until"]:
            return fallback()
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except UNREACHABLE as error:
            outage["down_until"] = now + RETRY_SECONDS
            if outage["logged_at"] is None or now - outage["logged_at"] >= LOG_SECONDS:
                outage["logged_at"] = now
                logger.warning(
                    "cache unreachable (%s: %s): serving uncached; asking again every %d s, reporting every %d s",
                    type(error).__name__, error, RETRY_SECONDS, LOG_SECONDS,
                )  # fmt: skip
            return fallback()
        if outage["down_until"] is not None:
            outage["down_until"] = outage["logged_at"] = None
            logger.warning("cache reachable again")  # (not its URL: it may hold the password)
        return result

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")

        return self._call("incr", missing, key, delta, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def clear(self):
        return self._call("clear", lambda: False)
