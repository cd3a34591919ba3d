"""An index on the last change, for the sitemap index's dates.

``/sitemap.xml`` dates each section by the newest change among the 50 most
recently changed published articles; without an index PostgreSQL scanned and
top-N sorted the whole table for them (~70 ms of the index's ~100 on 100,000
articles).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_ascii_tag_slugs"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["-updated_at"], name="article_changed"),
        ),
    ]
