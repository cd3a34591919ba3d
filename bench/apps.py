from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Development tools that need Django: ``manage.py generate_corpus`` (bench/corpus/). No models."""

    name = "bench"
    verbose_name = "Benchmarks and development tools"
