"""The project package keeps no model: the old ApiKey table goes, once api.0002 has copied its rows (revoked)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("scoportal", "0001_initial"),
        ("api", "0002_old_keys_revoked"),
    ]

    operations = [
        migrations.DeleteModel(name="ApiKey"),
    ]
