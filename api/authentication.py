"""API key authentication for the partner API: ``Authorization: Api-Key <key>``."""

from django.contrib.auth.models import AnonymousUser
from rest_framework import authentication, exceptions

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Authenticate a partner by API key.

    No ``Api-Key`` header: None, so the request goes on anonymously (or to the next
    authenticator). A malformed, unknown, revoked or expired key: 401. A good key:
    the request's user stays anonymous (a key grants a rate limit, not a person's
    permissions) and ``request.auth`` is the ``ApiKey``.

    (The library offers a permission, ``HasAPIKey``, not an authentication: a
    permission could only refuse a request, not give it the key's rate limit.)
    """

    keyword = KEYWORD

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid Api-Key header: expected 'Api-Key <key>'.")
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid API key.") from None

        from api.models import ApiKey  # the app registry is ready by the first request

        try:
            api_key = ApiKey.objects.get_from_key(key)
        except ApiKey.DoesNotExist:
            api_key = None
        if api_key is None or api_key.has_expired:
            raise exceptions.AuthenticationFailed("Invalid or revoked API key.")
        api_key.record_use()
        return (AnonymousUser(), api_key)

    def authenticate_header(self, request):
        return self.keyword
