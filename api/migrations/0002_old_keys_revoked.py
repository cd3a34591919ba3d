"""Keys issued before djangorestframework-api-key: kept as revoked rows, so their partners and use stay on record.

They were stored as a SHA-256 of the whole key, which the library cannot check
(it hashes ``<prefix>.<secret>`` with SHA-512), so none of them can work again:
each partner is issued a new key (docs/deploy.md, "Upgrading to library API keys").
The old hash is not copied. Runs before ``scoportal.0002_delete_apikey`` drops
the old table; on a fresh database there is nothing to copy.
"""

from django.db import migrations
from django.utils import timezone


def keep_old_keys_revoked(apps, schema_editor):
    OldKey = apps.get_model("scoportal", "ApiKey")
    ApiKey = apps.get_model("api", "ApiKey")
    db = schema_editor.connection.alias
    now = timezone.now()
    for old in OldKey.objects.using(db).order_by("pk"):
        key = ApiKey.objects.using(db).create(
            name=old.name,
            prefix=old.prefix,
            hashed_key="",  # matches no key
            revoked=True,
            revoked_at=old.revoked_at or now,
            created_by_id=old.created_by_id,
            last_used_at=old.last_used_at,
            request_count=old.request_count,
        )
        # ``created`` is auto_now_add, so the original date is written after the insert
        ApiKey.objects.using(db).filter(pk=key.pk).update(created=old.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("scoportal", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(keep_old_keys_revoked, migrations.RunPython.noop, elidable=True),
    ]
