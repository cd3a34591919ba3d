"""Indexes for the public reads at scale.

- ``article_public_order``: the order of ``published()`` lists (newest first,
  undated last, then id), so a page is read in index order and the scan stops
  after it. PostgreSQL sorts NULLs first in a DESC index unless told otherwise;
  SQLite cannot say NULLS LAST in an index, but puts NULLs last in DESC order
  anyway. Hence raw SQL per database.
- Link tables (tags, bylines, quotes) keep their two-column indexes, which
  serve both directions, and drop the single-column foreign key indexes.
"""

import django.db.models.deletion
from django.db import migrations, models


PUBLIC_ORDER_SQL = {
    "postgresql": "CREATE INDEX IF NOT EXISTS article_public_order ON articles_article "
    "(status, published_at DESC NULLS LAST, id DESC)",
    "sqlite": "CREATE INDEX IF NOT EXISTS article_public_order ON articles_article (status, published_at DESC, id DESC)",
}


def create_public_order_index(apps, schema_editor):
    sql = PUBLIC_ORDER_SQL.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop_public_order_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS article_public_order")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_roles"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="article_status_published",
        ),
        migrations.AlterField(
            model_name="articleauthor",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="byline",
                to="articles.article",
            ),
        ),
        migrations.AlterField(
            model_name="articleauthor",
            name="author",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="bylines",
                to="articles.author",
            ),
        ),
        migrations.AlterField(
            model_name="taggedplace",
            name="content_object",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="place_links",
                to="articles.article",
            ),
        ),
        migrations.AlterField(
            model_name="taggedplace",
            name="tag",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="article_links",
                to="articles.place",
            ),
        ),
        migrations.AlterField(
            model_name="taggedtopic",
            name="content_object",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="topic_links",
                to="articles.article",
            ),
        ),
        migrations.AlterField(
            model_name="taggedtopic",
            name="tag",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="article_links",
                to="articles.topic",
            ),
        ),
        migrations.RunPython(create_public_order_index, drop_public_order_index),
    ]
