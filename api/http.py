"""HTTP behaviour of the partner API (everything under ``/api/``): body size, caching headers.

Two small middlewares, listed in ``settings.MIDDLEWARE`` (CORS is django-cors-headers',
configured by the ``CORS_*`` settings):

- ``ApiBodySizeMiddleware``: a request body over ``API_MAX_BODY_BYTES`` is a
  413 with a JSON error, before anything reads it.
- ``ApiConditionalGetMiddleware``: Django's ``ConditionalGetMiddleware`` for
  ``/api/`` only. Responses of the API's viewsets get ``Last-Modified`` (the
  last change the public could see, or the latest publication date that has
  come: ``articles.content_version``),
  ``Cache-Control`` (public for anonymous reads, private for keys and sessions)
  and ``Vary``; Django then adds an ``ETag`` (a hash of the body, so it changes
  with any change of content, format or query) and answers ``If-None-Match`` /
  ``If-Modified-Since`` with 304.
"""

from django.http import JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from articles import content_version

API_PREFIX = "/api/"
API_MAX_BODY_BYTES = 1024 * 1024
ANONYMOUS_CACHE = {"public": True, "max_age": 60, "s_maxage": 300}
VARY = ("Accept", "Authorization", "Origin")


def is_api(request):
    return request.path_info.startswith(API_PREFIX)


class ApiBodySizeMiddleware:
    """413 with a JSON error for an ``/api/`` request whose declared body is over ``API_MAX_BODY_BYTES``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api(request):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return JsonResponse({"detail": "Invalid Content-Length header."}, status=400)
            if length > API_MAX_BODY_BYTES:
                return JsonResponse(
                    {"detail": f"Request body too large: the limit is {API_MAX_BODY_BYTES} bytes."}, status=413
                )
        return self.get_response(request)


def is_viewset(view_func):
    from rest_framework.viewsets import ViewSetMixin

    cls = getattr(view_func, "cls", None)
    return isinstance(cls, type) and issubclass(cls, ViewSetMixin)


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """ETag, Last-Modified, Cache-Control and Vary on the API's reads; 304 when the client's copy is current.

    Only under ``/api/``. ``Last-Modified`` and ``Cache-Control`` are set on the
    successful GET/HEAD responses of the viewsets (not the schema or the docs,
    which change with a deployment, not with the content); the ETag is Django's
    hash of the body on every ``/api/`` read.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._api_cacheable = is_api(request) and is_viewset(view_func)

    def process_response(self, request, response):
        if not is_api(request) or request.method not in ("GET", "HEAD"):
            return response
        if getattr(request, "_api_cacheable", False) and response.status_code == 200:
            self.set_cache_headers(request, response)
        return super().process_response(request, response)

    def set_cache_headers(self, request, response):
        if not response.has_header("Last-Modified"):
            version = content_version.current()
            last_modified = version and version.last_modified
            if last_modified is not None:
                response["Last-Modified"] = http_date(last_modified.timestamp())
        if not response.has_header("Cache-Control"):
            if is_private(request):
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, **ANONYMOUS_CACHE)
        patch_vary_headers(response, VARY)


def is_private(request):
    """A request made with credentials (an API key, any Authorization header, or a signed-in session)."""
    if "Authorization" in request.headers:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
