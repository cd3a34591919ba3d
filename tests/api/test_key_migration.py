"""The move to library keys: keys of the old table (scoportal.ApiKey) are kept as revoked rows, never usable."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from api.models import ApiKey
from tests.migrating import migrate, migrate_to_latest

BEFORE = [("scoportal", "0001_initial"), ("api", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_old_keys_become_revoked_rows_with_their_history():
    user = get_user_model().objects.create_user("issuer")
    old_apps = migrate(BEFORE)
    OldKey = old_apps.get_model("scoportal", "ApiKey")
    created = datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)
    used = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    OldKey.objects.create(
        name="Xinhua", prefix="Ab-_1234", hashed_key="0" * 64, created_at=created, created_by_id=user.pk,
        last_used_at=used, request_count=42,
    )  # fmt: skip
    OldKey.objects.create(name="TASS", prefix="Zz9_8765", hashed_key="1" * 64, is_active=False, revoked_at=used)

    migrate_to_latest()

    xinhua, tass = ApiKey.objects.get(name="Xinhua"), ApiKey.objects.get(name="TASS")
    assert (xinhua.prefix, xinhua.created, xinhua.created_by, xinhua.last_used_at, xinhua.request_count) == (
        "Ab-_1234", created, user, used, 42,
    )  # fmt: skip
    assert xinhua.revoked and xinhua.revoked_at is not None and xinhua.hashed_key == ""
    assert tass.revoked and tass.revoked_at == used
    assert not ApiKey.objects.get_usable_keys().exists()
    assert "scoportal_apikey" not in connection.introspection.table_names()
