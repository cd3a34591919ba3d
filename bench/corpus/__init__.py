"""A deterministic synthetic corpus for measuring the portal at scale (``manage.py generate_corpus``).

- ``vocabulary``: words, names and roles taken from the seed documents (shared with bench/documents.py);
  no Django import, so the benchmarks can use it before Django is set up.
- ``plan``: what the corpus of a seed holds (sources, authors, people, tags, and article number k);
  plain Python, no database.
- ``load``: writes articles in batches, one transaction each, and keeps the search vectors current.
"""
