"""Rate limits for the partner API, with rates from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

- ``AnonRateThrottle`` (scope "anon"): requests without an API key, by client IP.
- ``ApiKeyRateThrottle`` (scope "api_key"): requests with an API key, by key.

Each applies only to its own kind of request, so both can be listed together.
Logged-in users (editors using the browsable API) are not throttled.
"""

from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


def request_api_key(request):
    """The ``ApiKey`` the request authenticated with, or None."""
    from scoportal.models import ApiKey

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
