from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import content_version, signals, tuning  # noqa: F401 (signals: registered on import)

        content_version.connect_signals()  # the content version counts every public change
        tuning.register_lookups()  # ``__in_list``
