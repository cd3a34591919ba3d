"""Facet counts of a short list of articles read the quoted person from the index (PostgreSQL INCLUDE)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_covering_indexes'),
        ('people', '0002_indexes_for_public_reads'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='quote',
            name='people_quot_article_41aa50_idx',
        ),
        migrations.AddIndex(
            model_name='quote',
            index=models.Index(fields=['article', 'position'], include=('person',), name='quote_article_position'),
        ),
    ]
