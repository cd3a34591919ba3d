from django.apps import AppConfig


class ScoportalConfig(AppConfig):
    """The project package as an app, for its templates, static files and commands."""

    name = "scoportal"
    verbose_name = "SCO Portal"
