"""System checks of the articles app (``manage.py check``)."""

from django.core.checks import Warning, register
from django.db import DatabaseError, connections

from articles.search import RUM_INDEX_SQL, rum_index_exists


def rum_on_server(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum')")
        return cursor.fetchone()[0]


@register()
def check_rum_search_index(app_configs=None, databases=None, **kwargs):
    """A warning for each PostgreSQL database without the RUM index: its searches rank every match.

    Runs with a plain ``manage.py check``; a database that cannot be reached is
    left to the checks and errors that report that.
    """
    warnings = []
    for alias in connections:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        try:
            if rum_index_exists(alias):
                continue
            major, packaged = connection.pg_version // 10000, rum_on_server(alias)
        except DatabaseError:
            continue
        why = "Without the RUM index a search sorted by relevance ranks all its matches (a word in most of "
        why += "100,000 articles: over half a second). "
        if packaged:
            msg = "search ranks every match: the RUM index is missing"
            hint = why + "The server has rum: run `manage.py migrate`; if the role may not create the extension, "
            hint += "CREATE EXTENSION rum as a superuser first; if migration articles 0011 ran before, "
            hint += f"build the index: {RUM_INDEX_SQL}. See docs/deploy.md."
        else:
            msg = f"search ranks every match: install postgresql-{major}-rum"
            hint = why + f"Install postgresql-{major}-rum on the database server (or enable rum on a managed "
            hint += "service), then migrate. See docs/deploy.md."
        warnings.append(Warning(msg, hint=hint, obj=alias, id="articles.W001"))
    return warnings
