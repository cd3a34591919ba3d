"""A RUM index on the search vector, where the server has the ``rum`` extension (PostgreSQL only).

RUM keeps each word's positions in the index, so a search sorted by relevance
reads its first page in rank order from the index instead of ranking every
match (``articles.search.relevance_order``). On SQLite, or on a server without
the extension (or where this role may not create it), nothing is done: search
ranks with ``ts_rank`` as before and ``manage.py check`` warns.
"""

from django.db import migrations

from articles.search import RUM_INDEX, RUM_INDEX_SQL

# The extension is usable if it is installed already, or available and this role may create it
# (a superuser, or a trusted extension for a role with CREATE on the database).
RUM_CREATABLE_SQL = """
    SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'rum')
        OR EXISTS (
            SELECT 1 FROM pg_available_extension_versions v
            WHERE v.name = 'rum' AND (
                (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                OR v.trusted AND has_database_privilege(current_database(), 'CREATE')
            )
        )
"""
# The extension goes with the index unless something else has come to use it.
DROP_UNUSED_RUM_SQL = """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'rum') THEN
            DROP EXTENSION IF EXISTS rum;
        END IF;
    END $$
"""


def create_rum_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(RUM_CREATABLE_SQL)
        if not cursor.fetchone()[0]:
            return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    schema_editor.execute(RUM_INDEX_SQL)


def drop_rum_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {RUM_INDEX}")
        schema_editor.execute(DROP_UNUSED_RUM_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_sort_date_and_content_changed_at"),
    ]

    operations = [
        migrations.RunPython(create_rum_index, drop_rum_index),
    ]
