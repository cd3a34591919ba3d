"""The importing pipeline: raw scraped text in, a ParsedArticle out, then one writer.

Stages (one module each, pure functions on text or on a ParsedArticle, no ORM):
decode → normalise → boilerplate → metadata → sentences → quotes → tags.
``pipeline.parse_document`` runs them; ``writer.import_document`` is the only
stage that touches the database.
"""
