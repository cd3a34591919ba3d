"""Precomputed facet counts over all published articles, and the content version that says when they are current."""

from django.db import migrations, models


def create_state(apps, schema_editor):
    """The one state row exists before any content change, so no change can miss counting itself."""
    apps.get_model("articles", "ContentState").objects.using(schema_editor.connection.alias).get_or_create(pk=1)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_indexes_for_public_reads'),
    ]

    operations = [
        migrations.CreateModel(
            name='ContentState',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.BigIntegerField(default=0)),
                ('totals_version', models.BigIntegerField(blank=True, null=True)),
                ('totals_valid_until', models.DateTimeField(blank=True, null=True)),
                ('totals_computed_at', models.DateTimeField(blank=True, null=True)),
                ('published_count', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='FacetTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('facet', models.CharField(max_length=16)),
                ('position', models.PositiveIntegerField()),
                ('value', models.CharField(max_length=255)),
                ('label', models.CharField(max_length=255)),
                ('count', models.PositiveIntegerField()),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('facet', 'position'), name='unique_facet_position')],
            },
        ),
        migrations.RunPython(create_state, migrations.RunPython.noop),
    ]
