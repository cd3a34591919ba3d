"""Topics and places made before tags had ASCII slugs get one: "économie" could not be linked to (its page's
URL pattern takes ASCII only), so a page listing it failed."""

import re

from django.db import migrations
from django.db.models import F

from scoportal.slugs import base_slug

ASCII_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")


def ascii_slugs(apps, schema_editor):
    changed = False
    for name in ("Topic", "Place"):
        model = apps.get_model("articles", name)
        rows = model.objects.using(schema_editor.connection.alias)
        taken = set(rows.values_list("slug", flat=True))
        for tag in rows.order_by("pk"):
            if ASCII_SLUG.match(tag.slug):
                continue
            base = slug = base_slug(tag.name, fallback=name.lower())
            n = 1
            while slug in taken:
                slug, n = f"{base}_{n}", n + 1
            taken.add(slug)
            tag.slug = slug
            tag.save(update_fields=["slug"])
            changed = True
    if changed:  # the precomputed facet totals hold the old slugs: count in the request until refreshed
        apps.get_model("articles", "ContentState").objects.using(schema_editor.connection.alias).update(
            version=F("version") + 1
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_article_newest_index")]

    operations = [migrations.RunPython(ascii_slugs, migrations.RunPython.noop)]
