from django.apps import AppConfig


class ScoportalConfig(AppConfig):
    """The project package as an app, for its templates, static files and commands."""

    name = "scoportal"
    verbose_name = "SCO Portal"

    def ready(self):
        from scoportal.content_cache import connect_content_signals

        connect_content_signals()  # caches and the API's Last-Modified follow content changes
