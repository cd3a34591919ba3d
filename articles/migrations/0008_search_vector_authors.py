from django.db import migrations

from articles.search import REFRESH_ALL_SQL


def refresh_search_vectors(apps, schema_editor):
    """The vectors now hold the authors' names: recompute them all (PostgreSQL; ~1 min per 100,000 articles)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REFRESH_ALL_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_covering_indexes"),
    ]

    operations = [
        migrations.RunPython(refresh_search_vectors, migrations.RunPython.noop, elidable=True),
    ]
