"""Migration 0012: topics and places stored with a non-ASCII slug get an ASCII one, distinct from the rest."""

import pytest

from tests.migrating import migrate, migrate_to_latest

BEFORE = [("articles", "0011_article_newest_index")]
AFTER = [("articles", "0012_ascii_tag_slugs")]


@pytest.mark.django_db(transaction=True)
def test_non_ascii_tag_slugs_are_replaced_and_kept_distinct():
    old = migrate(BEFORE)
    Topic, Place = old.get_model("articles", "Topic"), old.get_model("articles", "Place")
    Topic.objects.create(name="Économie", slug="économie")
    Topic.objects.create(name="Economie", slug="economie")  # the ASCII slug is taken already
    Topic.objects.create(name="Energy", slug="energy")
    Place.objects.create(name="Türkiye", slug="türkiye")
    version = old.get_model("articles", "ContentState").objects.create(version=5)

    new = migrate(AFTER)
    topics = dict(new.get_model("articles", "Topic").objects.values_list("name", "slug"))
    assert topics == {"Économie": "economie_1", "Economie": "economie", "Energy": "energy"}
    assert list(new.get_model("articles", "Place").objects.values_list("slug", flat=True)) == ["turkiye"]
    assert new.get_model("articles", "ContentState").objects.get(pk=version.pk).version == 6  # totals stale
    migrate_to_latest()
