"""Where the importer read each quote in its article's body, so the page need not search for it."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_search_vector_authors'),
        ('people', '0003_covering_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='quote',
            name='body_end',
            field=models.PositiveIntegerField(blank=True, editable=False, help_text='Offset in Article.body where the statement ends; set by the importer.', null=True),
        ),
        migrations.AddField(
            model_name='quote',
            name='body_start',
            field=models.PositiveIntegerField(blank=True, editable=False, help_text='Offset in Article.body where the statement starts; set by the importer.', null=True),
        ),
        migrations.AddConstraint(
            model_name='quote',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('body_end__isnull', True), ('body_start__isnull', True)), models.Q(('body_end__isnull', False), ('body_start__isnull', False), ('body_start__lte', models.F('body_end'))), _connector='OR'), name='quote_body_span', violation_error_message="A quote's span in the body needs a start and an end, the start first."),
        ),
    ]
