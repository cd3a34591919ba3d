"""Benchmarks (not tests): run through the Makefile, e.g. ``make bench-import``."""
