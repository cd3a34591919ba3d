"""Benchmarks and development tools (not tests), run through the Makefile, e.g. ``make bench-import``.

Also a Django app with no models, for the one tool that is a management command:
``manage.py generate_corpus`` (bench/corpus/), the synthetic corpus the benchmarks measure.
"""
