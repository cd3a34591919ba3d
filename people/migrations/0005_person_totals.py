"""Each person's figures over the published articles, precomputed with the facet totals (people/totals.py)."""

import django.db.models.deletion
from django.db import migrations, models


def totals_not_current(apps, schema_editor):
    """The new table is empty: until the next refresh fills it, the totals are not current, so pages count live."""
    state = apps.get_model("articles", "ContentState").objects.using(schema_editor.connection.alias)
    state.update(totals_version=None)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_facet_totals'),
        ('people', '0004_quote_body_span'),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonTotal',
            fields=[
                ('person', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='total', serialize=False, to='people.person')),
                ('rank', models.PositiveIntegerField(unique=True)),
                ('quote_count', models.PositiveIntegerField()),
                ('last_changed', models.DateTimeField()),
                ('latest_role', models.CharField(max_length=300, null=True)),
                ('latest_organization', models.CharField(max_length=300, null=True)),
                ('topics', models.JSONField(default=list)),
            ],
        ),
        migrations.RunPython(totals_not_current, migrations.RunPython.noop),
    ]
