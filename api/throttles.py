"""Rate limits for the partner API, with rates from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

- ``AnonRateThrottle`` (scope "anon"): requests without an API key, by client IP.
- ``ApiKeyRateThrottle`` (scope "api_key"): requests with an API key, by key.

Each applies only to its own kind of request, so both can be listed together.
Logged-in users (editors using the browsable API) are not throttled.

An anonymous API response served from the page cache (``AnonymousPageCacheMiddleware``)
never reaches DRF's view, so the cache asks ``throttle_cached`` first: the same
throttles count it and refuse it with the same 429, ``Retry-After`` included.
The counters live in the cache; while it is unreachable nothing is counted and
nothing refused (scoportal/cache_backend.py).
"""

from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


def request_api_key(request):
    """The ``ApiKey`` the request authenticated with, or None."""
    from api.models import ApiKey

    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiKey) else None


class SettingsRateThrottle(SimpleRateThrottle):
    """Reads the rate from the current settings on every request.

    DRF's ``SimpleRateThrottle.THROTTLE_RATES`` is bound once at import, so a
    changed setting (tests, ``override_settings``) would otherwise be ignored.
    """

    def get_rate(self):
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No default throttle rate set for {self.scope!r} scope") from None


class AnonRateThrottle(SettingsRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request_api_key(request) is not None or request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ApiKeyRateThrottle(SettingsRateThrottle):
    scope = "api_key"

    def get_cache_key(self, request, view):
        api_key = request_api_key(request)
        if api_key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": api_key.pk}


def throttle_cached(request, throttle_classes):
    """None if the throttles allow ``request`` (and count it), else DRF's 429 for it, as JSON.

    ``request`` is one the page cache answers: anonymous by construction (no API
    key, credentials or session), so it is wrapped in a DRF request without
    authenticators (an anonymous user) and counted as the view would count it:
    ``throttle_classes`` are the view's own, recorded when the response was
    cached. As in ``APIView.check_throttles``, every throttle counts, and the
    wait is the longest of those that refuse.
    """
    if not throttle_classes:
        return None
    drf_request = Request(request)
    waits = []
    for throttle_class in throttle_classes:
        throttle = throttle_class()
        if not throttle.allow_request(drf_request, None):
            waits.append(throttle.wait())
    if not waits:
        return None
    refused = Throttled(max((wait for wait in waits if wait is not None), default=None))
    response = JsonResponse({"detail": str(refused.detail)}, status=refused.status_code)
    if refused.wait:  # as DRF's exception handler: no header for a wait of 0
        response["Retry-After"] = str(refused.wait)
    return response
