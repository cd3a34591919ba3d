"""An index in the model's order (newest first, whatever the status) for the admin's article changelist.

The public reads pick one status and walk ``article_public_order``; the admin
lists every status in that order, and without this index PostgreSQL read and
sorted all 100,000 articles for each page of 50 (~100 ms; 1 ms with it).

Raw SQL, not ``AddIndex``: the index is not declared in ``Article.Meta`` (yet),
so Django's model state must not hold it either (``makemigrations --check``).
"""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS article_newest ON articles_article (sort_date DESC, id DESC)"
DROP = "DROP INDEX IF EXISTS article_newest"


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_sort_date_and_content_changed_at'),
    ]

    operations = [
        migrations.RunSQL(CREATE, DROP),
    ]
