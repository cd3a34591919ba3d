from django.apps import AppConfig


class ScoportalConfig(AppConfig):
    """The project package as an app, for its templates, static files and commands."""

    name = "scoportal"
    verbose_name = "SCO Portal"

    def ready(self):
        from scoportal.http import connect_content_signals

        connect_content_signals()  # API Last-Modified follows content changes in every process
