from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The partner API's own concerns: keys, authentication, throttles, HTTP middleware, schema, the v1 root.

    The endpoints themselves are the content apps' (``articles/api/``, ``people/api/``).
    """

    name = "api"
    verbose_name = "Partner API"
