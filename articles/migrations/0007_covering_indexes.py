"""A covering index for the visibility check of articles reached by id (tag and quote filters): on 100,000
articles the ids of three filters are read in 32 ms instead of 45 ms, with no table access (docs/performance.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_facet_totals'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['id', 'status', 'published_at'], name='article_visibility'),
        ),
    ]
