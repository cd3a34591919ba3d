"""Settings for scoportal, read from environment variables.

One module for every environment: production differs from development only
through the environment (see README.md, "Configuration").
"""

import os
from pathlib import Path

from scoportal.env import cache_config, database_config, env_bool, env_int, env_list, fail, replica_config

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        fail("SECRET_KEY", "must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if DEBUG:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "scoportal",  # first, so its templates override the admin's (admin/index.html: the editorial dashboard)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "taggit",
    "reversion",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "rest_framework_api_key",  # its key generation and hashing; our ApiKey model is in api/
    "articles",
    "people",
    "api",  # the partner API's own concerns (keys, throttles, middleware, schema); its endpoints are the apps'
    "bench",  # development tools: manage.py generate_corpus (bench/corpus/); no models
]

# Server-Timing on every response: time in Django, SQL time and query count (scoportal/timing.py says why
# that is safe to expose). On by default; SERVER_TIMING=0 switches it off.
SERVER_TIMING = env_bool("SERVER_TIMING", default=True)

MIDDLEWARE = [
    "scoportal.timing.ServerTimingMiddleware",  # first, so the time covers every other middleware
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # /api/ only: read-only CORS, preflights (CORS_* below)
    "api.http.ApiBodySizeMiddleware",  # /api/ only: 413 JSON over 1 MB
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "articles.content_cache.AnonymousPageCacheMiddleware",  # before sessions: a hit does no other work
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "api.http.ApiConditionalGetMiddleware",  # /api/ only: ETag, Last-Modified, Cache-Control, 304
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "scoportal.db_router.PrimaryPinningMiddleware",  # with a replica: public reads of content may use it
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "scoportal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "scoportal.wsgi.application"

DATABASES = {
    "default": database_config(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Optional PostgreSQL read replica: public reads of published content go to it, everything else
# (writes, the admin, staff, transactions, management commands) to the primary (scoportal/db_router.py).
REPLICA_DATABASE = replica_config(os.environ.get("DATABASE_REPLICA_URL", ""), DATABASES["default"])
if REPLICA_DATABASE:
    DATABASES["replica"] = REPLICA_DATABASE
    DATABASE_ROUTERS = ["scoportal.db_router.ReplicaRouter"]
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable server fails the request with a 503 within seconds (scoportal/views.py, server_error),
        # rather than holding a worker until gunicorn's timeout kills it. A ?connect_timeout= in the URL wins.
        _database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The quotes' covering index (people.Quote, include=["person"]) saves PostgreSQL a table visit; SQLite
    # builds the same index without the extra column, which is all the embedded default needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_config(os.environ.get("CACHE_URL", ""))}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The cache is an optimisation, never a dependency: while Redis cannot be reached, reads are misses and
    # writes are dropped (scoportal/cache_backend.py), and these timeouts keep an unanswering Redis from
    # stalling a request for longer than a fraction of a second.
    CACHES["default"]["BACKEND"] = "scoportal.cache_backend.FailSoftRedisCache"
    CACHES["default"]["OPTIONS"] = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
# Anonymous pages and facet counts (articles/content_cache.py), keyed by the content version read from
# the database (articles/content_version.py), in Redis or each process's memory. Off by default in development.
CONTENT_CACHE_SECONDS = env_int("CONTENT_CACHE_SECONDS", 0 if DEBUG else 300)
FACET_TIME_LIMIT_MS = env_int("FACET_TIME_LIMIT_MS", 150)  # each facet query, PostgreSQL (articles/facets.py); 0: none
# Very broad lists on PostgreSQL (articles/estimates.py): above BROAD_RESULTS expected results, the count and the
# facets are estimated from a random sample of about SAMPLE_RESULTS results, and a search ranks by relevance only
# its RANKED_NEWEST newest matches (newest first is its default then).
BROAD_RESULTS = env_int("BROAD_RESULTS", 10_000)
SAMPLE_RESULTS = env_int("SAMPLE_RESULTS", 2_000)
RANKED_NEWEST = env_int("RANKED_NEWEST", 1_000)
# With a replica: how long after a change nothing is cached (pages might be built from stale rows).
REPLICA_LAG_SECONDS = env_int("REPLICA_LAG_SECONDS", 5)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

TAGGIT_CASE_INSENSITIVE = True

# The partner API (/api/v1/): read for everyone, rate limited; partners send
# "Authorization: Api-Key <key>" for a higher limit (api/authentication.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.AnonRateThrottle", "api.throttles.ApiKeyRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "60/min"),
        "api_key": os.environ.get("API_KEY_RATE", "600/min"),
    },
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON only, nested at most 32 deep: 3,000 nested "[" is a 400, not a RecursionError (over 1 MB: 413)
    "DEFAULT_PARSER_CLASSES": ["api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "api.renderers.PartnerBrowsableAPIRenderer",  # DRF's, with a lang, a viewport, readable contrast
    ],
    # What an endpoint says of itself in the browsable API and OPTIONS: written for partners (api/descriptions.py)
    "VIEW_DESCRIPTION_FUNCTION": "api.descriptions.view_description",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",  # drf-spectacular's, plus errors, fields= and facets=
    "ALLOWED_VERSIONS": ["v1"],
    # so `manage.py spectacular` (no request, no namespace) describes v1 rather than nothing
    "DEFAULT_VERSION": "v1",
    # Behind the reverse proxy set API_NUM_PROXIES=1, so anonymous limits count the client, not a header it sent.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security. The HTTPS settings are off by default because TLS is terminated by
# the reverse proxy in front; set HTTPS=1 there (docs/deploy.md).
HTTPS = env_bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers check over plain HTTP
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=HTTPS)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # While the database is unreachable every request is a 503 (scoportal/unavailable.py): its traceback is
    # logged once a minute, not once per request. A Redis outage is logged once a minute per process too.
    "filters": {"database_unavailable_once_a_minute": {"()": "scoportal.unavailable.OncePerInterval", "seconds": 60}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["database_unavailable_once_a_minute"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# CORS (django-cors-headers), for the partner API only: any origin may read it from a browser (GET,
# HEAD, OPTIONS), with a key in Authorization but never with cookies; preflights are cached for a day.
# A preflight for a write is answered without POST, PUT, PATCH or DELETE, so the browser refuses it.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["Authorization", "Accept"]
CORS_EXPOSE_HEADERS = ["ETag", "Link", "Content-Disposition"]
CORS_PREFLIGHT_MAX_AGE = 86400

# The OpenAPI 3 schema of the partner API (/api/v1/schema/) and its docs (/api/docs/: Redoc, from
# drf-spectacular-sidecar's static files, no CDN). Operations are described by api/descriptions.py.
SPECTACULAR_SETTINGS = {
    "TITLE": "SCO Portal partner API",
    "DESCRIPTION": (
        "The published news and analysis about the Shanghai Cooperation Organization: articles, sources, "
        "authors, tags, quoted people and their quotes, for anyone to read (staff may also write). Anonymous "
        "requests are rate-limited by client IP; send `Authorization: Api-Key <key>` for a partner's higher limit. "
        "[The API's landing page](/api/v1/) gives the limits and how to get a key."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "REDOC_DIST": "SIDECAR",
    # A serializer's description is its own docstring, never the one of the mixin giving it ?fields=.
    "GET_LIB_DOC_EXCLUDES": "api.schema.doc_excludes",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.plain_version"],
}
