"""What the landing page of the partner API (``/api/v1/`` in a browser) shows, read from the code and the settings.

The endpoints are the URL patterns of ``api/urls.py`` (the router's and the
staff writes), each with the partner text of ``api.descriptions``; the limits
are the throttle rates of ``REST_FRAMEWORK`` and the pagination's page sizes.
Neither is written twice, so neither can go stale.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.admindocs.views import simplify_regex
from django.urls import URLPattern, get_resolver, reverse
from rest_framework.renderers import TemplateHTMLRenderer
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from api.descriptions import doc_for, inline_html
from api.http import API_MAX_BODY_BYTES
from api.pagination import OrderedCursorPagination

NAMESPACE = "v1"
LISTED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")  # HEAD and OPTIONS go without saying
PERIODS = {1: "a second", 60: "a minute", 3600: "an hour", 86400: "a day"}
NOT_LISTED_FORMATS = ("api", "html")  # the browsable API and this page: what a browser gets anyway


@dataclass(frozen=True)
class Endpoint:
    path: str  # "/api/v1/articles/<slug>/"
    methods: tuple
    summary: str
    lead: str  # the first paragraph of its description
    formats: tuple  # besides JSON
    href: str | None  # a link to open it, when its path has no parameter and it answers GET

    @property
    def writes(self):
        return "GET" not in self.methods

    @property
    def lead_html(self):
        return inline_html(self.lead)


def view_methods(callback):
    """The HTTP methods a URL pattern's view answers (HEAD and OPTIONS aside), and its action for each."""
    actions = getattr(callback, "actions", None)  # a viewset's {"get": "list"}, plus "head" once it has answered
    if actions is None:  # a plain view: its handlers
        actions = {method.lower(): None for method in LISTED_METHODS if hasattr(callback.cls, method.lower())}
    return {method.upper(): action for method, action in actions.items() if method.upper() in LISTED_METHODS}


def endpoint(pattern, prefix):
    """The endpoint of one URL pattern, or None for the root itself and the ``.json``-style suffixed copies."""
    regex = pattern.pattern.regex
    if pattern.name == "api-root" or "format" in regex.groupindex:
        return None
    methods = view_methods(pattern.callback)
    view_class = pattern.callback.cls
    doc = doc_for(view_class, next(iter(methods.values()), None))
    path = prefix + simplify_regex(regex.pattern).lstrip("/")
    return Endpoint(
        path=path,
        methods=tuple(methods),
        summary=doc.summary if doc else view_class.__name__,
        lead=doc.lead if doc else "",
        formats=tuple(
            renderer.format
            for renderer in view_class.renderer_classes
            if renderer.format not in ("json", *NOT_LISTED_FORMATS)
        ),
        href=path if "<" not in path and "GET" in methods else None,
    )


def endpoints():
    """Every endpoint of the API, in the order of ``api/urls.py``."""
    _, api = get_resolver().namespace_dict[NAMESPACE]  # the patterns of api/urls.py, without importing it
    prefix = reverse(f"{NAMESPACE}:api-root")
    found = (endpoint(pattern, prefix) for pattern in api.url_patterns if isinstance(pattern, URLPattern))
    return [item for item in found if item is not None]


def rate(scope):
    """A throttle rate of ``REST_FRAMEWORK`` in words: "60/min" is "60 requests a minute"."""
    requests, seconds = SimpleRateThrottle.parse_rate(None, api_settings.DEFAULT_THROTTLE_RATES.get(scope))
    if requests is None:
        return "no limit"
    return f"{requests:,} request{'' if requests == 1 else 's'} {PERIODS[seconds]}"


@dataclass(frozen=True)
class Limits:
    anonymous: str
    with_key: str
    page_size: int
    max_page_size: int
    facet_time_limit_ms: int
    max_body_bytes: int


def limits():
    return Limits(
        anonymous=rate("anon"),
        with_key=rate("api_key"),
        page_size=OrderedCursorPagination.page_size,
        max_page_size=OrderedCursorPagination.max_page_size,
        facet_time_limit_ms=settings.FACET_TIME_LIMIT_MS,
        max_body_bytes=API_MAX_BODY_BYTES,
    )


def context(request):
    """The landing template's context: the endpoints, the limits, the docs and an example request."""
    found = endpoints()
    articles = reverse(f"{NAMESPACE}:article-list")
    return {
        "reads": [item for item in found if not item.writes],
        "writes": [item for item in found if item.writes],
        "limits": limits(),
        "docs_url": reverse("api-docs"),
        "schema_url": reverse("api-schema"),
        "root_url": reverse(f"{NAMESPACE}:api-root"),
        "example_url": request.build_absolute_uri(f"{articles}?q=energy&fields=title,url"),
    }


class LandingRenderer(TemplateHTMLRenderer):
    """The landing page of the API root, for browsers: what ``api.landing`` reads from the code and settings.

    The root's own data (its links) stays the JSON's; an error (a 429, say) is a short page saying so.
    """

    format = "html"
    template_name = "api/landing.html"
    exception_template_names = ["api/error.html"]

    def get_template_context(self, data, renderer_context):
        response = renderer_context["response"]
        if response.exception:
            return {"status_code": response.status_code, "status_text": response.status_text, "data": data}
        return {"links": data, **context(renderer_context["request"])}
